"""Wire datelines: "CITY, Month Day -", "CITY (Agency) -" at the start of a line.

A dateline says where (and when) a report was filed, not who acted: left in the sentence it
becomes the parser's subject ("NEW DELHI ... clashed") and an actor of the report. It is
found from token texts alone (it runs before the parser) and made a sentence of its own;
actor mentions inside it are places, not parties.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence, Union

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Tokens = Union["Doc", Sequence["Token"]]

DASHES = {"-", "--", "\u2013", "\u2014", "\u2015"}
MONTHS = {m.lower() for m in (
    "January February March April May June July August September October November December "
    "Jan Jan. Feb Feb. Mar Mar. Apr Apr. Jun Jun. Jul Jul. Aug Aug. Sep Sep. Sept Sept. Oct Oct. "
    "Nov Nov. Dec Dec.").split()}
MAX_TOKENS = 14  # a city of a few words, a date and an agency in brackets


def _line_start(tokens: Tokens, i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


def _place_word(tok: "Token", inside: bool) -> bool:
    text = tok.text
    return (text[:1].isupper() and text.replace(".", "").isalpha()) or (inside and text in ("de", "of", "al", "el"))


def _city_end(tokens: Tokens, i: int) -> tuple[int, bool]:
    """End of the place name starting at i and whether it is written in capitals."""
    j = i
    while j < len(tokens) and j - i < 5 and _place_word(tokens[j], j > i):
        j += 1
    words = [t.text for t in tokens[i:j] if t.text[:1].isupper()]
    return j, bool(words) and all(w.isupper() for w in words) and any(len(w) > 2 and "." not in w for w in words)


def dateline_end(tokens: Tokens, i: int) -> int | None:
    """Index just after the dash of a dateline starting at token i, or None. A place in
    capitals may stand alone before the dash; a place in title case needs a date or an
    agency in brackets, so that an ordinary sentence with a dash is not taken for one."""
    if not _line_start(tokens, i):
        return None
    j, capitals = _city_end(tokens, i)
    if j == i:
        return None
    marked, region = capitals, False
    limit = min(len(tokens), i + MAX_TOKENS)
    while j < limit:
        text = tokens[j].text
        if "\n" in text or "\n" in tokens[j - 1].whitespace_:
            return None  # a dateline is on one line
        if text in DASHES:
            return j + 1 if marked else None
        if text == "," or tokens[j].is_space:
            j += 1
        elif not region and text.lower() not in MONTHS and _place_word(tokens[j], False):
            j, region = _city_end(tokens, j)[0], True  # "LAHORE, Pakistan, Jan. 27 -"
        elif text.lower() in MONTHS and j + 1 < limit and tokens[j + 1].like_num:
            j, marked = j + 2, True
        elif text == "(":
            close = next((k for k in range(j + 1, limit) if tokens[k].text == ")"), None)
            if close is None:
                return None
            j, marked = close + 1, True
        else:
            return None
    return None


def dateline_spans(tokens: Tokens) -> list[tuple[int, int]]:
    """(start, end) token ranges of the datelines among `tokens` (a Doc or a list)."""
    spans = []
    for i in range(len(tokens)):
        if not _line_start(tokens, i):  # the common case, checked without the full scan
            continue
        end = dateline_end(tokens, i)
        if end is not None and end < len(tokens):
            spans.append((i, end))
    return spans
