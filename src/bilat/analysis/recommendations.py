"""What followed a recommendation: later events of the same parties and subject
(`link_to_events` over lists, `stored_links` over the store). The recommendations themselves
are read per document by `bilat.nlp.recommendations`."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from bilat.analysis.fusion import _STOP, _TOKEN, _Lexical, _tokens
from bilat.model import Document, Event, Recommendation
from bilat.nlp.themes import event_themes


# ---------------------------------------------------------------- follow-up
def link_to_events(
    recs: list[Recommendation], events: list[Event], documents: dict[str, Document] | None = None,
    min_similarity: float = 0.12,
) -> dict[str, list[str]]:
    """Recommendation id -> ids of later events that look like its follow-up.

    An event is linked when it is dated after the recommending document's
    publication (events without a date, or recommendations from an undated
    document, are not linked), shares the recommendation's theme or one of its
    actors, and its quote is lexically similar (TF-IDF cosine >= min_similarity).
    """
    documents = documents or {}
    dated = [e for e in events if e.date]
    if not recs or not dated:
        return {r.id: [] for r in recs}
    texts = [r.text for r in recs] + [e.quote for e in dated]
    lex = _Lexical(texts)
    out: dict[str, list[str]] = {}
    for i, rec in enumerate(recs):
        doc = documents.get(rec.doc_id)
        published = doc.published if doc else None
        actors = {a.strip() for a in (rec.actor or "").split(",") if a.strip()}
        linked = []
        for j, ev in enumerate(dated, start=len(recs)):
            if not published or not ev.date or ev.date[: len(published)] <= published[: len(ev.date)]:
                continue
            same_theme = rec.theme is not None and rec.theme in event_themes(ev)
            same_actor = bool(actors & {ev.source_actor, ev.target_actor})
            if not (same_theme or same_actor):
                continue
            score = lex.sim(i, j)
            if score >= min_similarity:
                linked.append((score, ev.id))
        out[rec.id] = [eid for _, eid in sorted(linked, reverse=True)]
    return out


class FollowUpStore(Protocol):
    """What `stored_links` needs from the store (bilat.store.Store provides it)."""

    def recommendations(self) -> list[Recommendation]: ...
    def documents(self, with_text: bool = True, ids: Iterable[str] | None = None) -> list[Document]: ...
    def follow_up_candidates(
        self, recs: Sequence[tuple[str, str | None, str | None, Sequence[str], Sequence[str]]],
        pattern: str, stop: Sequence[str], shared_term: bool = True,
    ) -> tuple[list[tuple[str, str, str]], dict[str, int], int]: ...


def stored_links(store: FollowUpStore, min_similarity: float = 0.12) -> dict[str, list[str]]:
    """`link_to_events` of the stored recommendations and events, the same links in the same
    order: the store narrows each recommendation to the later events of its theme or
    addressees that share a word with it (a follow-up with no word in common scores 0) and
    counts the dated events having each word, so only those events are read."""
    recs = store.recommendations()
    if not recs:
        return {}
    documents = {d.id: d for d in store.documents(with_text=False, ids={r.doc_id for r in recs})}
    bags = [_tokens(r.text) for r in recs]
    rows = []
    for rec, bag in zip(recs, bags):
        doc = documents.get(rec.doc_id)
        actors = sorted({a.strip() for a in (rec.actor or "").split(",") if a.strip()})
        rows.append((rec.id, doc.published if doc else None, rec.theme, actors, sorted(bag)))
    candidates, counts, dated = store.follow_up_candidates(
        rows, _TOKEN.pattern, sorted(_STOP), shared_term=min_similarity > 0)
    if not dated:
        return {r.id: [] for r in recs}
    # the weights _Lexical gives over the recommendations and every dated event
    n = len(recs) + dated
    in_recs: Counter[str] = Counter()
    for bag in bags:
        in_recs.update(bag.keys())
    idf = {t: math.log((1 + n) / (1 + in_recs[t] + counts.get(t, 0))) + 1.0
           for t in set(in_recs) | set(counts)}
    vectors = {rec.id: _unit(bag, idf) for rec, bag in zip(recs, bags)}
    linked: dict[str, list[tuple[float, str]]] = {r.id: [] for r in recs}
    events: dict[str, dict[str, float]] = {}  # an event is a candidate of many recommendations
    for rec_id, event_id, quote in candidates:
        if event_id not in events:
            events[event_id] = _unit(_tokens(quote), idf)
        a, b = vectors[rec_id], events[event_id]
        if len(a) > len(b):
            a, b = b, a
        score = sum(v * b.get(t, 0.0) for t, v in a.items())
        if score >= min_similarity:
            linked[rec_id].append((score, event_id))
    return {rid: [eid for _, eid in sorted(found, reverse=True)] for rid, found in linked.items()}


def _unit(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """A bag's TF-IDF vector of length 1, as _Lexical builds it."""
    vec = {t: w * idf[t] for t, w in bag.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}
