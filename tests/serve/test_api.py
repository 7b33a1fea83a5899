"""The JSON API through an in-process client, on a real Corpus over a hand-made store."""
from __future__ import annotations

import pytest

from bilat.model import MODALITIES
from bilat.nlp.categories import CATEGORIES

ENDPOINTS = [
    "/api/documents", "/api/documents/doc-ledger", "/api/events", "/api/timeline", "/api/index",
    "/api/phases", "/api/themes", "/api/search?q=aid",
]



def error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status
    return body["error"]["message"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_api_endpoint_returns_json(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()


def test_api_documents_lists_all_without_text(client, corpus):
    body = client.get("/api/documents").json()
    assert body["total"] == len(corpus.documents()) == 4
    assert {d["id"] for d in body["items"]} == {"doc-ledger", "doc-forum", "doc-office", "doc-hostile"}
    assert all("text" not in d for d in body["items"])


@pytest.mark.parametrize("limit,offset", [(1, 0), (2, 1), (3, 3), (10, 4)])
def test_api_documents_pagination(client, limit, offset):
    full = [d["id"] for d in client.get("/api/documents").json()["items"]]
    body = client.get(f"/api/documents?limit={limit}&offset={offset}").json()
    assert (body["total"], body["limit"], body["offset"]) == (4, limit, offset)
    assert [d["id"] for d in body["items"]] == full[offset: offset + limit]


def test_api_document_offsets_point_into_its_text(client):
    body = client.get("/api/documents/doc-ledger").json()
    assert len(body["mentions"]) == 4
    for m in body["mentions"]:
        assert body["text"][m["start"]: m["end"]] == m["quote"]
        assert m["event_id"], "every mention belongs to a fused event"
    assert [f["value"] for f in body["figures"]] == [1.5e9]


@pytest.mark.parametrize("url,what", [
    ("/api/documents/no-such-doc", "no-such-doc"),
    ("/api/events/ev_missing", "ev_missing"),
    ("/api/no/such/route", "/api/no/such/route"),
])
def test_api_not_found_has_error_shape(client, url, what):
    assert what in error_of(client.get(url), 404)


@pytest.mark.parametrize("query,check", [
    ("category=AID", lambda e: e["category"] == "AID"),
    ("category=sanction", lambda e: e["category"] == "SANCTION"),
    ("actor=usa", lambda e: "USA" in (e["source_actor"], e["target_actor"])),
    ("from=2011&to=2011", lambda e: e["date"].startswith("2011")),
    ("from=2009", lambda e: e["date"] >= "2009"),
    ("to=2005", lambda e: e["date"][:4] <= "2005"),
    ("theme=security", lambda e: "security" in e["themes"]),
    ("modality=planned", lambda e: e["modality"] == "planned"),
    ("q=supply routes", lambda e: "supply routes" in e["quote"]),
])
def test_api_events_filters(client, query, check):
    body = client.get(f"/api/events?{query}").json()
    assert 0 < body["total"] < 9
    assert len(body["items"]) == body["total"]
    assert all(check(e) for e in body["items"]), body["items"]


def test_api_events_filters_combine_and_report_themselves(client):
    body = client.get("/api/events?actor=USA&category=CONSULT&from=2010").json()
    assert [e["date"] for e in body["items"]] == ["2012"]
    assert body["filters"] == {"actor": "USA", "category": "CONSULT", "date_from": "2010"}


def test_api_events_in_date_order_and_paginated(client):
    full = client.get("/api/events").json()
    assert full["total"] == 9
    dates = [e["date"] for e in full["items"]]
    assert dates == sorted(dates)
    pages = [client.get(f"/api/events?limit=4&offset={o}").json() for o in (0, 4, 8)]
    assert [len(p["items"]) for p in pages] == [4, 4, 1]
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in full["items"]]


@pytest.mark.parametrize("url,names", [
    ("/api/events?category=FRIENDSHIP", ["FRIENDSHIP", *CATEGORIES]),
    ("/api/events?modality=maybe", ["maybe", *MODALITIES]),
    ("/api/events?from=2011-13-45", ["2011-13-45", "YYYY-MM-DD"]),
    ("/api/events?to=last%20year", ["last year"]),
    ("/api/timeline?category=FRIENDSHIP", ["AGREE"]),
    ("/api/index?freq=week", ["week", "year", "quarter", "month"]),
    ("/api/themes?freq=decade", ["decade", "year"]),
    ("/api/phases?freq=week", ["week", "month"]),
    ("/api/events?limit=0", ["limit"]),
    ("/api/events?limit=5000", ["limit", "1000"]),
    ("/api/events?offset=-1", ["offset"]),
    ("/api/search", ["q"]),
    ("/api/search?q=", ["q"]),
    ("/api/figures?conflicts=perhaps", ["conflicts"]),
])
def test_api_bad_values_are_422_naming_choices(client, url, names):
    message = error_of(client.get(url), 422)
    for name in names:
        assert name in message


def test_api_is_read_only(client):
    for method in ("post", "put", "delete"):
        error_of(getattr(client, method)("/api/events"), 405)


def test_api_event_has_all_citations_in_context(client):
    aid = client.get("/api/events?category=AID").json()["items"]
    assert len(aid) == 1
    body = client.get(f"/api/events/{aid[0]['id']}").json()
    assert {c["doc_id"] for c in body["citations"]} == {"doc-ledger", "doc-forum"}
    assert body["sources"] == 2
    assert any("amount" in d for d in body["disagreements"])
    for c in body["citations"]:
        assert c["context"]["quote"] == c["quote"]
        assert c["title"] in ("Aid flows and frictions", "Rebuilding the partnership")
    ledger = next(c for c in body["citations"] if c["doc_id"] == "doc-ledger")
    assert ledger["context"]["before"] == ""
    assert ledger["context"]["after"].lstrip().startswith("In 2011, the United States suspended")


@pytest.mark.parametrize("freq,periods", [
    ("year", ["2001", "2005", "2009", "2011", "2012"]),
    ("quarter", ["2001Q3", "2001Q4", "2011Q3", "2011Q4", None]),
    ("month", ["2001-09", "2001-12", "2011-07", "2011-11", None]),
])
def test_api_timeline_groups_events_by_period(client, freq, periods):
    body = client.get(f"/api/timeline?freq={freq}").json()
    assert [g["period"] for g in body["items"]] == periods
    assert sum(len(g["events"]) for g in body["items"]) == 9


@pytest.mark.parametrize("freq,first", [("year", "2001"), ("quarter", "2001Q3"), ("month", "2001-09")])
def test_api_index_per_frequency(client, freq, first):
    body = client.get(f"/api/index?freq={freq}").json()
    assert body["freq"] == freq
    points = body["items"]
    assert points[0]["period"] == first
    scored = {p["period"]: p for p in points if p["score"] is not None}
    if freq == "year":
        assert scored["2011"]["score"] < 0 < scored["2009"]["score"]
        assert scored["2011"]["conflictual"] == 3


def test_api_phases_and_themes(client):
    phases = client.get("/api/phases").json()["items"]
    assert phases and {"start", "end", "label", "mean_score", "top_events"} <= set(phases[0])
    events = {e["id"] for e in client.get("/api/events").json()["items"]}
    assert all(eid in events for ph in phases for eid in ph["top_events"])
    themes = client.get("/api/themes").json()["items"]
    security = {t["period"]: t["count"] for t in themes if t["theme"] == "security"}
    assert security == {"2001": 2, "2011": 2}


def test_api_search_returns_quotes_with_offsets(client):
    body = client.get("/api/search?q=suspended military aid&limit=3").json()
    assert body["q"] == "suspended military aid"
    assert 0 < len(body["items"]) <= 3
    top = body["items"][0]
    assert top["doc_id"] == "doc-ledger" and "suspended" in top["quote"]
    text = client.get("/api/documents/doc-ledger").json()["text"]
    assert text[top["start"]: top["end"]] == top["quote"]
    scores = [r["score"] for r in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_api_search_without_match_is_empty(client):
    assert client.get("/api/search?q=zeppelin").json() == {"q": "zeppelin", "total": 0, "items": []}


@pytest.mark.parametrize("conflicts", [False, True])
def test_api_figures_flags_conflicts(client, conflicts):
    body = client.get(f"/api/figures?conflicts={str(conflicts).lower()}").json()
    values = sorted(f["value"] for f in body["items"])
    assert values == [1.5e9, 7.5e9]
    assert all(f["conflict"] for f in body["items"])
    assert body["conflicts"]


def test_api_recommendations(client):
    body = client.get("/api/recommendations").json()
    assert body["total"] == 2
    assert {r["actor"] for r in body["items"]} == {"USA", "PAK"}
    assert all(isinstance(r["events"], list) for r in body["items"])


def test_api_sources(client):
    body = client.get("/api/sources").json()
    assert body["total"] >= 4
    assert "Daily Ledger" in str(body["items"])


def test_api_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events/{event_id}",
                 "/api/timeline", "/api/index", "/api/phases", "/api/themes", "/api/figures",
                 "/api/recommendations", "/api/sources", "/api/search"):
        assert path in paths
    assert not any(p.startswith("/static") or p == "/" for p in paths)
    assert client.get("/docs").status_code == 200


def test_api_opens_database_path_read_only(corpus_db):
    from fastapi.testclient import TestClient

    from bilat.serve.app import create_app

    with TestClient(create_app(corpus_db), base_url="http://127.0.0.1") as c:
        assert c.get("/api/documents").json()["total"] == 4


def test_api_characterizations(client):
    body = client.get("/api/characterizations").json()
    assert body["total"] == 2
    assert {c["label"] for c in body["items"]} == {"estrangement", "mixed"}
    assert client.get("/api/characterizations?label=mixed").json()["total"] == 1
    bad = client.get("/api/characterizations?label=friendly")
    assert bad.status_code == 422 and "choose from engagement, estrangement, mixed" in bad.json()["error"]["message"]


def test_api_phases_report_evidence_from_events(client):
    body = client.get("/api/phases").json()
    for phase in body["items"]:
        assert {"evidence", "weak", "n_characterizations"} <= set(phase)
        if phase["evidence"] and phase["label"] != "mixed":
            assert phase["evidence"][0]["agrees"]


def test_api_index_per_100_names_its_scale(client):
    plain = client.get("/api/index").json()
    body = client.get("/api/index?per_100=true").json()
    assert body["per_100"] is True and "per 100 events" in body["scale"]
    assert "mean" in plain["scale"] and plain["dyad"] == body["dyad"] == ["USA", "PAK"]
    scored = [p for p in body["items"] if p["score"] is not None]
    assert scored and all(p["volume"] >= p["n_events"] for p in scored)


def test_api_documents_are_counted_and_paged_in_sql(client, corpus):
    every = [d.id for d in corpus.documents(with_text=False)]
    first = client.get("/api/documents?limit=2&offset=1").json()
    assert first["total"] == len(every) and [d["id"] for d in first["items"]] == every[1:3]
    assert client.get(f"/api/documents?offset={len(every)}").json()["items"] == []
    docs = corpus.documents(with_text=False)
    assert corpus.document_counts() == (len(docs), len({d.publisher for d in docs}))
