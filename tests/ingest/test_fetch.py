"""URLs against a local http.server on 127.0.0.1: pages, PDFs, errors, limits, refusal."""
from __future__ import annotations

from pathlib import Path

import pytest

import bilat.ingest.fetch as fetch_module
from bilat.config import Settings
from bilat.errors import FetchError, InputError
from bilat.ingest import load_document
from bilat.ingest.fetch import SUPPORTED_TYPES, check_address
from tests.ingest.conftest import DATA, Route, make_pdf

LOCAL = Settings(allow_private=True, timeout=5.0)


def _reason(url: str, settings: Settings) -> str:
    with pytest.raises(InputError) as caught:  # FetchError, or InputError for bad content
        load_document(url, settings)
    assert str(caught.value) == f"{url}: {caught.value.reason}"
    return caught.value.reason


def test_fetch_html_page(server) -> None:
    server.routes["/news/trade"] = Route((DATA / "article_meta.html").read_bytes())
    url = server.url("/news/trade")
    doc = load_document(url, LOCAL)
    assert doc.source == url and doc.kind == "url"
    assert doc.title == "Trade Ministers Agree to Revive Joint Council After Long Pause"
    assert doc.provenance["title"] == "meta"
    assert "revive a joint council" in doc.text


def test_fetch_plain_text_latin1_charset(server) -> None:
    body = "Les ministres se sont réunis à Genève.".encode("latin-1")
    server.routes["/note"] = Route(body, "text/plain; charset=ISO-8859-1")
    assert load_document(server.url("/note"), LOCAL).text == "Les ministres se sont réunis à Genève."


def test_fetch_pdf(server, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "b.pdf", [["A Short Brief", "The envoys agreed to meet again in the autumn to "
                                         "review the border trade arrangements."]])
    server.routes["/brief"] = Route(pdf.read_bytes(), "application/pdf")
    doc = load_document(server.url("/brief"), LOCAL)
    assert "envoys agreed to meet again" in doc.text


def test_fetch_follows_redirects_checking_each_hop(server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route((DATA / "article_jsonld.html").read_bytes())
    checked: list[str] = []
    monkeypatch.setattr(fetch_module, "check_address",
                        lambda url, settings: checked.append(url) or check_address(url, settings))
    doc = load_document(server.url("/old"), LOCAL)
    assert doc.source == server.url("/old") and doc.title == "Envoys Open Talks on Water Sharing"
    assert checked == [server.url("/old"), server.url("/new")]


def test_fetch_redirect_loop(server) -> None:
    server.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    assert _reason(server.url("/loop"), LOCAL) == "too many redirects (more than 5)"


@pytest.mark.parametrize(
    "route, settings, reason",
    [
        (Route(b"gone", status=404), LOCAL, "HTTP error 404 Not Found"),
        (Route(b"oops", status=500), LOCAL, "HTTP error 500 Internal Server Error"),
        (Route(b"<p>late</p>", delay=1.5), Settings(allow_private=True, timeout=0.3), "timed out after 0.3 s"),
        (Route(b"<p>" + b"word " * 100 + b"</p>"), Settings(allow_private=True, max_bytes=100),
         "over the size cap of 100 bytes"),
        (Route(b"<p>" + b"word " * 100 + b"</p>", send_length=False), Settings(allow_private=True, max_bytes=100),
         "over the size cap of 100 bytes"),
        (Route(b"\x89PNG....", "image/png"), LOCAL, f"unsupported content type 'image/png' (supported: {SUPPORTED_TYPES})"),
        (Route(b"{}", "application/json"), LOCAL,
         f"unsupported content type 'application/json' (supported: {SUPPORTED_TYPES})"),
        (Route(b"", "text/html"), LOCAL, "empty file"),
    ],
)
def test_fetch_bad_responses(server, route: Route, settings: Settings, reason: str) -> None:
    server.routes["/x"] = route
    assert _reason(server.url("/x"), settings) == reason


def test_fetch_refuses_loopback_without_allow_private(server) -> None:
    server.routes["/page"] = Route((DATA / "article_meta.html").read_bytes())
    reason = _reason(server.url("/page"), Settings())
    assert reason == "refused: 127.0.0.1 resolves to a loopback address 127.0.0.1 (use --allow-private to allow)"


@pytest.mark.parametrize(
    "url, kind",
    [
        ("http://10.1.2.3/a", "a private"),
        ("http://192.168.0.10/a", "a private"),
        ("http://169.254.169.254/latest/meta-data", "a link-local"),
        ("http://[::1]/a", "a loopback"),
        ("http://0.0.0.0/a", "an unspecified"),
        ("http://240.0.0.1/a", "a reserved"),
        ("http://[::ffff:127.0.0.1]/a", "a loopback"),
    ],
)
def test_fetch_check_address_refuses_non_public(url: str, kind: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_address(url, Settings())
    assert f"resolves to {kind} address" in caught.value.reason
    check_address(url, Settings(allow_private=True))  # allowed on request


def test_fetch_unknown_host_is_reported() -> None:
    with pytest.raises(FetchError) as caught:
        check_address("http://no-such-host.invalid/a", Settings())
    assert caught.value.reason.startswith("cannot resolve host 'no-such-host.invalid'")


def test_fetch_unsupported_scheme() -> None:
    with pytest.raises(FetchError) as caught:
        check_address("ftp://example.org/a.txt", Settings())
    assert caught.value.reason == "unsupported URL scheme 'ftp' (supported: http, https)"
