"""The JSON HTTP API: read-only views of a corpus.

Each endpoint is a thin wrapper over a payload function (``*_payload``) that takes the
corpus and plain arguments and returns JSON-ready data. The dashboard pages render the same
payload functions, so everything a page shows is also available as JSON at the endpoint
named in its footer (datasette's rule).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from bilat.errors import UsageError
from bilat.model import CHARACTERIZATION_LABELS, Citation, Document, Event

log = logging.getLogger(__name__)

# Characters of document text shown on each side of a quote.
CONTEXT_CHARS = 240
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

router = APIRouter(prefix="/api", tags=["api"])


def corpus_dep(request: Request) -> Iterator[Any]:
    """The corpus this request reads, leased for the request's life.

    No lock is held across the `yield`: FastAPI may run the two halves of this dependency on
    different threads. The lease only keeps a snapshot open until the request is done; the
    store gives each thread its own DuckDB cursor.
    """
    holder = request.app.state.corpus_holder
    corpus = holder.acquire()
    try:
        yield corpus
    finally:
        holder.release(corpus)


Corpus = Annotated[Any, Depends(corpus_dep)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Freq = Annotated[str, Query(description="period length: year, quarter or month")]


# -- payload functions (shared with the dashboard) -------------------------------------------
def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset: offset + limit]}


def document_summary(doc: Document) -> dict[str, Any]:
    data = doc.to_dict(with_text=False)
    data.pop("provenance", None)
    return data


def documents_payload(corpus: Any, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    docs = [document_summary(d) for d in corpus.documents(with_text=False)]
    return page(docs, limit, offset)


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
    event = corpus.event(event_id)
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
    from bilat.corpus import check_freq

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


def dyad_param(
    dyad: Annotated[str | None, Query(description="two actors, codes or names: USA,PAK")] = None,
) -> tuple[str, str] | None:
    """The dyad query parameter resolved to two codes; a UsageError (422) when unknown."""
    from bilat.filters import resolve_dyad

    return resolve_dyad(dyad) if dyad else None


Dyad = Annotated[tuple[str, str] | None, Depends(dyad_param)]


def themes_payload(corpus: Any, freq: str = "year") -> dict[str, Any]:
    """Theme and driver shares per period, each row with the theme's slug and label."""
    from bilat.filters import theme_label

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
    from bilat.analysis.figures import dyad_label

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


# -- endpoints ------------------------------------------------------------------------------
@router.get("/documents", summary="Documents, without their text")
def get_documents(corpus: Corpus, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return documents_payload(corpus, limit, offset)


@router.get("/documents/{doc_id}", summary="One document: text, mentions, figures, recommendations")
def get_document(corpus: Corpus, doc_id: str) -> dict[str, Any]:
    return document_payload(corpus, doc_id)


def _filter_values(
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    actor: Annotated[str | None, Query(description="actor code or name, e.g. USA, Pakistan, Islamabad")] = None,
    category: Annotated[str | None, Query(description="PLOVER category, e.g. AID")] = None,
    theme: Annotated[str | None, Query(description="theme or driver, slug or label: economic_aid, nuclear and missiles")] = None,
    modality: Annotated[str | None, Query(description="occurred, planned, recommended, hypothetical, negated")] = None,
    q: Annotated[str | None, Query(description="words in the quote")] = None,
) -> dict[str, str | None]:
    """The event filters as given (empty values dropped), checked by Corpus.events."""
    return {
        "date_from": date_from or None, "date_to": date_to or None, "actor": actor or None,
        "category": category or None, "theme": theme or None, "modality": modality or None, "q": q or None,
    }


FilterValues = Annotated[dict[str, str | None], Depends(_filter_values)]


def check_filters(values: FilterValues) -> dict[str, str | None]:
    """The filter values, their dates checked (well formed, not inverted); UsageError names
    the parameters as the query does ("from", "to")."""
    from bilat.filters import check_date_range

    check_date("from", values["date_from"])
    check_date("to", values["date_to"])
    # the rest is resolved by Corpus.events, as for the CLI
    check_date_range(values["date_from"], values["date_to"], ("from", "to"))
    return values


Filters = Annotated[dict[str, str | None], Depends(check_filters)]


def check_date(name: str, value: str | None) -> None:
    """Reject dates that look right but name no day ("2011-13-45")."""
    import datetime as dt

    if not value:
        return
    parts = value.split("-")
    try:
        if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
            raise ValueError
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise UsageError(f"bad date {value!r} for {name} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


@router.get("/events", summary="Fused events in date order, filtered and paginated")
def get_events(corpus: Corpus, filters: Filters, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return events_payload(corpus, limit, offset, **filters)


@router.get("/events/{event_id}", summary="One event with all its citations in context")
def get_event(corpus: Corpus, event_id: str) -> dict[str, Any]:
    return event_payload(corpus, event_id)


@router.get("/timeline", summary="Filtered events grouped by period")
def get_timeline(corpus: Corpus, filters: Filters, freq: Freq = "year") -> dict[str, Any]:
    return timeline_payload(corpus, freq, **filters)


@router.get("/index", summary="Cooperation-conflict index per period")
def get_index(corpus: Corpus, dyad: Dyad, freq: Freq = "year", per_100: bool = False) -> dict[str, Any]:
    """per_100=true: net intensity per 100 events in which either member of the dyad takes part;
    dyad=IND,CHN: another pair than the server's."""
    return index_payload(corpus, freq, per_100, dyad)


@router.get("/phases", summary="Phases of engagement and estrangement")
def get_phases(corpus: Corpus, dyad: Dyad, freq: Freq = "year") -> dict[str, Any]:
    return phases_payload(corpus, freq, dyad)


@router.get("/themes", summary="Theme shares per period")
def get_themes(corpus: Corpus, freq: Freq = "year") -> dict[str, Any]:
    return themes_payload(corpus, freq)


@router.get("/figures", summary="Quantitative claims; conflicts=true keeps only disputed ones")
def get_figures(corpus: Corpus, conflicts: bool = False) -> dict[str, Any]:
    return figures_payload(corpus, conflicts)


@router.get("/recommendations", summary="Policy recommendations with linked events")
def get_recommendations(corpus: Corpus) -> dict[str, Any]:
    return recommendations_payload(corpus)


@router.get("/characterizations", summary="Statements about the state of a relationship over a period")
def get_characterizations(
    corpus: Corpus,
    actor: Annotated[str | None, Query(description="an actor code, e.g. PAK")] = None,
    label: Annotated[str | None, Query(description="engagement, estrangement or mixed")] = None,
) -> dict[str, Any]:
    from bilat.filters import resolve_actor

    if label is not None and label not in CHARACTERIZATION_LABELS:
        raise UsageError(f"unknown label {label!r} (choose from {', '.join(CHARACTERIZATION_LABELS)})")
    return characterizations_payload(corpus, resolve_actor(actor) if actor else None, label)


@router.get("/sources", summary="Profiles of the sources: volume, tone, coverage")
def get_sources(corpus: Corpus) -> dict[str, Any]:
    return sources_payload(corpus)


@router.get("/search", summary="Full-text search over sentences")
def get_search(
    corpus: Corpus,
    q: Annotated[str, Query(min_length=1, description="search words")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    return search_payload(corpus, q, limit)
