"""Dashboard pages, rendered with Jinja2 from the same payload functions as the JSON API.

Every page names the endpoint that returns its data as JSON. All text from documents goes
through Jinja2's autoescaping (and, in the browser, through ``textContent``), so markup in a
source is shown as text and never runs.
"""
from __future__ import annotations

import functools
import logging
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from bilat.serve import api
from bilat.views import payloads
from bilat.views.charts import index_chart
from bilat.views.html import jinja_environment

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
NAV = (
    ("/", "Overview"), ("/timeline", "Timeline"), ("/documents", "Documents"),
    ("/figures", "Figures"), ("/characterizations", "Characterizations"), ("/recommendations", "Recommendations"),
    ("/sources", "Sources"), ("/search", "Search"),
)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja_environment("bilat.serve")
    env.globals["nav"] = NAV
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(
        path=request.url.path, **context
    )
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message,
                  title=f"Error {status}", api_url=None)


def corpus_dep(request: Request) -> Any:
    yield from api.corpus_dep(request)


Corpus = Annotated[Any, Depends(corpus_dep)]


def mark_segments(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split `text` into plain and marked segments; overlapping mentions share one mark."""
    spans = sorted(
        (m for m in mentions if 0 <= m["start"] < m["end"] <= len(text)),
        key=lambda m: (m["start"], m["end"]),
    )
    groups: list[dict[str, Any]] = []
    for m in spans:
        if groups and m["start"] < groups[-1]["end"]:
            groups[-1]["end"] = max(groups[-1]["end"], m["end"])
            groups[-1]["mentions"].append(m)
        else:
            groups.append({"start": m["start"], "end": m["end"], "mentions": [m]})
    segments: list[dict[str, Any]] = []
    pos = 0
    for g in groups:
        if g["start"] > pos:
            segments.append({"text": text[pos: g["start"]], "mentions": []})
        segments.append({"text": text[g["start"]: g["end"]], "mentions": g["mentions"],
                         "parts": _tagged_parts(text, g)})
        pos = g["end"]
    if pos < len(text):
        segments.append({"text": text[pos:], "mentions": []})
    return segments


def trigger_offset(text: str, mention: dict[str, Any]) -> int:
    """Where a mention's event is told: its trigger word inside its quote, else the quote's start."""
    import re

    trigger = (mention.get("trigger") or "").strip()
    if trigger:
        found = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", text[mention["start"]: mention["end"]], re.IGNORECASE)
        if found:
            return mention["start"] + found.start()
    return mention["start"]


def _tagged_parts(text: str, group: dict[str, Any]) -> list[dict[str, Any]]:
    """A marked segment cut where each of its events is told: [{"text", "tags"}], the tags
    (mentions) standing before the text they label, so labels sit inline at the trigger."""
    at: dict[int, list[dict[str, Any]]] = {}
    for m in group["mentions"]:
        at.setdefault(trigger_offset(text, m), []).append(m)
    cuts = sorted(at)
    if not cuts or cuts[0] != group["start"]:
        cuts.insert(0, group["start"])
    parts = []
    for n, cut in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else group["end"]
        parts.append({"text": text[cut:end], "tags": at.get(cut, [])})
    return parts


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, corpus: Corpus, freq: str = "year", per_100: bool = False) -> HTMLResponse:
    index = payloads.index_payload(corpus, freq, per_100)
    phases = payloads.phases_payload(corpus, freq)
    n_events, _ = corpus.event_page(0)  # counted, not read: a million events stay in the store
    n_documents, n_sources = corpus.document_counts()  # the documents naming no publisher count as one
    top_ids = {eid for ph in phases["items"] for eid in ph.get("top_events", [])[:3]}
    top = {e.id: payloads.event_summary(e) for e in corpus.events_by_id(sorted(top_ids))}
    from bilat.filters import dyad_name

    return render(
        request, "overview.html", title="Overview", dyad=dyad_name(index["dyad"]), freq=freq,
        per_100=per_100, index=index["items"],
        phases=phases["items"], top=top,
        spec=index_chart(index["items"], phases["items"], index["dyad"], per_100),
        n_events=n_events, n_documents=n_documents, n_sources=n_sources,
        api_url=f"/api/index?freq={freq}" + ("&per_100=true" if per_100 else ""),
        extra_api=[f"/api/phases?freq={freq}"],
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request, corpus: Corpus, filters: api.FilterValues,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    """The filtered timeline; a filter that can match nothing (an unknown actor or theme, a bad
    or inverted date) keeps the form and shows why, with status 422, as the API says it."""
    from bilat.errors import UsageError
    from bilat.filters import theme_vocabulary
    from bilat.model import MODALITIES
    from bilat.nlp.categories import CATEGORIES

    offset = (page - 1) * PAGE_SIZE
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    query = urlencode(params)
    try:
        # dates checked as the API checks them, so the message names the form's fields
        total, page_events = corpus.event_page(PAGE_SIZE, offset, **api.check_filters(filters))
        error = None
    except UsageError as exc:
        total, page_events, error = 0, [], str(exc)
    texts: dict[str, Any] = {}
    # the page's events come with their citations from one query: no look-up per event
    events = [payloads.cited_payload(corpus, e, texts) for e in page_events]
    return render(
        request, "timeline.html", status=422 if error else 200, title="Timeline", events=events,
        total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)), offset=offset,
        params=params, query=query, categories=CATEGORIES, modalities=MODALITIES, error=error,
        themes=theme_vocabulary(), api_url="/api/events" + (f"?{query}" if query else ""),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, corpus: Corpus, event_id: str) -> HTMLResponse:
    data = payloads.event_payload(corpus, event_id)
    return render(request, "event.html", title=f"Event {data['category']}", event=data,
                  api_url=f"/api/events/{event_id}")


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, corpus: Corpus) -> HTMLResponse:
    data = payloads.documents_payload(corpus, limit=api.MAX_LIMIT)
    return render(request, "documents.html", title="Documents", documents=data["items"],
                  total=data["total"], api_url="/api/documents")


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, corpus: Corpus, doc_id: str) -> HTMLResponse:
    data = payloads.document_payload(corpus, doc_id)
    return render(
        request, "document.html", title=data.get("title") or data["name"], doc=data,
        segments=mark_segments(data["text"], data["mentions"]), api_url=f"/api/documents/{doc_id}",
    )


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, corpus: Corpus, conflicts: bool = False) -> HTMLResponse:
    data = payloads.figures_payload(corpus, conflicts)
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in data["items"]:
        groups.setdefault(f.get("group") or f["subject"], []).append(f)
    return render(request, "figures.html", title="Figures", groups=groups, data=data,
                  only_conflicts=conflicts,
                  api_url="/api/figures" + ("?conflicts=true" if conflicts else ""))


@router.get("/recommendations", response_class=HTMLResponse)
def recommendations(request: Request, corpus: Corpus) -> HTMLResponse:
    data = payloads.recommendations_payload(corpus)
    return render(request, "recommendations.html", title="Recommendations", items=data["items"],
                  api_url="/api/recommendations")


@router.get("/characterizations", response_class=HTMLResponse)
def characterizations(request: Request, corpus: Corpus) -> HTMLResponse:
    data = payloads.characterizations_payload(corpus)
    return render(request, "characterizations.html", title="Characterizations", characterizations=data["items"],
                  api_url="/api/characterizations")


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, corpus: Corpus) -> HTMLResponse:
    data = payloads.sources_payload(corpus)
    return render(request, "sources.html", title="Sources", items=data["items"], api_url="/api/sources")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, corpus: Corpus, q: str = "") -> HTMLResponse:
    data = payloads.search_payload(corpus, q, limit=50) if q.strip() else None
    return render(request, "search.html", title="Search", q=q, data=data,
                  api_url=f"/api/search?{urlencode({'q': q})}" if q.strip() else None)
