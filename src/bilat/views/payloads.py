"""JSON-ready data from a corpus, one function per view (``*_payload``): the JSON API returns
them, the dashboard's pages and the report render them, so everything a page or the report
shows is also available as JSON (datasette's rule).

Each takes the corpus and plain arguments; a bad value raises UsageError (bilat.errors),
which the server answers with 422.
"""
from __future__ import annotations

from typing import Any

from bilat.analysis.figures import dyad_label
from bilat.corpus import check_freq
from bilat.filters import theme_label
from bilat.model import Citation, Document, Event

# Characters of document text shown on each side of a quote.
CONTEXT_CHARS = 240
DEFAULT_LIMIT = 100


def document_summary(doc: Document) -> dict[str, Any]:
    data = doc.to_dict(with_text=False)
    data.pop("provenance", None)
    return data


def documents_payload(corpus: Any, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    # counted and cut in SQL: a page costs the same at 100 and at 250,000 documents
    total, docs = corpus.document_page(limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": [document_summary(d) for d in docs]}


def _mention_events(corpus: Any, doc_id: str) -> dict[str, str]:
    return corpus.mention_events(doc_id)


def document_payload(corpus: Any, doc_id: str) -> dict[str, Any]:
    """A document with its text and everything extracted from it (offsets into the text)."""
    doc = corpus.document(doc_id)
    links = _mention_events(corpus, doc_id)
    data = doc.to_dict(with_text=True)
    data["mentions"] = [
        {**m.to_dict(), "event_id": links.get(m.id)} for m in corpus.mentions(doc_id=doc_id)
    ]
    data["figures"] = [f.to_dict() for f in corpus.figures() if f.doc_id == doc_id]
    data["recommendations"] = [r.to_dict() for r in corpus.recommendations() if r.doc_id == doc_id]
    return data


def event_summary(event: Event) -> dict[str, Any]:
    return event.to_dict()


def events_payload(
    corpus: Any, limit: int = DEFAULT_LIMIT, offset: int = 0, **filters: str | None
) -> dict[str, Any]:
    # counted and cut in SQL: a page costs the same at 100 and at 1,000,000 events
    total, events = corpus.event_page(limit, offset, **filters)
    data = {"total": total, "limit": limit, "offset": offset, "items": [event_summary(e) for e in events]}
    data["filters"] = {k: v for k, v in filters.items() if v}
    return data


def quote_context(text: str, citation: Citation) -> dict[str, str] | None:
    """The quote with the document text around it, or None when it cannot be located."""
    start, end = citation.start, citation.end
    if not (0 <= start < end <= len(text)) or text[start:end] != citation.quote:
        found = text.find(citation.quote) if citation.quote else -1
        if found < 0:
            return None
        start, end = found, found + len(citation.quote)
    before = text[max(0, start - CONTEXT_CHARS): start]
    after = text[end: end + CONTEXT_CHARS]
    return {
        "before": ("…" if start > CONTEXT_CHARS else "") + before,
        "quote": text[start:end],
        "after": after + ("…" if end + CONTEXT_CHARS < len(text) else ""),
    }


def event_payload(corpus: Any, event_id: str, texts: dict[str, Document] | None = None) -> dict[str, Any]:
    """An event with every citation, each with its quote in context and its document's title."""
    return cited_payload(corpus, corpus.event(event_id), texts)


def cited_payload(corpus: Any, event: Event, texts: dict[str, Document] | None = None) -> dict[str, Any]:
    """`event_payload` of an event already read with its citations (a page of events is read
    in one query, not one per event); `texts` caches the cited documents across calls."""
    texts = texts if texts is not None else {}
    data = event.to_dict()
    for cited, citation in zip(data["citations"], event.citations):
        if citation.doc_id not in texts:
            texts[citation.doc_id] = corpus.document(citation.doc_id)
        doc = texts[citation.doc_id]
        cited["title"] = doc.title
        cited["context"] = quote_context(doc.text, citation)
    return data


def timeline_payload(corpus: Any, freq: str = "year", **filters: str | None) -> dict[str, Any]:
    """Filtered events grouped by period (undated events last, under period null)."""
    check_freq(freq)
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for event in corpus.events(**filters):
        groups.setdefault(period_of(event.date, freq), []).append(event_summary(event))
    periods = sorted((p for p in groups if p is not None))
    items: list[dict[str, Any]] = [{"period": p, "events": groups[p]} for p in periods]
    if None in groups:
        items.append({"period": None, "events": groups[None]})
    return {"freq": freq, "filters": {k: v for k, v in filters.items() if v}, "items": items}


def period_of(date: str | None, freq: str) -> str | None:
    """The period label of a partial ISO date ("2011", "2011Q2", "2011-05"), None if too vague."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    if freq == "year":
        return date[:4]
    if len(date) < 7:
        return None
    if freq == "month":
        return date[:7]
    return f"{date[:4]}Q{(int(date[5:7]) - 1) // 3 + 1}"


def index_payload(corpus: Any, freq: str = "year", per_100: bool = False,
                  dyad: tuple[str, str] | None = None) -> dict[str, Any]:
    """The index per period; `scale` says what the score measures (see README); `dyad`
    another pair of codes than the corpus settings' (resolve_dyad)."""
    pair = dyad or tuple(getattr(getattr(corpus, "settings", None), "dyad", ()) or ())
    items = [p.to_dict() for p in corpus.index(freq=freq, per_100=per_100, dyad=dyad)]
    scale = "net intensity per 100 events of the dyad's members" if per_100 else "mean PLOVER intensity (-10 to +10)"
    return {"freq": freq, "per_100": per_100, "scale": scale, "dyad": list(pair), "items": items}


def phases_payload(corpus: Any, freq: str = "year", dyad: tuple[str, str] | None = None) -> dict[str, Any]:
    return {"freq": freq, "items": [p.to_dict() for p in corpus.phases(freq=freq, dyad=dyad)]}


def themes_payload(corpus: Any, freq: str = "year") -> dict[str, Any]:
    """Theme and driver shares per period, each row with the theme's slug and label."""
    return {"freq": freq, "items": [row | {"label": theme_label(row["theme"])} for row in corpus.themes(freq=freq)]}


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _conflicting_figures(figures: list[Any], conflicts: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Figure id -> indexes of the conflicts it takes part in (each value names its figure)."""
    found: dict[str, list[int]] = {}
    for n, conflict in enumerate(conflicts):
        for value in conflict.get("values", []):
            found.setdefault(value.get("figure"), []).append(n)
    return found


def figure_group(figure: Any) -> str:
    """What a figure measures and between whom ("trade PAK–USA"), else its subject."""
    if figure.concept:
        return f"{figure.concept} {dyad_label(figure) or ''}".strip()
    return figure.subject_key or figure.subject


def figures_payload(corpus: Any, conflicts: bool = False) -> dict[str, Any]:
    """Figures, each flagged when another source gives a different value for the same subject."""
    figures = corpus.figures()
    found = _jsonable(corpus.figure_conflicts())
    in_conflict = _conflicting_figures(figures, found)
    items = [
        {**f.to_dict(), "group": figure_group(f), "conflict": f.id in in_conflict,
         "conflicts": in_conflict.get(f.id, [])}
        for f in figures
        if not conflicts or f.id in in_conflict
    ]
    return {"total": len(items), "items": items, "conflicts": found}


def recommendations_payload(corpus: Any) -> dict[str, Any]:
    links = corpus.recommendation_links() if hasattr(corpus, "recommendation_links") else {}
    items = [{**r.to_dict(), "events": links.get(r.id, [])} for r in corpus.recommendations()]
    return {"total": len(items), "items": items}


def characterizations_payload(corpus: Any, actor: str | None = None, label: str | None = None) -> dict[str, Any]:
    """Characterizations of the relationship, optionally of one actor or one label."""
    items = [c.to_dict() for c in corpus.characterizations()
             if (actor is None or actor in c.actors) and (label is None or c.label == label)]
    return {"total": len(items), "items": items}


def sources_payload(corpus: Any) -> dict[str, Any]:
    items = _jsonable(corpus.sources())
    return {"total": len(items), "items": items}


def search_payload(corpus: Any, q: str, limit: int = 20) -> dict[str, Any]:
    items = corpus.search(q, limit=limit)
    return {"q": q, "total": len(items), "items": items}
