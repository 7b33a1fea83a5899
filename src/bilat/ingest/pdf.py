"""PDF files: text laid out by pdfplumber, without page furniture, reflowed into paragraphs.

pdfplumber gives each printed line with its position and font size. Page furniture is
found from both:
- a line that comes back at the same page edge (top or bottom band) on most pages, digits
  masked, so "Page 3 of 12" and "Page 4 of 12" are one line, and a running footer that
  repeats the title is furniture at the bottom but the title on page 1 is not;
- a line at a page edge shaped like furniture: a page number, a URL, a report number, a
  copyright line;
- a block of small print at a page edge (a first page's publisher footer) holding such a
  line: the whole block goes, unless it opens like a footnote. Footnotes stay: they are
  the source's own evidence.
The title comes from the document information, else from the largest type on page 1
(furniture never counts). Lines are joined into paragraphs where the vertical gap is that
of a line, not of a paragraph, and where a line fills the column; a word hyphenated at a
line end is joined only if the joined form is a word (`bilat.ingest.hyphens`).

Where pdfplumber fails on a file pypdf reads, pypdf's text is cleaned by the same rules
without positions (`clean_pages`).
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bilat.errors import InputError
from bilat.ingest.hyphens import Dehyphenator

log = logging.getLogger(__name__)

EDGE_LINES = 3  # lines at the top and at the bottom of a page where running furniture sits
EDGE_BAND = 0.12  # share of the page height at the top and at the bottom where furniture sits
REPEAT_SHARE = 0.5  # a line on more than half of the pages (and on at least two) repeats
SHORT_LINE = 0.75  # a line shorter than this share of the column ends a paragraph
TITLE_SIZE = 1.15  # a title's type is at least this much larger than the body's
TITLE_MAX_LINES = 3
FURNITURE_SPARE_WORDS = 2  # words beside a URL or report number on a furniture line

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlcdm]{1,6}$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$|[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰\d]+$")
# whole lines that are furniture at a page edge: URLs, report numbers, copyright lines
_URL = re.compile(r"\b(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|gov|edu|int|example)(?:/\S*)?)",
                  re.IGNORECASE)
_REPORT_NUMBER = re.compile(r"\b(?:(?:report|paper|brief|no|number)\.?\s*(?:no\.?|number|#)?\s*[A-Z]*-?\d[\w./-]*"
                            r"|[A-Z]{1,5}\d{3,}[\w.-]*|[A-Z]{2,}-\d{2,}[\w-]*|ISBN[\s:]*[\d-]+X?)", re.IGNORECASE)
_PAGE_OF = re.compile(r"\bpage\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\b", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[|·•–—,;:/\s]+")
_FOOTNOTE_START = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\]|\d{1,3}[.)]?\s+\S|\*)")
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|pdf|indd|rtf|odt)$|^(?:microsoft word|untitled)\b", re.IGNORECASE)


@dataclass
class PdfContent:
    """What a PDF yields: cleaned text (paragraphs separated by blank lines), its title and
    where the title came from (`meta` for the document information, `header` for the
    largest type on page 1; None when neither gave one), and the author (document info)."""

    text: str
    title: str | None = None
    title_from: str | None = None
    author: str | None = None
    # the document information bilat reads: title, author, subject, publisher, company
    info: dict[str, str] = field(default_factory=dict)
    # page 1's furniture lines, dropped from the text: where a brief names its publisher
    masthead: list[str] = field(default_factory=list)


@dataclass
class Line:
    """One printed line: its text, vertical position (points from the page top) and type size."""

    text: str
    top: float
    bottom: float
    size: float


def pdf_text(data: bytes, source: str) -> PdfContent:
    """Cleaned text, title and author of a PDF.

    Raises InputError naming `source`: "encrypted PDF (password required)" or "corrupt PDF
    (cannot be parsed)".
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # many PDFs are encrypted with an empty user password: they open freely
            if not reader.decrypt(""):
                raise InputError(source, "encrypted PDF (password required)")
        info = _info(reader)
        pages = _laid_out_pages(data, source)
        if pages is None:
            return _from_plain_text([page.extract_text() or "" for page in reader.pages], info)
    except InputError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise InputError(source, "encrypted PDF (password required)") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OSError) as exc:
        log.info("%s: pypdf failed: %s", source, exc)
        raise InputError(source, "corrupt PDF (cannot be parsed)") from None
    return clean_layout(pages, info)


