"""Every API parameter the CLI validates is validated the same way: 422 with the one error shape."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("url, message", [
    ("/api/events?actor=Pakistn", "unknown actor 'Pakistn'; did you mean Pakistan (PAK)"),
    ("/api/timeline?theme=nukes", "unknown theme 'nukes'"),
    ("/api/events?from=2020&to=2010", "from 2020 is after to 2010 (an empty range)"),
    ("/api/index?dyad=USA,XYZ", "unknown actor 'XYZ'"),
    ("/api/phases?dyad=USA", "bad dyad 'USA'"),
    ("/api/characterizations?actor=Atlantis", "unknown actor 'Atlantis'"),
])
def test_api_filters_unknown_values_are_422_with_the_error_shape(client, url, message):
    response = client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["status"] == 422 and body["error"]["message"].startswith(message), body


def test_api_filters_resolve_names_and_honour_the_dyad(client):
    by_name = client.get("/api/events?actor=Pakistan").json()
    assert by_name["total"] == client.get("/api/events?actor=PAK").json()["total"] > 0
    other = client.get("/api/index?dyad=PAK,IND").json()
    assert other["dyad"] == ["PAK", "IND"] and all(p["n_events"] == 0 for p in other["items"])
    assert client.get("/api/index").json()["dyad"] == ["USA", "PAK"]


def test_api_themes_give_slug_and_label(client):
    items = client.get("/api/themes").json()["items"]
    security = next(i for i in items if i["theme"] == "security")
    assert security["label"] == "security and counterterrorism"
