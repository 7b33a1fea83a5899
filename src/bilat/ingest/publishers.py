"""Who published a document and what kind of source it is, from its first lines and metadata.

Kinds (``SOURCE_TYPES``): news, official statement, think-tank brief, speech, diplomatic
document. What says so, best first, each recorded as the field's provenance as for the other
metadata fields (`meta`, `json-ld`, `header`):

- metadata: an HTML page's JSON-LD type (NewsArticle, Report, PressRelease ...), a PDF's
  document information (a Publisher or Company entry; a Subject naming a kind);
- the header (the first lines, before the body): a phrase at the start of a line or of a part
  of one ("Press Release", "Readout | Office of the Spokesperson", "Policy Brief - South Asia
  Program"), an office that stands for its publisher ("Office of the Spokesperson"), and an
  organisation's name on a line or in the byline ("By Jane Roe, Harbor Institute"), whose
  kind of organisation gives the kind when nothing else does;
- the body: a dateline ("KARACHI, Oct. 21 —") makes a text news.

The phrases and words are data (data/publishers.yaml, extensible with ``--vocab``).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilat import vocab

SOURCE_TYPES = ("news", "official statement", "think-tank brief", "speech", "diplomatic document")
# lines read as the header: non-empty lines before the first long one
HEADER_LINES = 8
HEADER_LINE_WORDS = 16
ORG_MAX_WORDS = 8
ORG_LINE_WORDS = 5
_PARTS = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*|\s+[—–]\s*|,\s+")
_BYLINE = re.compile(r"^(?:by|written by|published by)\s+", re.IGNORECASE)
_SMALL = {"of", "for", "and", "on", "the", "in", "&", "de", "at"}
# "KARACHI, Oct. 21 —", "WASHINGTON (Reuters) -", "ISLAMABAD, May 28 —"
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,30}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?){0,2}(?:\s*\([^)]{2,30}\))?\s*[—–-]\s+\S")


@dataclass
class SourceInfo:
    """A document's publisher and kind of source, each with where it was found."""

    publisher: str | None = None
    publisher_from: str | None = None
    source_type: str | None = None
    source_type_from: str | None = None

    def offer(self, field: str, value: str | None, provenance: str) -> None:
        """Set `field` ("publisher" or "source_type") unless an earlier, better source did."""
        if value and getattr(self, field) is None:
            setattr(self, field, value)
            setattr(self, f"{field}_from", provenance)


@functools.lru_cache(maxsize=8)
def _vocabulary(extra: tuple[str, ...] = ()) -> dict[str, Any]:
    data = vocab.load("publishers", [Path(p) for p in extra])
    cues = sorted(((str(c).lower(), kind) for kind, phrases in (data.get("kinds") or {}).items()
                   for c in phrases or []), key=lambda c: -len(c[0]))
    offices = {str(name).lower(): entry for name, entry in (data.get("offices") or {}).items()}
    org_words = [(str(w), kind) for kind, words in (data.get("organisations") or {}).items() for w in words or []]
    return {"cues": cues, "offices": offices, "org_words": org_words,
            "json_ld": {str(k).lower(): v for k, v in (data.get("json_ld_types") or {}).items()}}


def header_lines(text: str) -> list[str]:
    """The first non-empty lines of a text, up to the first that reads as body text."""
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if len(line.split()) > HEADER_LINE_WORDS or len(out) >= HEADER_LINES:
            break
        out.append(line)
    return out


def kind_of_phrase(text: str, extra: tuple[str, ...] = ()) -> str | None:
    """The kind a line or part of one names at its start ("Policy Brief No. 14" -> think-tank brief)."""
    lowered = text.lower().strip(" :")
    for cue, kind in _vocabulary(extra)["cues"]:
        if lowered.startswith(cue) and (len(lowered) == len(cue) or not lowered[len(cue)].isalnum()):
            return str(kind)
    return None


def organisation(text: str, extra: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(name, kind of source it publishes) when `text` is an organisation's name: a few
    capitalised words, one of them an organisation word ("Harbor Institute for Regional
    Affairs", "THE MERIDIAN POST"); None otherwise."""
    words = text.strip(" .:").split()
    if not 1 <= len(words) <= ORG_MAX_WORDS or re.search(r"[\d;!?\"“”]", text):
        return None
    if not all(w[0].isupper() or w.lower() in _SMALL for w in words if w[0].isalpha()):
        return None
    name = " ".join(words)
    if name.isupper():  # a masthead in capitals: "LAKESHORE POLICY FORUM"
        name = " ".join(w.lower() if w.lower() in _SMALL and i else "-".join(p.capitalize() for p in w.split("-"))
                        for i, w in enumerate(words))
    for word, kind in _vocabulary(extra)["org_words"]:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", name, re.IGNORECASE):
            return name, str(kind)
    return None


def _parts(line: str) -> list[str]:
    return [p.strip() for p in _PARTS.split(_BYLINE.sub("", line)) if p and p.strip()]


def from_header(text: str, found: SourceInfo | None = None, extra: tuple[str, ...] = ()) -> SourceInfo:
    """Publisher and kind from a text's first lines and datelines (provenance `header`), filling
    only what `found` (from metadata) left empty."""
    found = found or SourceInfo()
    offices = _vocabulary(extra)["offices"]
    org_kind = None
    for line in header_lines(text):
        for part in [line, *_parts(line)]:
            office = offices.get(part.lower().strip(" ."))
            if office:
                found.offer("publisher", office.get("publisher"), "header")
                found.offer("source_type", office.get("kind"), "header")
            named_kind = kind_of_phrase(part, extra)
            found.offer("source_type", named_kind, "header")
            # a whole line is a name only when short or in capitals (a title in title case is
            # not), and a kind's name ("Press Release") is no organisation
            whole = part == line
            short = len(line.split()) <= ORG_LINE_WORDS or line.isupper()
            named = not named_kind and (not whole or (short and len(_parts(line)) <= 1))
            org = organisation(part, extra) if named else None
            if org and found.publisher is None:
                found.offer("publisher", org[0], "header")
                org_kind = org[1]
    if found.source_type is None and any(_DATELINE.match(p) for p in text.split("\n\n")[:6]):
        found.offer("source_type", "news", "header")
    found.offer("source_type", org_kind, "header")
    return found


def from_json_ld_types(types: Iterable[str], extra: tuple[str, ...] = ()) -> str | None:
    """The kind a page's JSON-LD types mean (NewsArticle -> news), or None."""
    table = _vocabulary(extra)["json_ld"]
    for t in types:
        if str(t).lower() in table:
            return str(table[str(t).lower()])
    return None


def from_pdf_info(info: dict[str, str], extra: tuple[str, ...] = ()) -> SourceInfo:
    """Publisher and kind from a PDF's document information (provenance `meta`): a Publisher
    or Company entry, or an Author that is an organisation; a Subject that names a kind."""
    found = SourceInfo()
    for key in ("publisher", "company"):
        found.offer("publisher", info.get(key), "meta")
    org = organisation(info.get("author") or "", extra)
    if org:
        found.offer("publisher", org[0], "meta")
    found.offer("source_type", kind_of_phrase(info.get("subject") or "", extra), "meta")
    return found


def kind_of_publisher(publisher: str | None, extra: tuple[str, ...] = ()) -> str | None:
    """The kind of source an organisation's name suggests ("Asia Ledger" -> news), or None."""
    org = organisation(publisher or "", extra)
    return org[1] if org else None
