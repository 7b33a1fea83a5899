from __future__ import annotations

import pytest

from bilat.ingest.text import count_words, normalise_for_hash, paragraphs, tidy_whitespace


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("  One line\nstill one.\n \n\n\nTwo.  \n", ["One line\nstill one.", "Two."]),
        ("\n\nOnly.\n\n", ["Only."]),
        ("", []),
        ("A\n\t\nB\n\nC", ["A", "B", "C"]),
    ],
)
def test_text_paragraphs_split_on_blank_lines(text: str, expected: list[str]) -> None:
    spans = paragraphs(text)
    assert [text[start:end] for start, end in spans] == expected
    assert all(start < end for start, end in spans)


def test_text_tidy_whitespace_folds_blank_runs_and_odd_spaces() -> None:
    raw = "Title\r\n\r\n\u00a0\r\n\u00a0\r\nBody\u00a0text  \n\n\n\nEnd\u200b."
    assert tidy_whitespace(raw) == "Title\n\nBody text\n\nEnd."


@pytest.mark.parametrize(
    "a, b",
    [
        ("The Talks  Resumed.", "the talks\nresumed."),
        ("ﬁrst round", "first round"),  # NFKC folds the ligature
    ],
)
def test_text_normalise_for_hash_ignores_case_space_and_compatibility_forms(a: str, b: str) -> None:
    assert normalise_for_hash(a) == normalise_for_hash(b)


def test_text_count_words_counts_hyphenated_and_possessive_words_once() -> None:
    assert count_words("The ministry's twenty-year plan was signed.") == 6
