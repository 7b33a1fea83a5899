"""PDF files: text through pypdf without page numbers and running headers/footers.

A running header or footer is a line that comes back near the top or bottom of most
pages; digits are masked before comparing, so "Page 3 of 12" and "Page 4 of 12" are
the same line. Page numbers alone on a line at a page edge go too. Footnotes stay:
they are the source's own evidence and differ from page to page.

pypdf returns one line per printed line; lines are joined back into paragraphs where a
line does not end a sentence or is as wide as the page's text column, and a word split
by a hyphen at a line end is rejoined.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter

from bilat.errors import InputError

log = logging.getLogger(__name__)

EDGE_LINES = 3  # lines at the top and at the bottom of a page where running furniture sits
REPEAT_SHARE = 0.5
SHORT_LINE = 0.75  # a line shorter than this share of the column ends a paragraph  # a line on more than half of the pages (and on at least two) repeats

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlcdm]{1,6}$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$|[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰\d]+$")
_HYPHEN_END = re.compile(r"[a-z]-$")


def pdf_text(data: bytes, source: str) -> tuple[str, dict[str, str]]:
    """Cleaned text of a PDF and its document-info metadata (title, author)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # many PDFs are encrypted with an empty user password: they open freely
            if not reader.decrypt(""):
                raise InputError(source, "encrypted PDF (password required)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = _info(reader)
    except InputError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise InputError(source, "encrypted PDF (password required)") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OSError) as exc:
        log.info("%s: pypdf failed: %s", source, exc)
        raise InputError(source, "corrupt PDF (cannot be parsed)") from None
    return clean_pages(pages), info


def _info(reader: object) -> dict[str, str]:
    meta = getattr(reader, "metadata", None) or {}
    found = {}
    for key, name in (("/Title", "title"), ("/Author", "author")):
        value = meta.get(key) if hasattr(meta, "get") else None
        if value and str(value).strip():
            found[name] = " ".join(str(value).split())
    return found


def _mask(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def running_lines(pages: list[list[str]]) -> set[str]:
    """Masked forms of lines repeated at the page edges of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        counts.update({_mask(line) for line in edges})
    needed = max(2, int(len(pages) * REPEAT_SHARE) + 1)
    return {line for line, n in counts.items() if n >= needed and line}


def clean_pages(pages_text: list[str]) -> str:
    """Text of the pages without running headers/footers and page numbers, reflowed."""
    pages = [[line.strip() for line in text.splitlines() if line.strip()] for text in pages_text]
    repeated = running_lines(pages)
    kept: list[str] = []
    for lines in pages:
        n = len(lines)
        for i, line in enumerate(lines):
            at_edge = i < EDGE_LINES or i >= n - EDGE_LINES
            if at_edge and (_mask(line) in repeated or _PAGE_NUMBER.match(line)):
                continue
            kept.append(line)
        kept.append("")  # page break: a paragraph may continue across it (see reflow)
    return reflow(kept)


def reflow(lines: list[str]) -> str:
    """Join printed lines into paragraphs separated by blank lines.

    A wrapped line fills the text column; a line clearly shorter than the column ends
    its paragraph (or is a heading). The column is the width of the longer lines.
    """
    widths = sorted(len(line) for line in lines if line)
    column = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            # a page break ends a paragraph only where the sentence ended
            if current and _SENTENCE_END.search(current):
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif _HYPHEN_END.search(current):
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
        if len(line) < SHORT_LINE * column:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