def _from_plain_text(pages: list[str], info: dict[str, str]) -> PdfContent:
    title = info.get("title")
    return PdfContent(clean_pages(pages), title, "meta" if title else None, info.get("author"), info=info)


def _laid_out_pages(data: bytes, source: str) -> list[list[Line]] | None:
    """Each page's lines with positions and sizes, or None where pdfplumber cannot read the file."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            return [_page_lines(page) for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds; pypdf's text is the fallback
        log.info("%s: pdfplumber failed (%s: %s); plain text without positions used", source,
                 type(exc).__name__, exc)
        return None


def _page_lines(page: Any) -> list[Line]:
    lines = []
    height = float(page.height) or 1.0
    for found in page.extract_text_lines(return_chars=True, strip=True):
        text = " ".join(str(found["text"]).split())
        if not text:
            continue
        sizes = [float(c.get("size") or 0) for c in found.get("chars", [])] or [0.0]
        # positions as shares of the page height, so pages of any size compare
        lines.append(Line(text, float(found["top"]) / height, float(found["bottom"]) / height,
                          round(statistics.median(sizes), 1)))
    return lines


def clean_layout(pages: list[list[Line]], info: dict[str, str] | None = None) -> PdfContent:
    """Text of laid-out pages without furniture, reflowed, with the title (see module doc)."""
    info = info or {}
    body = _body_size(pages)
    furniture = _furniture(pages, body)
    kept = [[line for i, line in enumerate(lines) if (n, i) not in furniture] for n, lines in enumerate(pages)]
    items: list[tuple[str, str | None]] = []
    for lines in kept:
        pitch = _pitch(lines, body)
        for i, line in enumerate(lines):
            if i == 0:
                brk: str | None = "page"
            elif (line.top - lines[i - 1].bottom > pitch or abs(line.size - lines[i - 1].size) > 0.5
                  or (line.size < body and _FOOTNOTE_START.match(line.text))):
                # a gap, a change of type, or the next footnote in the small print
                brk = "paragraph"
            else:
                brk = None
            items.append((line.text, brk))
    title, title_from = info.get("title"), "meta"
    if not title or _FILE_NAME_TITLE.search(title):
        title, title_from = _largest_type(kept[0] if kept else [], body), "header"
    masthead = [pages[0][i].text for n, i in sorted(furniture) if n == 0]
    return PdfContent(reflow_items(items), title, title_from if title else None, info.get("author"), info=info,
                      masthead=masthead)


def _body_size(pages: list[list[Line]]) -> float:
    """The type size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _pitch(lines: list[Line], body: float) -> float:
    """The largest vertical gap (share of the page) between two lines of one paragraph."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.size == b.size == body and b.top > a.bottom]
    usual = statistics.median(gaps) if gaps else 0.01
    # a paragraph break adds about half a line of space; a line's own leading is far less
    return usual + 0.4 * (lines[0].bottom - lines[0].top if lines else 0.01)


def _furniture(pages: list[list[Line]], body: float) -> set[tuple[int, int]]:
    """(page, line) positions of running headers and footers, page numbers and edge blocks."""
    repeated = _repeated_at_edges(pages)
    found: set[tuple[int, int]] = set()
    for n, lines in enumerate(pages):
        for i, line in enumerate(lines):
            edge = _edge(line)
            if edge and ((edge, _mask(line.text)) in repeated or _furniture_shaped(line.text)):
                found.add((n, i))
        for block in _edge_blocks(lines, body):
            if any((n, i) in found for i in block) and not _FOOTNOTE_START.match(lines[block[0]].text):
                found.update((n, i) for i in block)
    return found


def _edge(line: Line) -> str | None:
    if line.top < EDGE_BAND:
        return "top"
    if line.bottom > 1 - EDGE_BAND:
        return "bottom"
    return None


def _repeated_at_edges(pages: list[list[Line]]) -> set[tuple[str, str]]:
    """(edge, masked text) of lines at the same edge on most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        counts.update({(edge, _mask(line.text)) for line in lines if (edge := _edge(line))})
    needed = max(2, int(len(pages) * REPEAT_SHARE) + 1)
    return {key for key, n in counts.items() if n >= needed}


