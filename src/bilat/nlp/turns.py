"""Speaker turns in transcripts: who "I" and "we" are in a line headed "Name: ...".

Memoranda of conversation, interviews and hearings write each turn as a paragraph that
starts with its speaker's name and a colon. Inside such a turn the first person is that
speaker, not the document's author or the state the document names most: "Khan: We accept
the offer." is a Pakistani acceptance even in an American record. A document counts as a
transcript when at least three paragraphs start with such a label, naming at least two
speakers, so a single "Note:" or "Summary:" line changes nothing.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

    from bilat.nlp.actors import ActorResolver

# a paragraph's first line: up to four capitalised words, a colon, then the turn's words
LABEL = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3}):[ \t]+\S")
MIN_TURNS = 3
SPEAKER_KINDS = frozenset({"leader", "organ", "state", "demonym"})
KEEP = object()  # the label names a role, not a person: "we" stays whoever the document says


def is_transcript(text: str) -> bool:
    """Whether `text` is written as speaker turns (see the module docstring)."""
    labels = [m.group(1) for m in LABEL.finditer(text)]
    return len(labels) >= MIN_TURNS and len(set(labels)) >= 2


def label_end(text: str, start: int) -> int | None:
    """Where the speaker label of the paragraph starting at character `start` ends (its
    colon), or None when the paragraph has no label."""
    m = LABEL.match(text, max(start - 2, 0)) if start else LABEL.match(text)
    if m is None or m.start(1) < start:
        return None
    return m.end(1)


def turn_speaker(sent: "Span", end_char: int, resolver: "ActorResolver") -> object:
    """The code "I"/"we" stands for in a turn whose label ends at `end_char` (an offset into
    `sent`'s Doc): a leader, organ or state the label resolves to; KEEP for a label that is a
    role ("President:", "Secretary:") or not a name at all; None for a person bilat cannot
    place (their "we" is nobody the document otherwise names)."""
    label = [t for t in sent if t.idx < end_char]
    if not label or not all(t.pos_ == "PROPN" or t.is_title for t in label):
        return KEEP
    found = [m for m in resolver.find(sent) if sent.doc[m.start].idx < end_char]
    codes = [m.code for m in found if m.code and m.kind in SPEAKER_KINDS]
    if codes:
        return codes[0]
    if found or not all(t.pos_ == "PROPN" for t in label):
        return KEEP  # a title ("Ambassador:"), or words that are not a name
    return None
