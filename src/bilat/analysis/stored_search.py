"""The BM25 search index kept on disk beside the database, built once rather than per process.

DuckDB's full-text extension would be downloaded at run time, which bilat never does, so the
index is bm25s's own (sparse matrices and vocabulary, `BM25.save`), written to
``<database>.search/`` with the row keys (document id, sentence index) of its rows and a stamp of
the sentences it covers. A process whose store has the same stamp memory-maps it; otherwise it
builds the index from the sentences and writes it there for the next process. Only the hit
sentences are read back from the store, so a search does not hold the corpus's text in memory.
Ranking is `SearchIndex`'s (same tokens, same BM25, same optional re-ranker).
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from bilat.analysis.search import _RERANK_POOL, Reranker, blend, load_reranker, result_row, tokenize
from bilat.model import Document, Sentence

log = logging.getLogger(__name__)

Key = tuple[str, int]  # (document id, sentence index)


class _Keys:
    """The (document id, sentence index) of each row of the index, as two arrays saved beside
    it and memory-mapped when loaded: a million keys load in milliseconds (as JSON: seconds)."""

    FILES = ("key_docs.npy", "key_sentences.npy")

    def __init__(self, docs: np.ndarray, sentences: np.ndarray) -> None:
        self.docs, self.sentences = docs, sentences

    @classmethod
    def of(cls, keys: list[Key]) -> _Keys:
        return cls(np.array([k[0] for k in keys], dtype=str), np.array([k[1] for k in keys], dtype=np.int64))

    @classmethod
    def saved(cls, directory: Path) -> bool:
        """Whether `directory` holds keys in this form (an index saved by an older bilat is built again)."""
        return all((directory / name).exists() for name in cls.FILES)

    @classmethod
    def load(cls, directory: Path) -> _Keys:
        docs, sentences = (np.load(directory / name, mmap_mode="r") for name in cls.FILES)
        return cls(docs, sentences)

    def save(self, directory: Path) -> None:
        for name, values in zip(self.FILES, (self.docs, self.sentences)):
            np.save(directory / name, values)

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, row: int) -> Key:
        return str(self.docs[row]), int(self.sentences[row])


def _best(hits: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The `k` rows of `hits` (ascending) with the highest scores, best first, ties in row
    order: what a stable sort of every hit gives, without sorting them all (a common word
    hits a third of a million sentences)."""
    if len(hits) > k > 0:
        values = scores[hits]
        kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th highest score
        above = hits[values > kth]
        hits = np.concatenate([above, hits[values == kth][: k - len(above)]])
        hits.sort()
    return hits[np.argsort(-scores[hits], kind="stable")][:k]


class StoredSearchIndex:
    """BM25 over the store's sentences, loaded from `directory` when its stamp is `stamp`,
    else built from `read_sentences()` and saved there (kept in memory only when the directory
    cannot be written). `fetch(keys)` returns the stored sentences for keys; `documents(ids)`
    their documents (no text needed). Thread-safe; built on the first search."""

    def __init__(
        self,
        directory: Path,
        stamp: str,
        read_sentences: Callable[[], list[Sentence]],
        fetch: Callable[[list[Key]], Mapping[Key, Sentence]],
        documents: Callable[[set[str]], Mapping[str, Document]],
        reranker: Reranker | str | None = "auto",
    ) -> None:
        self.directory = Path(directory)
        self.stamp = stamp
        self._read_sentences, self._fetch, self._documents = read_sentences, fetch, documents
        self._reranker_choice = reranker
        self._reranker: Reranker | None = None
        self._bm25: Any = None
        self._keys = _Keys.of([])
        self._vocab: set[str] = set()
        self._lock = threading.Lock()
        self.loaded = False  # True when the index came from disk

    def _open(self) -> None:
        import bm25s  # type: ignore[import-untyped]

        with self._lock:
            if self._bm25 is not None:
                return
            stamp_file = self.directory / "stamp.txt"
            if stamp_file.exists() and stamp_file.read_text() == self.stamp and _Keys.saved(self.directory):
                bm25 = bm25s.BM25.load(str(self.directory), mmap=True, show_progress=False)
                self._keys = _Keys.load(self.directory)
                self.loaded = True
            else:
                bm25 = self._build()
            self._vocab = {t for t in bm25.vocab_dict if t}
            if self._reranker_choice == "auto":
                self._reranker = load_reranker()
            elif callable(self._reranker_choice):
                self._reranker = self._reranker_choice
            self._bm25 = bm25
        log.info("search index %s: %d sentences (%s)", self.directory, len(self._keys),
                 "loaded" if self.loaded else "built")

    def _build(self) -> Any:
        import bm25s  # type: ignore[import-untyped]

        sentences = [s for s in self._read_sentences() if s.text.strip()]
        corpus = [tokenize(s.text) for s in sentences]
        bm25 = bm25s.BM25()
        bm25.index(corpus or [[""]], show_progress=False)  # bm25s refuses an empty corpus
        self._keys = _Keys.of([(s.doc_id, s.index) for s in sentences])
        self._save(bm25)
        return bm25

    def _save(self, bm25: Any) -> None:
        """Write to a fresh directory, then swap it in, so no reader sees half an index."""
        tmp = self.directory.with_name(f"{self.directory.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            bm25.save(str(tmp), show_progress=False)
            self._keys.save(tmp)
            (tmp / "stamp.txt").write_text(self.stamp)
            shutil.rmtree(self.directory, ignore_errors=True)
            os.replace(tmp, self.directory)
        except OSError as exc:  # a read-only folder: the index lives in this process only
            log.info("search index not saved to %s (%s)", self.directory, exc)
            shutil.rmtree(tmp, ignore_errors=True)

    def search(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching `q`, best first, as `SearchIndex.search` gives them."""
        if self._bm25 is None:
            self._open()
        terms = [t for t in tokenize(q) if t in self._vocab]
        if not terms or limit <= 0 or not self._keys:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=float)[: len(self._keys)]
        hits = np.flatnonzero(scores > 0)
        pool = limit * _RERANK_POOL if self._reranker else limit
        order = _best(hits, scores, pool)
        ranked = [(int(i), float(scores[i])) for i in order]
        sentences = self._fetch([self._keys[i] for i, _ in ranked])
        if self._reranker and ranked:
            ranked = blend(ranked, self._reranker(q, [sentences[self._keys[i]].text for i, _ in ranked]))
        ranked = ranked[:limit]
        docs = self._documents({self._keys[i][0] for i, _ in ranked})
        return [result_row(sentences[self._keys[i]], docs.get(self._keys[i][0]), score) for i, score in ranked]
