"""Render the demo briefs in samples/pdf_src/*.md to PDF.

Usage: python samples/make_pdfs.py OUT_DIR

Each source file has a small front matter block (title, subtitle, author,
organization, date, header, footer) followed by a restricted Markdown body:
``## `` headings, paragraphs, ``- `` bullets and ``[^n]`` footnotes defined
as ``[^n]: text``. The PDFs carry a running header on every page, page
numbers in the footer and footnotes at the bottom of the page where they are
first referenced, so that PDF ingestion has realistic layout noise to remove.

The PDFs are generated rather than committed so the repository holds only
text. Requires fpdf2 (a pinned test extra); only core fonts are used, so text
is folded to Latin-1.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

SRC_DIR = Path(__file__).resolve().parent / "pdf_src"

# Core PDF fonts only cover Latin-1; fold typographic characters to ASCII.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": " - ", "\u2026": "...", "\u00a0": " ",
    "\u2022": "-", "\u2212": "-",
}
_FOOTNOTE_REF = re.compile(r"\[\^(\w+)\]")
_FOOTNOTE_DEF = re.compile(r"^\[\^(\w+)\]:\s*(.*)$")

BODY_SIZE = 10.5
BODY_LINE = 5.4
NOTE_SIZE = 7.5
NOTE_LINE = 3.6
FOOTER_ZONE = 16.0  # mm reserved at the bottom for the page-number line


@dataclass
class Block:
    kind: str  # "heading", "para" or "bullet"
    text: str


@dataclass
class Brief:
    meta: dict[str, str]
    blocks: list[Block]
    notes: dict[str, str]


@dataclass
class _Page:
    notes: list[tuple[str, str]] = field(default_factory=list)


def latin1(text: str) -> str:
    """Fold text to what the core fonts can draw."""
    for src, dst in _FOLD.items():
        text = text.replace(src, dst)
    return text.encode("latin-1", "replace").decode("latin-1")


def parse_brief(source: str) -> Brief:
    """Split a source file into front matter, body blocks and footnotes."""
    meta: dict[str, str] = {}
    body = source
    if source.startswith("---"):
        _, head, body = source.split("---", 2)
        for line in head.strip().splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    blocks: list[Block] = []
    notes: dict[str, str] = {}
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        if _FOOTNOTE_DEF.match(lines[0]):
            for line in lines:
                m = _FOOTNOTE_DEF.match(line)
                if m:
                    notes[m.group(1)] = m.group(2)
            continue
        if lines[0].startswith("#"):
            blocks.append(Block("heading", lines[0].lstrip("#").strip()))
            continue
        if lines[0].startswith("- "):
            blocks.extend(Block("bullet", ln[2:].strip()) for ln in lines)
            continue
        blocks.append(Block("para", " ".join(lines)))
    return Brief(meta, blocks, notes)


class BriefPDF(FPDF):
    """FPDF with a running header, footnotes and page numbers."""

    def __init__(self, brief: Brief) -> None:
        super().__init__(format="A4", unit="mm")
        self.brief = brief
        self.page_state = _Page()
        self.set_margins(22, 24, 22)
        self.set_auto_page_break(False)
        self.alias_nb_pages()

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw, 4, latin1(self.brief.meta.get("header", "")), align="C")
        self.line(self.l_margin, 15.5, self.w - self.r_margin, 15.5)
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        notes = self.page_state.notes
        if notes:
            self.set_y(self.h - FOOTER_ZONE - notes_height(self, notes))
            self.line(self.l_margin, self.get_y() - 1.5, self.l_margin + 45, self.get_y() - 1.5)
            for key, text in notes:
                self.set_font("Helvetica", "", NOTE_SIZE)
                self.multi_cell(self.epw, NOTE_LINE, latin1(f"{key}  {text}"), new_x="LMARGIN", new_y="NEXT")
        self.page_state = _Page()
        self.set_font("Helvetica", "", 8)
        self.set_y(self.h - 12)
        left = latin1(self.brief.meta.get("footer", ""))
        self.cell(self.epw / 2, 4, left, align="L")
        self.cell(self.epw / 2, 4, f"Page {self.page_no()} of {{nb}}", align="R")


def notes_height(pdf: FPDF, notes: list[tuple[str, str]]) -> float:
    """Height the given footnotes take at the bottom of a page."""
    if not notes:
        return 0.0
    pdf.set_font("Helvetica", "", NOTE_SIZE)
    total = 3.0
    for key, text in notes:
        lines = pdf.multi_cell(pdf.epw, NOTE_LINE, latin1(f"{key}  {text}"), dry_run=True, output="LINES")
        total += len(lines) * NOTE_LINE
    return total


def _segments(text: str) -> list[tuple[str, bool]]:
    """Text pieces with a flag for footnote markers (drawn as superscript)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _FOOTNOTE_REF.finditer(text):
        out.append((text[pos:m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    out.append((text[pos:], False))
    return [(t, sup) for t, sup in out if t]


def _write_block(pdf: FPDF, block: Block) -> None:
    if block.kind == "heading":
        pdf.set_font("Helvetica", "B", 12)
        pdf.ln(2)
        pdf.multi_cell(pdf.epw, 6.5, latin1(block.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        return
    indent = 6.0 if block.kind == "bullet" else 0.0
    pdf.set_font("Helvetica", "", BODY_SIZE)
    if block.kind == "bullet":
        pdf.set_x(pdf.l_margin + 1.5)
        pdf.cell(indent - 1.5, BODY_LINE, "-")
    old_margin = pdf.l_margin
    pdf.set_left_margin(old_margin + indent)
    for text, sup in _segments(latin1(block.text)):
        pdf.char_vpos = "SUP" if sup else "LINE"
        pdf.write(BODY_LINE, text)
    pdf.char_vpos = "LINE"
    pdf.set_left_margin(old_margin)
    pdf.ln(BODY_LINE + 2)


def _block_height(brief: Brief, block: Block) -> float:
    """Measure a block by drawing it on a scratch document."""
    scratch = BriefPDF(brief)
    scratch.add_page()
    top = scratch.get_y()
    _write_block(scratch, block)
    return scratch.get_y() - top


def render_brief(brief: Brief, out: Path) -> int:
    """Write one brief to ``out``; return the number of pages."""
    pdf = BriefPDF(brief)
    meta = brief.meta
    pdf.set_title(latin1(meta.get("title", "")))
    pdf.set_author(latin1(meta.get("author", "")))
    if "date" in meta:
        day = dt.datetime.strptime(meta["date"], "%B %d, %Y").replace(tzinfo=dt.timezone.utc)
        pdf.set_creation_date(day)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 9)
    pdf.multi_cell(pdf.epw, 5, latin1(meta.get("organization", "").upper()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 17)
    pdf.multi_cell(pdf.epw, 8, latin1(meta.get("title", "")), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for key in ("subtitle", "author", "date"):
        if meta.get(key):
            pdf.multi_cell(pdf.epw, 5, latin1(meta[key]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in brief.blocks:
        refs = [(k, brief.notes[k]) for k in _FOOTNOTE_REF.findall(block.text) if k in brief.notes]
        needed = _block_height(brief, block)
        limit = pdf.h - FOOTER_ZONE - notes_height(pdf, pdf.page_state.notes + refs) - 2
        if pdf.get_y() + needed > limit:
            pdf.add_page()
        pdf.page_state.notes.extend(refs)
        _write_block(pdf, block)
    pdf.output(str(out))
    return pdf.page_no()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python samples/make_pdfs.py OUT_DIR", file=sys.stderr)
        return 2
    out_dir = Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = sorted(SRC_DIR.glob("*.md"))
    if not sources:
        print(f"no sources found in {SRC_DIR}", file=sys.stderr)
        return 1
    for src in sources:
        brief = parse_brief(src.read_text(encoding="utf-8"))
        target = out_dir / f"{src.stem}.pdf"
        pages = render_brief(brief, target)
        print(f"{target} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
