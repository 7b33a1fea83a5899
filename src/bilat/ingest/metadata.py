"""Metadata from the header lines of a plain text: title, byline, date line.

Text saved from a page or a brief starts with a header before the first body
paragraph: the title, a byline ("By Jane Doe | March 3, 2020", "By" on a line of its
own with the name under it, "Written by ..."), a date line ("September 16, 2024",
"Date: 2024-09-16", "Published: ..."), perhaps a dek. The header is read, never
rewritten: the lines stay in the document text (offsets and quotes stay faithful to
the source; a title or date line yields no events).

The publisher is rarely stated in a header; an editorial disclaimer ("... do not
necessarily reflect the views of X") names it, so that is read anywhere in the text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from bilat.dates import parse_date_text
from bilat.ingest.clutter import is_body_paragraph, word_count
from bilat.model import PartialDate

log = logging.getLogger(__name__)

HEADER_MAX_LINES = 15
TITLE_MAX_WORDS = 30

_BYLINE = re.compile(
    r"^(?:by|written by|words by|posted by|published by|authors?|reported by)\b\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^(?:date|dated|published|publication date|published on|posted|posted on|first published"
    r"|updated|last updated|updated on|issued|released)\b\s*(?:on)?\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun "
    "st nd rd th of the on at am pm gmt utc bst cet est edt pst pdt et pkt ist t z".split()
)
_UPDATED = re.compile(r"^(?:updated|last updated|updated on)\b", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|/)\s*")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|de|del|van|von|bin|al|ul|ur|la|le|da|di)$")
_DISCLAIMER = re.compile(
    r"(?:do(?:es)?|did) not (?:necessarily )?(?:reflect|represent)\s+"
    r"(?:(?:the )?(?:official )?(?:views?|positions?|polic(?:y|ies)|opinions?|editorial (?:stance|policy|position|views?))"
    r"\s+of\s+|those of\s+)?(?:the\s+)?"
    r"(?P<name>[A-Z][\w&.’'-]*(?:\s+(?:of|for|and|&|on)?\s*[A-Z(][\w&.’'()-]*)*)",
)


@dataclass
class HeaderMetadata:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    published_precision: str | None = None
    # line numbers (0-based) of the header lines read as byline or date
    consumed: list[int] = field(default_factory=list)


def parse_date(text: str) -> PartialDate | None:
    """A lone date string with its precision (day, month, year), or None."""
    found = parse_date_text(text.strip().strip(",.;"))
    return found if found and found.value else None


def date_of_line(line: str) -> PartialDate | None:
    """The date a standalone date line states ("Published: March 3, 2020"), or None."""
    line = line.strip()
    label = _DATE_LABEL.match(line)
    rest = label.group(1) if label else line
    if not rest or word_count(rest) > 8 or not _YEAR.search(rest):
        return None
    if any(word.lower() not in _DATE_WORDS for word in re.findall(r"[A-Za-z]+", rest)):
        # words other than month and weekday names: a label or a sentence with a year in it
        return None
    return parse_date(rest)


def parse_byline(line: str, next_line: str | None = None) -> tuple[str | None, PartialDate | None, bool] | None:
    """(author, date, used_next_line) of a byline, or None if the line is not one."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    author: str | None = None
    date: PartialDate | None = None
    for part in _BYLINE_SPLIT.split(match.group(1)):
        part = part.strip(" ,;")
        if not part:
            continue
        found = date_of_line(part)
        if found and date is None:
            date = found
        elif author is None and looks_like_name(part):
            author = part
    used_next = False
    if not match.group(1).strip() and next_line and looks_like_name(next_line.strip()):
        author, used_next = next_line.strip(), True
    return author, date, used_next


def looks_like_name(text: str) -> bool:
    """One or a few personal names: capitalised words joined by 'and' or commas."""
    parts = [p for p in re.split(r",|\band\b|&", text) if p.strip()]
    if not parts or word_count(text) > 12 or re.search(r"\d|[!?:;]", text):
        return False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
            return False
        if not any(w[0].isupper() for w in words):
            return False
    return True


def header_metadata(text: str) -> HeaderMetadata:
    """Title, author and date stated in the header lines of cleaned text."""
    meta = HeaderMetadata()
    lines = text.split("\n")
    header = _header_lines(lines)
    skip: set[int] = set()
    updated: PartialDate | None = None
    for n, (i, line) in enumerate(header):
        if i in skip:
            continue
        following = header[n + 1][1] if n + 1 < len(header) else None
        byline = parse_byline(line, following)
        if byline:
            author, date, used_next = byline
            meta.author = meta.author or author
            if date and not meta.published:
                meta.published, meta.published_precision = date.value, date.precision
            meta.consumed.append(i)
            if used_next:
                skip.add(header[n + 1][0])
                meta.consumed.append(header[n + 1][0])
            continue
        date = date_of_line(line)
        if date and date.value:
            meta.consumed.append(i)
            if _UPDATED.match(line.strip()):
                updated = updated or date
            elif not meta.published:
                meta.published, meta.published_precision = date.value, date.precision
            continue
        if meta.title is None and _could_be_title(line):
            meta.title = line.strip()
    if not meta.published and updated:
        meta.published, meta.published_precision = updated.value, updated.precision
    meta.publisher = publisher_from_disclaimer(text)
    return meta


def publisher_from_disclaimer(text: str) -> str | None:
    """X in "... do not necessarily reflect the views of X" / "X's editorial stance"."""
    for match in _DISCLAIMER.finditer(text):
        name = re.sub(r"['’]s$", "", match.group("name").strip(" .,()"))
        name = re.sub(r"['’]s\b.*$", "", name).strip()
        if name and name.lower() not in {"the", "this", "any", "our"}:
            return name
    return None


def _header_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, line) of the non-empty lines before the first body paragraph."""
    header: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if is_body_paragraph(line) or len(header) >= HEADER_MAX_LINES:
            break
        header.append((i, line))
    return header


def _could_be_title(line: str) -> bool:
    stripped = line.strip()
    return (
        2 <= word_count(stripped) <= TITLE_MAX_WORDS
        and bool(re.search(r"[^\W\d_]{2,}", stripped))
        and not stripped.startswith(("(", "[", "*", "©"))
    )