def _furniture_shaped(text: str) -> bool:
    """A whole line that is a page number, a copyright line, or URLs and report numbers with at
    most a publisher's acronym beside them ("CRS Report RL33498")."""
    if _PAGE_NUMBER.match(text) or _COPYRIGHT.match(text):
        return True
    marks = sum(len(shape.findall(text)) for shape in (_URL, _REPORT_NUMBER, _PAGE_OF))
    if not marks:
        return False
    rest = _SEPARATORS.sub(" ", _PAGE_OF.sub(" ", _REPORT_NUMBER.sub(" ", _URL.sub(" ", text)))).split()
    if marks >= 2:
        # a publisher's name beside its site and a page number: "Harbour Centre - harbour.example Page 2 of 9"
        return len(rest) <= 2 * FURNITURE_SPARE_WORDS and not _SENTENCE_END.search(text)
    return all(word.isupper() for word in rest) and len(rest) <= FURNITURE_SPARE_WORDS


def _edge_blocks(lines: list[Line], body: float) -> list[list[int]]:
    """Line indexes of the small print at the top and at the bottom of a page: lines in the
    edge band, set smaller than the body, with no wider gap between them than a paragraph's."""
    blocks = []
    for edge, order in (("top", range(len(lines))), ("bottom", range(len(lines) - 1, -1, -1))):
        block: list[int] = []
        for i in order:
            if _edge(lines[i]) != edge or lines[i].size >= body:
                break
            block.append(i)
        if block:
            blocks.append(sorted(block))
    return blocks


def _largest_type(lines: list[Line], body: float) -> str | None:
    """The line(s) set in the largest type on the page when that is clearly larger than the body."""
    if not lines:
        return None
    largest = max(line.size for line in lines)
    if largest < body * TITLE_SIZE:
        return None
    start = next(i for i, line in enumerate(lines) if line.size == largest)
    parts = []
    for line in lines[start:start + TITLE_MAX_LINES]:
        if line.size != largest:
            break
        parts.append(line.text)
    title = " ".join(parts)
    return title if len(title.split()) >= 2 else None


def _info(reader: object) -> dict[str, str]:
    meta = getattr(reader, "metadata", None) or {}
    found = {}
    for key, name in (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject"),
                      ("/Publisher", "publisher"), ("/Company", "company")):
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
    """Join printed lines into paragraphs separated by blank lines ("" marks a page break)."""
    items: list[tuple[str, str | None]] = []
    brk: str | None = None
    for line in lines:
        if not line:
            brk = "page"
            continue
        items.append((line, brk))
        brk = None
    return reflow_items(items)


def reflow_items(items: list[tuple[str, str | None]]) -> str:
    """Join printed lines into paragraphs separated by blank lines.

    Each item is a line and what comes before it: None (the next line of the page),
    "paragraph" (a gap or a change of type: a new paragraph) or "page" (a new page: the
    paragraph goes on unless its sentence ended). A line clearly shorter than the column
    (the width of the longer lines) ends its paragraph.
    """
    widths = sorted(len(line) for line, _ in items)
    column = widths[int(len(widths) * 0.9)] if widths else 0
    hyphens = Dehyphenator(line for line, _ in items)
    paragraphs: list[str] = []
    current = ""
    for line, brk in items:
        if current and (brk == "paragraph" or (brk == "page" and _SENTENCE_END.search(current))):
            paragraphs.append(current)
            current = ""
        if not current:
            current = line
        else:
            current = hyphens.join(current, line) or f"{current} {line}"
        if len(line) < SHORT_LINE * column:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
