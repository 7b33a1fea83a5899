"""bilat's exceptions.

    BilatError                 base of everything bilat raises on purpose
    ├── InputError             an input cannot be read: unsupported, empty, binary, corrupt ...
    │   └── FetchError         a URL or feed could not be fetched (HTTP error, timeout, refused address)
    ├── StoreError             the database is missing, locked or of an unknown schema
    ├── UsageError             a bad option value (unknown category, bad date, bad format)
    └── NotFoundError          no record with the id asked for

Messages name the input and the reason, e.g. ``notes.docx: unsupported file type '.docx'
(supported: .txt, .md, .html, .htm, .pdf)``. The CLI prints them as ``error: <message>``.
"""
from __future__ import annotations


class BilatError(Exception):
    """Base class of bilat's errors."""


class InputError(BilatError):
    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class FetchError(InputError):
    pass


class StoreError(BilatError):
    pass


class UsageError(BilatError):
    pass


class NotFoundError(BilatError):
    """A document, event or other record asked for by id does not exist."""
