"""URLs against local servers on 127.0.0.1: pages, PDFs, errors, limits, refusal, pinning, deadline.

No test sends traffic anywhere but 127.0.0.1 or resolves a real name: `resolver` stubs
socket.getaddrinfo, and `connects` fails any test whose fetch tries another address.
"""
from __future__ import annotations

import ipaddress
import pickle
import socket
import socketserver
import ssl
import threading
import time
from pathlib import Path

import httpcore
import pytest

import bilat.ingest.fetch as fetch_module
from bilat.config import Settings
from bilat.errors import FetchError, InputError
from bilat.ingest import load_document
from bilat.ingest.fetch import SUPPORTED_TYPES, Fetched, Prefetched, address_refusal, check_address, fetch
from tests.ingest.conftest import DATA, Route, make_pdf

LOCAL = Settings(allow_private=True, timeout=5.0)
PUBLIC = "93.184.215.14"  # a public-looking address: `connects` reroutes it, nothing is sent there
NEVER = ("link-local, cloud metadata, unspecified and multicast addresses are never fetched, "
         "not even with --allow-private")


class StubResolver:
    """socket.getaddrinfo for names in `answers` (one answer list per call, the last repeating).

    Numeric hosts are answered as themselves; any other name fails as unknown.
    """

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.calls: list[str] = []

    def __call__(self, host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:
        try:
            return [self._info(str(ipaddress.ip_address(host)), port)]
        except ValueError:
            pass
        self.calls.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers = self.answers[host]
        return [self._info(a, port) for a in answers[min(self.calls.count(host), len(answers)) - 1]]

    @staticmethod
    def _info(address: str, port: object) -> tuple:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port or 0)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> StubResolver:
    stub = StubResolver()
    monkeypatch.setattr(socket, "getaddrinfo", stub)
    return stub


