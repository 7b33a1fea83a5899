"""Plain-text helpers shared by every loader: whitespace, paragraphs, word counts.

Cleaned document text follows one convention so that offsets, paragraph numbers and
hashes mean the same thing whatever the input format was: ``\\n`` line ends, no
trailing spaces, paragraphs separated by exactly one blank line.
"""
from __future__ import annotations

import re
import unicodedata

# Spaces that web pages and word processors leave behind (NBSP, thin, ideographic ...).
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_RUN = re.compile(r"\n{3,}")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def tidy_whitespace(text: str) -> str:
    """Normalise line ends and odd spaces, strip line ends, keep at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    lines = [line.rstrip() for line in text.split("\n")]
    # a line of spaces only (web pages leave rows of NBSP) counts as blank
    lines = ["" if not line.strip() else line for line in lines]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def join_paragraphs(blocks: list[str]) -> str:
    """Text of the given paragraphs, one blank line between them."""
    return "\n\n".join(b.strip() for b in blocks if b.strip())


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the paragraphs of `text` (split on blank lines).

    Spans exclude surrounding whitespace, so ``text[start:end]`` is the paragraph itself.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_span(text, pos, match.start(), spans)
        pos = match.end()
    _add_span(text, pos, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    spans.append((start + lead, start + lead + len(stripped)))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def words(text: str) -> list[str]:
    """Lower-cased word tokens of NFKC-normalised text (punctuation dropped)."""
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", text))]


def normalise_for_hash(text: str) -> str:
    """NFKC, lower case, every whitespace run folded to one space, trimmed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(folded.split())
