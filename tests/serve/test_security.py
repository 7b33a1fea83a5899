"""What every response carries and what every request must pass (serve/security.py)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bilat.serve.app import create_app
from bilat.serve.security import host_name


@pytest.fixture(scope="module")
def guarded(corpus):
    with TestClient(create_app(corpus, allowed_hosts=("monitor.example",)),
                    base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000",
                                  "LOCALHOST", "monitor.example", "monitor.example:80"])
def test_security_local_and_allowed_hosts_pass(guarded, host):
    assert guarded.get("/api/documents", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.attacker.example", "", "localhost.evil"])
def test_security_other_hosts_are_refused_with_the_api_error_shape(guarded, host):
    response = guarded.get("/api/documents", headers={"Host": host})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("host ") and "not allowed (serve with --allowed-host" in message


def test_security_refused_host_on_a_page_is_a_plain_line(guarded):
    response = guarded.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert response.text == ("Error 400: host 'attacker.example' not allowed "
                             "(serve with --allowed-host attacker.example to allow it)\n")


@pytest.mark.parametrize("path", ["/", "/api/documents", "/api/events/nope", "/static/app.js", "/docs"])
def test_security_headers_on_every_response(guarded, path):
    headers = guarded.get(path).headers
    assert "script-src 'self';" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_security_large_bodies_and_targets_are_refused(guarded):
    body = guarded.request("GET", "/api/documents", content=b"x" * (65 * 1024))
    assert body.status_code == 413
    assert body.json()["error"]["message"] == "request body over 65536 bytes (the API only reads)"
    target = guarded.get("/api/search", params={"q": "a" * 9000})
    assert target.status_code == 414


def test_security_docs_page_works_offline(guarded):
    page = guarded.get("/docs")
    assert page.status_code == 200
    for endpoint in ("/api/events", "/api/timeline", "/api/search"):
        assert f"GET {endpoint}</code>" in page.text
    assert "<code>from</code>" in page.text  # parameters listed with their names
    assert "cdn" not in page.text.lower() and "<script src=\"http" not in page.text
    assert guarded.get("/redoc").status_code == 404


@pytest.mark.parametrize("header, name", [("localhost:8000", "localhost"), ("[::1]:8000", "::1"),
                                          ("::1", "::1"), ("Example.ORG.", "example.org"), ("", "")])
def test_security_host_name(header, name):
    assert host_name(header) == name
