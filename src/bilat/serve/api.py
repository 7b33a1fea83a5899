"""The JSON HTTP API: read-only views of a corpus.

Each endpoint is a thin wrapper over a payload function (``*_payload``, bilat.views.payloads)
that takes the corpus and plain arguments and returns JSON-ready data. The dashboard pages and
the report render the same payload functions, so everything a page shows is also available as
JSON at the endpoint named in its footer (datasette's rule).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from bilat.errors import UsageError
from bilat.model import CHARACTERIZATION_LABELS
from bilat.views.payloads import (DEFAULT_LIMIT, characterizations_payload, document_payload, documents_payload,
                                  event_payload, events_payload, figures_payload, index_payload, phases_payload,
                                  recommendations_payload, search_payload, sources_payload, themes_payload,
                                  timeline_payload)

log = logging.getLogger(__name__)

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


def dyad_param(
    dyad: Annotated[str | None, Query(description="two actors, codes or names: USA,PAK")] = None,
) -> tuple[str, str] | None:
    """The dyad query parameter resolved to two codes; a UsageError (422) when unknown."""
    from bilat.filters import resolve_dyad

    return resolve_dyad(dyad) if dyad else None


Dyad = Annotated[tuple[str, str] | None, Depends(dyad_param)]


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