class Connects:
    """Every TCP connect httpcore makes, as (host, port); `reroute` maps an address to a local one."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []
        self.reroute: dict[str, str] = {}


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> Connects:
    record = Connects()
    real = httpcore.SyncBackend.connect_tcp

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object):
        record.seen.append((host, port))
        target = record.reroute.get(host, host)
        if target != "127.0.0.1":
            pytest.fail(f"a connection was attempted to {host}:{port}")
        return real(self, target, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    return record


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
        ("http://[::1]/a", "a loopback"),
        ("http://240.0.0.1/a", "a reserved"),
        ("http://[::ffff:127.0.0.1]/a", "a loopback"),
        ("http://[fd12:3456::1]/a", "a private"),
    ],
)
def test_fetch_check_address_refuses_non_public(url: str, kind: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_address(url, Settings())
    assert f"resolves to {kind} address" in caught.value.reason
    assert caught.value.reason.endswith("(use --allow-private to allow)")
    check_address(url, Settings(allow_private=True))  # allowed on request


@pytest.mark.parametrize(
    "host, shown",
    [
        ("169.254.169.254", "a link-local address 169.254.169.254"),
        ("169.254.1.1", "a link-local address 169.254.1.1"),
        ("[fe80::1]", "a link-local address fe80::1"),
        ("[::ffff:169.254.169.254]", "a link-local address ::ffff:a9fe:a9fe (IPv4 169.254.169.254)"),
        ("[64:ff9b::169.254.169.254]", "a link-local address 64:ff9b::a9fe:a9fe (IPv4 169.254.169.254)"),
        ("[2002:a9fe:a9fe::1]", "a link-local address 2002:a9fe:a9fe::1 (IPv4 169.254.169.254)"),
        ("0.0.0.0", "an unspecified address 0.0.0.0"),
        ("[::]", "an unspecified address ::"),
        ("[::ffff:0.0.0.0]", "an unspecified address ::ffff:0:0 (IPv4 0.0.0.0)"),
        ("224.0.0.1", "a multicast address 224.0.0.1"),
        ("100.100.100.200", "a cloud metadata address 100.100.100.200"),
        ("[fd00:ec2::254]", "a cloud metadata address fd00:ec2::254"),
    ],
)
def test_fetch_check_address_never_allows_link_local_or_metadata(host: str, shown: str) -> None:
    url = f"http://{host}/latest/meta-data"
    for settings in (Settings(), Settings(allow_private=True)):
        with pytest.raises(FetchError) as caught:
            check_address(url, settings)
        assert caught.value.reason == f"refused: {host.strip('[]')} resolves to {shown} ({NEVER})"


def test_fetch_address_refusal_public_is_none() -> None:
    assert address_refusal(ipaddress.ip_address(PUBLIC), allow_private=False) is None
    assert address_refusal(ipaddress.ip_address("2606:2800:220:1::1"), allow_private=False) is None


def test_fetch_unknown_host_is_reported(resolver: StubResolver) -> None:
    with pytest.raises(FetchError) as caught:
        check_address("http://no-such-host.invalid/a", Settings())
    assert caught.value.reason == "cannot resolve host 'no-such-host.invalid' ([Errno -2] Name or service not known)"
    assert resolver.calls == ["no-such-host.invalid"]


def test_fetch_host_with_any_refused_address_is_refused(resolver: StubResolver) -> None:
    resolver.answers["news.example"] = [[PUBLIC, "10.0.0.7"]]
    with pytest.raises(FetchError) as caught:
        check_address("http://news.example/a", Settings())
    assert caught.value.reason == ("refused: news.example resolves to a private address 10.0.0.7 "
                                   "(use --allow-private to allow)")


# -- pinning: the address checked is the address connected to ---------------------------------
def test_fetch_connects_to_checked_address_keeping_host_header(server, resolver, connects) -> None:
    server.routes["/page"] = Route((DATA / "article_meta.html").read_bytes())
    url = server.url("/page", host="news.example")
    resolver.answers["news.example"] = [["127.0.0.1"]]
    fetched = fetch(url, LOCAL)
    assert fetched.url == url and fetched.kind == "html"
    assert server.requests == [("/page", f"news.example:{server.port}")]
    assert resolver.calls == ["news.example"]
    assert connects.seen == [("127.0.0.1", server.port)]


def test_fetch_dns_rebinding_answer_is_never_used(server, resolver, connects) -> None:
    # a rebinding name: public when checked, loopback when asked again; only one answer is used
    server.routes["/page"] = Route((DATA / "article_meta.html").read_bytes())
    resolver.answers["news.example"] = [[PUBLIC], ["127.0.0.1"]]
    connects.reroute[PUBLIC] = "127.0.0.1"  # the test's network: the public address is the local server
    doc = load_document(server.url("/page", host="news.example"), Settings(timeout=5.0))
    assert doc.title == "Trade Ministers Agree to Revive Joint Council After Long Pause"
    assert resolver.calls == ["news.example"]
    assert connects.seen == [(PUBLIC, server.port)]
    assert server.requests == [("/page", f"news.example:{server.port}")]


def test_fetch_redirect_hop_is_resolved_and_checked_again(server, resolver, connects) -> None:
    server.routes["/hop"] = Route(b"", status=302, headers={"Location": "/page"})
    server.routes["/page"] = Route((DATA / "article_meta.html").read_bytes())
    resolver.answers["news.example"] = [[PUBLIC], ["127.0.0.1"]]
    connects.reroute[PUBLIC] = "127.0.0.1"
    url = server.url("/hop", host="news.example")
    with pytest.raises(FetchError) as caught:
        fetch(url, Settings(timeout=5.0))
    assert caught.value.reason == ("refused: news.example resolves to a loopback address 127.0.0.1 "
                                   "(use --allow-private to allow)")
    assert resolver.calls == ["news.example", "news.example"]
    assert server.requests == [("/hop", f"news.example:{server.port}")]


@pytest.mark.parametrize(
    "location, shown",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 resolves to a link-local address 169.254.169.254"),
        ("http://[::ffff:169.254.169.254]/latest/",
         "::ffff:169.254.169.254 resolves to a link-local address ::ffff:a9fe:a9fe (IPv4 169.254.169.254)"),
        ("http://metadata.internal/computeMetadata/v1/",
         "metadata.internal resolves to a link-local address 169.254.169.254"),
        ("http://0.0.0.0:80/", "0.0.0.0 resolves to an unspecified address 0.0.0.0"),
    ],
)
def test_fetch_redirect_to_metadata_refused_before_connecting(server, resolver, connects, location: str,
                                                              shown: str) -> None:
    server.routes["/go"] = Route(b"", status=302, headers={"Location": location})
    resolver.answers["metadata.internal"] = [["169.254.169.254"]]
    url = server.url("/go")
    with pytest.raises(FetchError) as caught:
        fetch(url, LOCAL)  # allow_private does not open link-local or metadata addresses
    assert caught.value.reason == f"refused: {shown} ({NEVER})"
    assert connects.seen == [("127.0.0.1", server.port)]  # the only connection: the allowed first hop


def _tls_files(tmp_path: Path, name: str) -> tuple[str, Path, Path]:
    """A throwaway CA (PEM text) and a certificate and key (files) for `name` signed by it."""
    pytest.importorskip("cryptography")  # installed with pdfminer.six
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def build(subject: str, key, issuer: str, issuer_key, ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(hours=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = build("bilat test CA", ca_key, "bilat test CA", ca_key, ca=True)
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(build(name, key, "bilat test CA", ca_key, ca=False).public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca.public_bytes(serialization.Encoding.PEM).decode(), cert_file, key_file


@pytest.mark.parametrize("certified, ok", [("news.example", True), ("other.example", False)])
def test_fetch_https_to_pinned_address_verifies_the_host_name(server, resolver, connects, monkeypatch,
                                                             tmp_path: Path, certified: str, ok: bool) -> None:
    ca, cert_file, key_file = _tls_files(tmp_path, certified)
    names: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    monkeypatch.setattr(fetch_module.httpx, "create_ssl_context", lambda: ssl.create_default_context(cadata=ca))
    server.routes["/page"] = Route(b"<p>over TLS</p>")
    resolver.answers["news.example"] = [["127.0.0.1"]]
    url = f"https://news.example:{server.port}/page"
    if ok:
        assert fetch(url, LOCAL).data == b"<p>over TLS</p>"
        assert server.requests == [("/page", f"news.example:{server.port}")]
    else:
        with pytest.raises(FetchError, match="certificate verify failed: Hostname mismatch"):
            fetch(url, LOCAL)
    assert names == ["news.example"]  # SNI names the host, not the address connected to
    assert connects.seen == [("127.0.0.1", server.port)]


# -- one deadline for the whole fetch -------------------------------------------------------
class TrickleServer:
    """A TCP server on 127.0.0.1 that reads a request, then answers slowly (`mode`).

    headers: the status line and headers a byte every 0.1 s; silent: nothing at all;
    body: quick headers, then the body a byte every 0.1 s. Each connection gives up after
    10 s or when the test stops the server.
    """

    def __init__(self, mode: str) -> None:
        stop = self.stop = threading.Event()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(1.0)
                self.request.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
                if mode == "body":
                    self.request.sendall(head)
                trickle = {"headers": head, "body": b"x" * 1000}.get(mode, b"\0" * 100)
                for byte in trickle:  # at most 10 s
                    if stop.wait(0.1):
                        return
                    try:
                        if mode != "silent":
                            self.request.sendall(bytes([byte]))
                    except OSError:
                        return  # the client gave up, as it should

        self.tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.tcp.daemon_threads = True
        self.thread = threading.Thread(target=self.tcp.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.tcp.server_address[1]}{path}"

    def __enter__(self) -> "TrickleServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.tcp.shutdown()
        self.tcp.server_close()


@pytest.mark.parametrize("mode", ["headers", "silent", "body"])
def test_fetch_total_timeout_cuts_off_slow_server(mode: str, connects) -> None:
    settings = Settings(allow_private=True, timeout=1.0)
    with TrickleServer(mode) as slow:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetch(slow.url("/slow"), settings)
        elapsed = time.monotonic() - started
    assert caught.value.reason == "timed out after 1 s"
    assert elapsed < settings.timeout + 1.5


# -- one request per URL --------------------------------------------------------------------
def test_fetch_prefetched_url_is_not_requested_again(server) -> None:
    server.routes["/page"] = Route(b"<p>hello</p>")
    url = server.url("/page")
    carried = Prefetched(url, fetch(url, LOCAL))
    assert fetch(carried, LOCAL).data == b"<p>hello</p>"
    assert server.requests == [("/page", f"127.0.0.1:{server.port}")]
    assert carried.outcome is None  # the bytes are handed over once, then freed
    assert fetch(carried, LOCAL).data == b"<p>hello</p>" and len(server.requests) == 2


def test_fetch_prefetched_error_and_kind_are_reported() -> None:
    refused = Prefetched("javascript:alert(1)", FetchError("javascript:alert(1)", "refused entry"))
    for _ in range(2):
        with pytest.raises(FetchError, match="refused entry"):
            fetch(refused, LOCAL)
    image = Prefetched("http://127.0.0.1:9/i", Fetched("http://127.0.0.1:9/i", "image/png", None, "feed", b"x"))
    with pytest.raises(FetchError, match="unsupported content type 'image/png'"):
        fetch(image, LOCAL, accept=("html",))


def test_fetch_prefetched_pickles_as_plain_str() -> None:
    carried = Prefetched("http://127.0.0.1:9/p", Fetched("http://127.0.0.1:9/p", "text/html", None, "html", b"x"))
    restored = pickle.loads(pickle.dumps(carried))
    assert type(restored) is str and restored == "http://127.0.0.1:9/p"


def test_fetch_unsupported_scheme() -> None:
    with pytest.raises(FetchError) as caught:
        check_address("ftp://example.org/a.txt", Settings())
    assert caught.value.reason == "unsupported URL scheme 'ftp' (supported: http, https)"
