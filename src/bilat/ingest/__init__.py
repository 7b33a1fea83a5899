"""Ingestion: turning files, folders, URLs and feeds into cleaned Documents.

    expand_inputs(inputs, settings=None) -> Iterator[str]     what to load, one per document
    load_document(source, settings=None) -> Document          one input, cleaned, with metadata
    content_hash(text), minhash(text), NearDuplicateIndex     document identity
    remove_clutter(text) -> CleanText                         web-page furniture removal
    paragraphs(text) -> list[(start, end)]                    paragraph spans
"""
from __future__ import annotations

from bilat.ingest.clutter import CleanText, remove_clutter
from bilat.ingest.identity import NearDuplicateIndex, content_hash, minhash
from bilat.ingest.inputs import expand_inputs
from bilat.ingest.loader import load_document
from bilat.ingest.text import paragraphs

__all__ = [
    "CleanText",
    "NearDuplicateIndex",
    "content_hash",
    "expand_inputs",
    "load_document",
    "minhash",
    "paragraphs",
    "remove_clutter",
]
