"""Source profiles: what each publisher (and each document) emphasises and how it frames the relationship."""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bilat.analysis.index import category_weights
from bilat.nlp.themes import event_themes
from bilat.model import (
    CHARACTERIZATION_LABELS,
    Characterization,
    Document,
    Event,
    Recommendation,
)

log = logging.getLogger(__name__)

TOP_THEMES = 3
# the one group of the documents that name no publisher
UNSTATED = "(publisher not stated)"


def _most_common(kinds: Mapping[str, int]) -> str | None:
    """The kind of source most documents are (ties by name), None when none is known."""
    return min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None


def _assemble(name: str, kind: str, source_type: str | None, doc_ids: list[str], events: int,
              themes: Mapping[str, int], coop: int, conf: int, recommendations: int,
              labels: Mapping[str, int], date_from: str | None, date_to: str | None) -> dict[str, Any]:
    """One profile (see `source_profiles`) from its counts, whoever counted them."""
    total_themed = sum(themes.values())
    scored = coop + conf
    return {
        "name": name,
        "kind": kind,
        "source_type": source_type,
        "documents": len(doc_ids),
        "doc_ids": doc_ids,
        "events": events,
        "themes": [{"theme": t, "count": n, "share": round(n / total_themed, 4)}
                   for t, n in sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_THEMES]],
        "cooperative": coop,
        "conflictual": conf,
        "cooperative_share": round(coop / scored, 4) if scored else None,
        "conflictual_share": round(conf / scored, 4) if scored else None,
        "recommendations": recommendations,
        "characterizations": {label: labels.get(label, 0) for label in CHARACTERIZATION_LABELS},
        "date_from": date_from,
        "date_to": date_to,
    }


def _profile(name: str, kind: str, docs: list[Document], events: list[Event], n_recs: int,
             weights: dict[str, float], characterizations: list[Characterization] | None = None) -> dict[str, Any]:
    themes: Counter[str] = Counter()
    coop = conf = 0
    dates = []
    for ev in events:
        themes.update(set(event_themes(ev)))
        w = weights.get(ev.category.upper(), 0.0)
        coop += w > 0
        conf += w < 0
        if ev.date:
            dates.append(ev.date)
    kinds = Counter(d.source_type for d in docs if d.source_type)
    return _assemble(name, kind, _most_common(kinds), sorted(d.id for d in docs), len(events), themes,
                     coop, conf, n_recs, Counter(c.label for c in characterizations or []),
                     min(dates) if dates else None, max(dates) if dates else None)


def source_profiles(
    documents: list[Document], events: list[Event], recommendations: list[Recommendation],
    by: str = "publisher", weights: dict | None = None,
    characterizations: list[Characterization] | None = None,
) -> list[dict[str, Any]]:
    """One profile per publisher (by="publisher") or per document (by="document").

    A profile counts the fused events its documents cite (an event cited by two
    publishers counts for both), their top themes with shares of theme tags,
    cooperative vs conflictual counts and shares (by the sign of the category's
    PLOVER weight; neutral categories count in neither), the recommendations
    made, its characterizations of the relationship by label ({"engagement": n,
    "estrangement": n, "mixed": n}), the date range of the events covered, the number
    of documents and the kind of source most of them are (`source_type`). By publisher,
    the documents that name none are one group, UNSTATED (kind "unattributed").
    Profiles are ordered by number of events, then name.
    """
    if by not in ("publisher", "document"):
        raise ValueError(f"unknown grouping {by!r}; choose publisher or document")
    w = category_weights(weights)

    def group_of(doc: Document) -> str:
        if by == "document":
            return f"doc:{doc.id}"
        return doc.publisher or UNSTATED

    groups: dict[str, list[Document]] = defaultdict(list)
    doc_group: dict[str, str] = {}
    for doc in documents:
        key = group_of(doc)
        groups[key].append(doc)
        doc_group[doc.id] = key
    group_events: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        for key in sorted({doc_group[c.doc_id] for c in ev.citations if c.doc_id in doc_group}):
            group_events[key].append(ev)
    recs = Counter(doc_group[r.doc_id] for r in recommendations if r.doc_id in doc_group)
    group_chars: dict[str, list[Characterization]] = defaultdict(list)
    for item in characterizations or []:
        if item.doc_id in doc_group:
            group_chars[doc_group[item.doc_id]].append(item)
    profiles = []
    for key, docs in groups.items():
        single = key.startswith("doc:")
        name = (docs[0].title or docs[0].name) if single else key
        kind = "document" if single else "unattributed" if key == UNSTATED else "publisher"
        prof = _profile(name, kind, docs, group_events.get(key, []), recs.get(key, 0), w,
                        group_chars.get(key, []))
        if single:
            prof["publisher"] = docs[0].publisher
            prof["doc"] = docs[0].name
        profiles.append(prof)
    profiles.sort(key=lambda p: (-p["events"], p["name"]))
    return profiles


class SourceStore(Protocol):
    """What `stored_source_profiles` needs from the store (bilat.store.Store provides it)."""

    def source_groups(self, by: str, unstated: str, cooperative: Sequence[str],
                      conflictual: Sequence[str]) -> list[dict[str, Any]]: ...


def stored_source_profiles(store: SourceStore, by: str = "publisher", weights: dict | None = None) -> list[dict[str, Any]]:
    """`source_profiles` of every stored document, event, recommendation and characterization,
    counted in the store (one row per profile comes back, no event is read); same profiles,
    same order."""
    w = category_weights(weights)
    rows = store.source_groups(by, UNSTATED, [c for c, v in w.items() if v > 0], [c for c, v in w.items() if v < 0])
    profiles = []
    for row in rows:
        key = row["grp"]
        single = key.startswith("doc:") and by == "document"
        kind = "document" if single else "unattributed" if key == UNSTATED else "publisher"
        doc_name = Document(id="", source=row["source"], text="").name
        prof = _assemble((row["title"] or doc_name) if single else key, kind, _most_common(row["source_types"]),
                         list(row["doc_ids"]), row["events"], row["themes"], row["cooperative"],
                         row["conflictual"], row["recommendations"], row["labels"], row["date_from"],
                         row["date_to"])
        if single:
            prof["publisher"] = row["publisher"]
            prof["doc"] = doc_name
        profiles.append(prof)
    profiles.sort(key=lambda p: (-p["events"], p["name"]))
    return profiles
