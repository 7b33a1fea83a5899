"""Document identity: an exact content hash and MinHash near-duplicate detection.

Two copies of one article (the HTML page and the text saved from it) differ in what
surrounds the body, not in the body: a title set in capitals or not, a byline and date
line, a share row, curly quotes in one and straight ones in the other. The MinHash is
therefore taken over the body only (`signature_text`): paragraphs that read as sentences,
in lower case, quotes and dashes folded, whitespace folded. Word 3-shingles of that text
keep such copies above a Jaccard similarity of 0.9, while a different article on the same
event, which may share its lead paragraph but not the rest, stays far below it. A candidate
from the LSH index is confirmed against the estimated Jaccard similarity, because LSH alone
returns false positives near the threshold.
"""
from __future__ import annotations

import hashlib
import logging
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from bilat.ingest.clutter import is_body_paragraph
from bilat.ingest.text import count_words, normalise_for_hash, words

log = logging.getLogger(__name__)

SHINGLE_WORDS = 3
NUM_PERM = 256
# pinned: stored signatures must stay comparable across datasketch upgrades
SCHEME = "affine32"
NEAR_DUPLICATE_THRESHOLD = 0.9
# below this many words of body paragraphs, a text is signed whole (a short note has no header to drop)
MIN_BODY_WORDS = 30
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_FOLDS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: NFKC, whitespace folded, lower case."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def signature_text(text: str) -> str:
    """The part of `text` a near-duplicate signature is taken over: its body paragraphs
    (those that read as sentences; title, byline, date and furniture lines go), lower case,
    curly quotes and dashes made plain, whitespace folded. A text with under MIN_BODY_WORDS
    words of body is taken whole."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text.translate(_FOLDS))]
    body = [p for p in paragraphs if is_body_paragraph(p)]
    kept = body if count_words(" ".join(body)) >= MIN_BODY_WORDS else paragraphs
    return normalise_for_hash(" ".join(kept))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping word n-grams of the text; a text shorter than `size` is one shingle."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """MinHash signature of the word shingles of `signature_text(text)` (seeded, so stable across runs)."""
    signature = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in sorted(shingles(signature_text(text)))])
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    """The MinHash's hash values as bytes (little-endian uint64), for storage."""
    return np.asarray(signature.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes, num_perm: int = NUM_PERM) -> MinHash:
    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    if len(values) != num_perm:
        raise ValueError(f"signature has {len(values)} values, expected {num_perm}")
    return MinHash(num_perm=num_perm, seed=1, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """Finds an earlier document whose text is a near-copy of a new one.

    >>> index = NearDuplicateIndex()
    >>> index.add("a1", first_text)
    >>> index.find(second_text)   # "a1" when Jaccard >= threshold, else None
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        # the LSH band threshold sits a little lower so borderline pairs reach verification
        self._lsh = MinHashLSH(threshold=max(0.5, threshold - 0.1), num_perm=num_perm)
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def add(self, doc_id: str, text: str) -> bytes:
        """Index a document; returns its signature as bytes (for `add_signature` later).

        Adding an id twice keeps the first text.
        """
        if doc_id not in self._signatures:
            self._insert(doc_id, minhash(text, self.num_perm))
        return signature_bytes(self._signatures[doc_id])

    def add_signature(self, doc_id: str, signature: bytes) -> None:
        """Index a document by a signature saved earlier (from `add`)."""
        if doc_id not in self._signatures:
            self._insert(doc_id, signature_from_bytes(signature, self.num_perm))

    def _insert(self, doc_id: str, signature: MinHash) -> None:
        self._lsh.insert(doc_id, signature)
        self._signatures[doc_id] = signature
        self._order[doc_id] = len(self._order)

    def similarity(self, doc_id: str, text: str) -> float:
        """Estimated Jaccard similarity between an indexed document and `text`."""
        return float(self._signatures[doc_id].jaccard(minhash(text, self.num_perm)))

    def find(self, text: str) -> str | None:
        """Id of the most similar indexed document at or above the threshold, else None.

        Ties go to the document indexed first, so a copy points at the original.
        """
        if not self._signatures:
            return None
        return self.find_signature(signature_bytes(minhash(text, self.num_perm)))

    def find_signature(self, data: bytes) -> str | None:
        """`find` for a document whose signature was taken elsewhere (a Dask worker)."""
        if not self._signatures:
            return None
        signature = signature_from_bytes(data, self.num_perm)
        best: tuple[float, int, str] | None = None
        for doc_id in self._lsh.query(signature):
            score = float(self._signatures[doc_id].jaccard(signature))
            if score < self.threshold:
                continue
            key = (-score, self._order[doc_id], doc_id)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        log.debug("near-duplicate of %s (jaccard %.3f)", best[2], -best[0])
        return best[2]
