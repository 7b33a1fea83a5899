"""Incremental fusion: each new document's mentions join stored events or start new ones.

`assign` runs inside the transaction that writes a document. It finds the stored events the
new mentions could join by their blocking keys (category family, a shared actor, dates
overlapping or two days apart; see `Store.fusion_candidates`), then the events those could
merge with, and so on until nothing new comes in or `MAX_NEIGHBOURHOOD` mentions are gathered
(each mention looking at `MAX_CANDIDATES` stored ones at most), and clusters that neighbourhood
again exactly as `fusion.fuse` clusters a whole corpus (same similarities, TF-IDF weights from
the whole store's term counts). The events it changes are replaced; the rest of the store is
not read. Work per document is therefore bounded, whatever the size of the corpus.

Within the bounds the stored events are those a batch fusion of everything gives (the tests
compare with `fuse` on every ingest order of a hand-built corpus, random ones and the sample
corpus). Past them (a block with hundreds of compatible mentions, typically undated ones), a
merge between stored events that a new mention would set off far away is left out, and the
term weights of events not touched since drift a little as the corpus grows.

`rebuild` fuses every stored mention at once (`bilat rebuild`): after a change to the fusion
rules or weights, or to restore the exact batch result once the term weights have drifted.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Protocol

from bilat.analysis.fusion import (
    date_span,
    family_of,
    fold_actor,
    fuse_groups,
    quote_terms,
    to_event,
)
from bilat.analysis.index import _bounds, load_weights, period_key
from bilat.analysis.index import _fold as index_fold
from bilat.nlp.themes import event_drivers, event_themes
from bilat.model import Document, Event, EventMention, MentionKey, StoredEvent

log = logging.getLogger(__name__)

# a mention is compared with at most MAX_CANDIDATES stored mentions (the nearest in time, then
# the latest undated) and a document's neighbourhood grows to at most MAX_NEIGHBOURHOOD
# mentions: without bounds, a block with many undated mentions (compatible with any date) would
# make ingest grow with the corpus; within them the result is the batch result
MAX_CANDIDATES = 30
MAX_NEIGHBOURHOOD = 150
Order = tuple[int, int, str]


class FusionStore(Protocol):
    """What fusion needs from the store (bilat.store.Store provides it)."""

    def fusion_candidates(self, keys: Sequence[MentionKey], exclude: Iterable[str] = (),
                          per_key: int | None = None) -> set[str]: ...
    def mention_keys(self, event_ids: Iterable[str]) -> list[MentionKey]: ...
    def ordered_mentions(self, event_ids: Iterable[str] = (), doc_id: str | None = None,
                         everything: bool = False) -> list[tuple[Order, EventMention]]: ...
    def fusion_size(self) -> int: ...
    def term_counts(self, terms: Iterable[str]) -> dict[str, int]: ...
    def add_terms(self, counts: Counter[str]) -> None: ...
    def replace_events(self, removed: Iterable[str], added: Sequence[StoredEvent],
                       keys: Sequence[MentionKey]) -> None: ...
    def clear_events(self) -> None: ...
    def unfused_documents(self) -> list[str]: ...
    def documents(self, with_text: bool = True, ids: Iterable[str] | None = None) -> list[Document]: ...


def mention_key(m: EventMention, event_id: str, weights: dict) -> MentionKey:
    """The blocking key fusion stores for a mention."""
    actors = sorted({a for a in (fold_actor(m.source_actor), fold_actor(m.target_actor)) if a}) or ["*"]
    span = date_span(m.date, m.date_precision)
    return MentionKey(
        mention_id=m.id, event_id=event_id, family=family_of(m.category, weights),
        actor_a=actors[0], actor_b=actors[-1],
        day_lo=span[0] if span else None, day_hi=span[1] if span else None,
    )


def stored_event(event: Event, order: Order) -> StoredEvent:
    """An event with what the store keeps for ordering and SQL views."""
    periods = {}
    for freq in ("year", "quarter", "month"):
        key = period_key(event, freq)
        periods[freq] = _bounds(key, freq)[0] if key else None
    return StoredEvent(
        event=event, order=order, tags=event_themes(event), drivers=event_drivers(event),
        actors=(index_fold(event.source_actor), index_fold(event.target_actor)), periods=periods,
    )


def assign(store: FusionStore, doc_id: str, weights: dict | None = None) -> int:
    """Fuse the stored mentions of document `doc_id` into the stored events (call inside the
    transaction that wrote the document). Returns how many mentions were clustered again."""
    weights = weights or _packaged_weights()
    fresh = [m for _, m in store.ordered_mentions((), doc_id)]
    if not fresh:
        return 0
    store.add_terms(Counter(t for m in fresh for t in quote_terms(m.quote)))
    keys = [mention_key(m, "", weights) for m in fresh]
    # the events the new mentions could join, then those these could merge with, and so on,
    # until nothing new comes in or the neighbourhood is full: below the bound the result is
    # the batch result; past it, a merge set off far away waits for `bilat rebuild`
    events: set[str] = set()
    frontier = store.fusion_candidates(keys, per_key=MAX_CANDIDATES)
    members = store.mention_keys(frontier)
    size = len(fresh)
    while frontier:
        if events and size + len(members) > MAX_NEIGHBOURHOOD:
            break
        events |= frontier
        size += len(members)
        frontier, members = _next_frontier(store, members, events, MAX_NEIGHBOURHOOD - size)
    ordered = store.ordered_mentions(events, doc_id)
    _fuse_and_write(store, ordered, events, weights, store.fusion_size() + len(fresh))
    return len(ordered)


def _next_frontier(
    store: FusionStore, keys: list[MentionKey], events: set[str], room: int
) -> tuple[set[str], list[MentionKey]]:
    """The events outside `events` that the members with `keys` could join, and their members.
    Looked up a few keys at a time, stopping once the members found outnumber `room`: the
    neighbourhood is then full whatever the other keys would add, so in a dense store only the
    first few keys are looked up."""
    frontier: set[str] = set()
    members: list[MentionKey] = []
    unique = list({(k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi): k for k in keys}.values())
    for first in range(0, len(unique), _KEYS_PER_LOOKUP):
        found = store.fusion_candidates(unique[first:first + _KEYS_PER_LOOKUP], exclude=events | frontier,
                                        per_key=MAX_CANDIDATES)
        frontier |= found
        members += store.mention_keys(found)
        if len(members) > room:
            break
    return frontier, members


_KEYS_PER_LOOKUP = 8


@lru_cache(maxsize=1)
def _packaged_weights() -> dict:
    """The packaged weights, read once: ingest fuses after every document (fusion only reads them)."""
    return load_weights()


def rebuild(store: FusionStore, weights: dict | None = None) -> int:
    """Fuse every stored mention again, replacing all stored events. Returns the number of
    events. Call inside a transaction."""
    weights = weights or load_weights()
    store.clear_events()
    ordered = store.ordered_mentions(everything=True)
    store.add_terms(Counter(t for _, m in ordered for t in quote_terms(m.quote)))
    return _fuse_and_write(store, ordered, set(), weights, len(ordered))


def catch_up(store: FusionStore, weights: dict | None = None) -> int:
    """Fuse the documents whose mentions no fusion has seen: all at once when there are no
    stored events yet (a database from before schema 5), else one by one as ingest would.
    Call inside a transaction. Returns the number of documents fused."""
    pending = store.unfused_documents()
    if not pending:
        return 0
    if store.fusion_size() == 0:
        rebuild(store, weights)
        return len(pending)
    for doc_id in pending:
        assign(store, doc_id, weights)
    return len(pending)


def fusing(store: FusionStore, weights: dict | None = None) -> Callable[[str], int]:
    """`assign` bound to a store: what `Store.add_processed(..., then=)` takes."""
    return lambda doc_id: assign(store, doc_id, weights)


def _fuse_and_write(
    store: FusionStore, ordered: list[tuple[Order, EventMention]], old: set[str], weights: dict, n: int
) -> int:
    if not ordered:
        return 0
    mentions = [m for _, m in ordered]
    terms = {t for m in mentions for t in quote_terms(m.quote)}
    groups = fuse_groups(mentions, weights=weights, corpus=(n, store.term_counts(terms)))
    documents = {d.id: d for d in store.documents(with_text=False, ids={m.doc_id for m in mentions})}
    added: list[StoredEvent] = []
    keys: list[MentionKey] = []
    for group in groups:
        event = to_event([mentions[i] for i in group], documents, weights)
        if event.id not in old:
            added.append(stored_event(event, ordered[group[0]][0]))
        keys += [mention_key(mentions[i], event.id, weights) for i in group]
    store.replace_events(old - {k.event_id for k in keys}, added, keys)
    return len(groups)
