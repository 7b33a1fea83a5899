"""bilat's exceptions.

    BilatError                 base of everything bilat raises on purpose
    ├── InputError             an input cannot be read: unsupported, empty, binary, corrupt ...
    │   └── FetchError         a URL or feed could not be fetched (HTTP error, timeout, refused address)
    ├── StoreError             the database is missing, locked or of an unknown schema
    ├── UsageError             a bad option value (unknown category, bad date, bad format)
    └── NotFoundError          no record with the id asked for

Messages name the input and the reason, e.g. ``notes.docx: unsupported file type '.docx'
(supported: .txt, .md, .html, .htm, .pdf)``. The CLI prints them as ``error: <message>``.
A name in a message goes through `printable`, so that every message stays on one line.
"""
from __future__ import annotations

import re

# C0 and C1 controls (newline, tab, escape ...), line and paragraph separators, bidi
# overrides (they reorder what a terminal shows) and lone surrogates (the undecodable bytes
# of a file name, which would make printing the message fail)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name held that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(name: object) -> str:
    """`name` (a path, URL or any text) with its control and invisible characters written as
    escapes (a newline as ``\\n``, escape as ``\\x1b``), so that it prints on one line as it
    is. Other text, backslashes included, is left as it is, so ordinary names print unchanged.
    """
    return _UNPRINTABLE.sub(_escape, str(name))


class BilatError(Exception):
    """Base class of bilat's errors."""


class InputError(BilatError):
    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{printable(source)}: {reason}")


class FetchError(InputError):
    pass


class StoreError(BilatError):
    pass


class UsageError(BilatError):
    pass


class NotFoundError(BilatError):
    """A document, event or other record asked for by id does not exist."""
