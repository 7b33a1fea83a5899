"""errors.printable and the messages of InputError."""
from __future__ import annotations

import os

import pytest

from bilat.errors import InputError, printable


@pytest.mark.parametrize("name, shown", [
    ("bad\nname.txt", "bad\\nname.txt"),
    ("tab\there.txt", "tab\\there.txt"),
    ("cr\rname.txt", "cr\\rname.txt"),
    ("esc\x1b[31mred.txt", "esc\\x1b[31mred.txt"),
    ("nul\x00del\x7f.txt", "nul\\x00del\\x7f.txt"),
    ("c1\x85\x9b.txt", "c1\\x85\\x9b.txt"),
    ("line\u2028para\u2029.txt", "line\\u2028para\\u2029.txt"),
    ("bidi\u202etxt.exe", "bidi\\u202etxt.exe"),
    (os.fsdecode(b"latin\xe9.txt"), "latin\\xe9.txt"),  # a non-UTF-8 byte of a file name
    ("Québec 中文 notes\\old.txt", "Québec 中文 notes\\old.txt"),  # printable text stays as it is
])
def test_errors_printable_escapes_control_characters(name: str, shown: str) -> None:
    assert printable(name) == shown
    assert printable(shown) == shown  # escaping twice changes nothing


def test_errors_input_error_message_is_one_line() -> None:
    error = InputError("in/bad\nname.txt", "empty file")
    assert str(error) == "in/bad\\nname.txt: empty file"
    assert error.source == "in/bad\nname.txt"  # the source itself is kept as given
