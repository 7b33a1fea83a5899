"""Long texts in parse-sized pieces: where to cut them, how to batch them, how to park their parses.

spaCy's cost per word grows with the length of one `Doc` (and it refuses texts over
`nlp.max_length` with error E088), so a document longer than the chunk budget is parsed as
consecutive chunks cut at paragraph breaks (else line breaks, else sentence ends, else
whitespace). A chunk's parse is kept compressed while the rest of its document is parsed:
the document-level context (speaker, topic, kind of document) needs every chunk before any
sentence can be read.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# characters per chunk: about 17,000 tokens, a few seconds of parsing and ~300 MB at peak
CHUNK_CHARS = 100_000

# where a chunk may end, best first: after a blank line, after a line break, after a
# sentence's closing punctuation, after any whitespace
_CUTS = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"),
    re.compile(r"\s+"),
)


def chunk_spans(text: str, budget: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) character ranges that cover `text` in order, each at most `budget`
    characters long, cut at the best boundary available (see `_CUTS`); a text within the
    budget is one range. Raises ValueError for a budget below 1."""
    if budget < 1:
        raise ValueError(f"chunk budget must be at least 1 character, not {budget}")
    spans = []
    start = 0
    while len(text) - start > budget:
        end = _cut(text, start, start + budget)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the chunk that starts at `start`: the last boundary of the best kind that
    falls in (start, limit], or `limit` when the window has no whitespace at all."""
    for pattern in _CUTS:
        last = None
        for last in pattern.finditer(text, start, limit):
            pass
        if last is not None and last.end() > start:
            return last.end()
    return limit


@dataclass
class Chunk:
    """One piece of a document's text on its way through the parser."""

    key: int  # position of the document in the input stream
    offset: int  # character offset of the chunk in the document's text
    text: str
    last: bool  # the document's final chunk


def document_chunks(texts: Iterable[str], budget: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """The chunks of each text in turn (see `chunk_spans`), text by text."""
    for key, text in enumerate(texts):
        spans = chunk_spans(text, budget)
        for n, (start, end) in enumerate(spans):
            yield Chunk(key, start, text[start:end], n == len(spans) - 1)


def batches(chunks: Iterable[Chunk], size: int, chars: int) -> Iterator[list[Chunk]]:
    """Consecutive chunks in groups of at most `size` chunks and (but for a single chunk)
    `chars` characters: what one `nlp.pipe` batch holds in memory at once."""
    batch: list[Chunk] = []
    total = 0
    for chunk in chunks:
        if batch and (len(batch) >= size or total + len(chunk.text) > chars):
            yield batch
            batch, total = [], 0
        batch.append(chunk)
        total += len(chunk.text)
    if batch:
        yield batch


def pack(doc: "Doc") -> bytes:
    """A parse, compressed (about 16 bytes per token) without its tensor, which bilat never
    reads after parsing."""
    return zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)


def unpack(vocab: "Vocab", data: bytes) -> "Doc":
    """The parse `pack` compressed, with the same tokens, tags, parse and entities."""
    from spacy.tokens import Doc

    return Doc(vocab).from_bytes(zlib.decompress(data))
