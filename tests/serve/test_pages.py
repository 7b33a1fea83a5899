"""Dashboard pages render from the API's payloads and escape every piece of source text."""
from __future__ import annotations

import re

import pytest

from bilat.serve.pages import mark_segments
from bilat.views.html import script_json
from tests.serve.corpus_fixture import XSS_IMG, XSS_SCRIPT

PAGES = ["/", "/?freq=quarter", "/timeline", "/timeline?category=AID&from=2009", "/documents",
         "/documents/doc-ledger", "/figures", "/figures?conflicts=true", "/recommendations", "/characterizations",
         "/sources", "/search", "/search?q=aid"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text[-500:]
    assert r.headers["content-type"].startswith("text/html")
    assert "<nav>" in r.text and "/docs" in r.text


@pytest.mark.parametrize("url", ["/documents/doc-hostile", "/timeline", "/search?q=officials+trade",
                                 "/events/{hostile_event}"])
def test_pages_escape_markup_from_sources(client, url):
    if "{hostile_event}" in url:
        event = client.get("/api/events?q=quietly").json()["items"][0]
        url = url.format(hostile_event=event["id"])
    html = client.get(url).text
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_document_marks_every_mention(client):
    html = client.get("/documents/doc-ledger").text
    assert html.count('<mark class="ev"') == 4
    for n in range(4):
        assert f'id="m-doc-ledger:m{n}"' in html


def test_pages_timeline_shows_citations_in_context(client):
    html = client.get("/timeline?category=AID").text
    assert html.count("<details>") == 1
    assert "<mark>Congress approved $7.5 billion in civilian aid to Pakistan in 2009.</mark>" in html
    assert "<mark>Washington pledged $1.5 billion in economic aid to Pakistan in 2009.</mark>" in html


def test_pages_figures_highlight_conflicts(client):
    html = client.get("/figures").text
    # the conflict lists each source's value and period, and both figures are marked in their group
    assert html.count('<tr class="conflict">') == 4
    assert "aid USA → PAK" in html and html.count("<td>2009</td>") == 4


@pytest.mark.parametrize("url,status,text", [
    ("/events/ev_nope", 404, "no event with id"),
    ("/documents/nope", 404, "no document with id"),
    ("/timeline?category=FRIENDSHIP", 422, "choose from AGREE"),
    ("/no-such-page", 404, "no such page"),
])
def test_pages_errors_are_html(client, url, status, text):
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert text in r.text


def test_pages_static_files(client):
    assert "vegaEmbed" in client.get("/static/vega.js").text
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert "font-family" in client.get("/static/style.css").text


def test_pages_script_json_cannot_close_the_script():
    text = script_json({"q": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text


@pytest.mark.parametrize("spans,expected", [
    ([], [("abcdefghij", 0)]),
    ([(2, 4)], [("ab", 0), ("cd", 1), ("efghij", 0)]),
    ([(0, 3), (2, 5), (7, 10)], [("abcde", 2), ("fg", 0), ("hij", 1)]),
    ([(3, 3), (8, 20)], [("abcdefghij", 0)]),
])
def test_pages_mark_segments(spans, expected):
    mentions = [{"start": s, "end": e, "id": str(n)} for n, (s, e) in enumerate(spans)]
    segments = mark_segments("abcdefghij", mentions)
    assert [(s["text"], len(s["mentions"])) for s in segments] == expected


@pytest.mark.parametrize(
    "basis, mark",
    [("publication", "(publication date)"), ("context", "\u2248"), ("explicit", None), ("relative", None)],
)
def test_pages_event_head_marks_dates_the_text_did_not_state(basis, mark):
    from bilat.model import Event
    from bilat.serve.pages import environment

    event = Event(id="e1", category="AID", source_actor="NOR", target_actor="SDN", date="2023-11-03",
                  date_precision="day", modality="occurred", quote="q", date_basis=basis)
    html = environment().from_string('{% from "_macros.html" import event_head %}{{ event_head(e) }}').render(
        e=event.to_dict())
    assert ('class="date-basis"' in html) == (mark is not None)
    if mark:
        assert mark in html and 'title="not stated' in html


def test_pages_characterizations_escape_their_quotes(client):
    html = client.get("/characterizations").text
    assert XSS_IMG not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "estrangement" in html and "/documents/doc-ledger" in html


def test_pages_document_labels_stand_at_the_trigger_word():
    from bilat.serve.pages import mark_segments

    text = "Intro. Later the army closed the routes and reopened them."
    start = text.index("Later")
    mentions = [{"id": "m0", "start": start, "end": len(text), "trigger": "closed", "category": "COERCE"},
                {"id": "m1", "start": start, "end": len(text), "trigger": "reopened", "category": "RETREAT"}]
    [_, marked] = mark_segments(text, mentions)
    assert [(p["text"], [m["id"] for m in p["tags"]]) for p in marked["parts"]] == [
        ("Later the army ", []), ("closed the routes and ", ["m0"]), ("reopened them.", ["m1"])]


def test_pages_document_label_precedes_its_sentence_text(client):
    html = client.get("/documents/doc-ledger").text
    assert re.search(r'<mark class="ev"[^>]*><a class="tag cat-aid"[^>]*>AID</a>Washington pledged', html)


def test_pages_sources_lists_publishers_with_their_characterizations(client):
    html = client.get("/sources").text
    assert "<th>Publisher</th><th>Kind of source</th>" in html
    assert '<td class="publisher">Daily Ledger</td>' in html
    assert '<span class="phase phase-estrangement">estrangement 1</span>' in html
    assert "security and counterterrorism" in html  # themes by label


@pytest.mark.parametrize("query, message", [
    ("actor=Atlantis", "unknown actor &#39;Atlantis&#39;"),
    ("from=2012&to=2010", "from 2012 is after to 2010"),
])
def test_pages_timeline_keeps_the_form_and_says_why_a_filter_fails(client, query, message):
    r = client.get(f"/timeline?{query}")
    assert r.status_code == 422
    assert '<form class="filters"' in r.text and f'<p class="error" role="alert" id="filter-error">{message}' in r.text


def test_pages_overview_names_the_dyad(client):
    assert "<h1>Pakistan–United States relations: overview</h1>" in client.get("/").text


def test_pages_overview_counts_the_events_without_reading_them_all(client, corpus, monkeypatch):
    total = corpus.store.event_count()
    monkeypatch.setattr(corpus.store, "events", lambda filters=None, **kw: pytest.fail("read every event")
                        if filters is None else type(corpus.store).events(corpus.store, filters, **kw))
    html = client.get("/?freq=quarter").text  # a period the other tests have not cached
    assert f"<strong>{total}</strong> events" in html
