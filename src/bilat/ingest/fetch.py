"""Fetching URLs: checked and pinned addresses, redirects, one deadline, size cap, content type.

A URL given to bilat (or found in a feed) may point anywhere. Before each request, and
again at each redirect hop, the host is resolved once and every address checked; the
connection then goes to a checked address and nowhere else (`PinnedBackend`), so a DNS
answer that changes between check and connect (DNS rebinding) is never used. The URL,
and so the Host header and the TLS server name and certificate check, stay the host's.

Loopback and private addresses are refused unless `settings.allow_private`; link-local,
cloud metadata, unspecified and multicast addresses are refused always. `settings.timeout`
bounds the whole fetch, redirects and slow headers included (DNS resolution aside); the
body is abandoned as soon as it passes `settings.max_bytes`.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
import typing
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bilat.config import Settings
from bilat.errors import FetchError
from bilat.ingest.textfile import size_cap_reason

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 5
USER_AGENT = "bilat/0.1 (+https://github.com/bilat)"

# content type -> kind of content
CONTENT_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
    "application/pdf": "pdf",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}
SUPPORTED_TYPES = "text/html, text/plain, application/pdf, RSS/Atom feeds"
ALL_KINDS = ("html", "text", "pdf", "feed")

# Never fetched, not even with --allow-private: cloud metadata services answer on link-local
# 169.254.169.254 (AWS, GCP, Azure), on fd00:ec2::254 (AWS, IPv6) and on 100.100.100.200
# (Alibaba), and nothing a user means to ingest lives on an unspecified or multicast address.
_METADATA = (ipaddress.ip_network("100.100.100.200/32"), ipaddress.ip_network("fd00:ec2::254/128"))
_THIS_HOST = ipaddress.ip_network("0.0.0.0/8")  # 0.0.0.0 reaches this host on Linux
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NEVER_WHY = "link-local, cloud metadata, unspecified and multicast addresses are never fetched, " \
             "not even with --allow-private"
# httpcore's and httpx's errors for a request that failed on the network or in HTTP
_TRANSPORT_ERRORS = (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol)


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    content_type: str  # media type without parameters
    charset: str | None
    kind: str  # html | text | pdf | feed
    data: bytes


class Prefetched(str):
    """A URL (a str) whose fetch already happened, so that `fetch` does not ask again.

    `expand_inputs` must download a URL to learn whether it is a feed; it yields the URL as
    a Prefetched carrying the outcome, and `load_document` -> `fetch` uses it: one request
    per URL. The outcome is a Fetched (handed over once, then dropped to free the bytes) or
    a FetchError (raised each time, e.g. a refused feed entry). Pickles as a plain str.
    """

    outcome: Fetched | FetchError | None

    def __new__(cls, url: str, outcome: Fetched | FetchError) -> Prefetched:
        made = super().__new__(cls, url)
        made.outcome = outcome
        return made

    def take(self) -> Fetched | FetchError | None:
        """The outcome; a Fetched only once."""
        outcome = self.outcome
        if isinstance(outcome, Fetched):
            self.outcome = None
        return outcome

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return str, (str(self),)


def is_url(text: str) -> bool:
    """True for http/https URLs, and for a Prefetched (whose outcome `fetch` reports)."""
    return isinstance(text, Prefetched) or urlsplit(text).scheme.lower() in ("http", "https")


def check_address(url: str, settings: Settings) -> list[Address]:
    """Resolve the URL's host once; return its addresses after checking every one.

    An IP-literal host is not resolved. Raises FetchError for a scheme other than
    http/https, a missing or unresolvable host, or any address `address_refusal` refuses.
    """
    host = _ascii_host(url)
    addresses = _resolve(url, host)
    for address in addresses:
        reason = address_refusal(address, settings.allow_private)
        if reason:
            raise FetchError(url, f"refused: {host} resolves to {reason}")
    return addresses


def address_refusal(address: Address, allow_private: bool) -> str | None:
    """Why bilat will not connect to `address` (e.g. "a loopback address 127.0.0.1 (...)"), or None.

    IPv4 addresses embedded in IPv6 ones (mapped ::ffff:a.b.c.d, NAT64, 6to4, Teredo,
    compatible) are judged too, since they reach the same IPv4 host.
    """
    forms = _forms(address)
    for form in forms:
        kind = _never(form)
        if kind:
            return f"{kind} address {_shown(address, form)} ({_NEVER_WHY})"
    if allow_private:
        return None
    for form in forms:
        kind = _non_public(form)
        if kind:
            return f"{kind} address {_shown(address, form)} (use --allow-private to allow)"
    return None


def _ascii_host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme '{parts.scheme}' (supported: http, https)")
    try:
        # httpx's own IDNA form: the name resolved is the name httpcore will ask to connect to
        host = httpx.URL(url).raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchError(url, f"invalid URL ({exc})") from None
    if not host:
        raise FetchError(url, "URL has no host")
    return host


def _resolve(url: str, host: str) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host '{host}' ({exc})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(url, f"cannot resolve host '{host}' (no addresses)")
    return list(dict.fromkeys(addresses))


def _forms(address: Address) -> list[Address]:
    """Any IPv4 address embedded in an IPv6 one, then the address itself."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    embedded: list[Address | None] = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    value = int(address)
    if address in _NAT64 or (value >> 32 == 0 and value > 0xFFFF):  # NAT64 and IPv4-compatible
        embedded.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    return [form for form in embedded if form is not None] + [address]


def _shown(address: Address, form: Address) -> str:
    return str(address) if form == address else f"{address} (IPv4 {form})"


def _never(address: Address) -> str | None:
    if address.is_unspecified or address in _THIS_HOST:
        return "an unspecified"
    if address.is_link_local:
        return "a link-local"
    if address.is_multicast:
        return "a multicast"
    if any(address in network for network in _METADATA):
        return "a cloud metadata"
    return None


def _non_public(address: Address) -> str | None:
    for attribute, name in (("is_loopback", "a loopback"), ("is_reserved", "a reserved"),
                            ("is_private", "a private")):
        if getattr(address, attribute):
            return name
    return None if address.is_global else "a non-public"


def _time_left(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    """Seconds the next network wait may take: its own timeout, cut to what the deadline leaves."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the total timeout ran out")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read, write and TLS handshake ends by the deadline.

    httpx's timeouts bound each wait; a server sending its headers a byte at a time would
    never trip them. Cutting each wait to the time left bounds the whole exchange.
    """

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        left = _time_left(self._deadline, timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left), self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to checked addresses, until a deadline.

    `pin(host, addresses)` records the addresses `check_address` accepted; `connect_tcp`
    ignores name resolution and tries those addresses in order. A host never pinned is
    refused with httpcore.ConnectError: nothing here resolves a name.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._pins: dict[str, list[Address]] = {}
        self._network = httpcore.SyncBackend()

    def pin(self, host: str, addresses: list[Address]) -> None:
        """Connect `host` (ASCII, as in the URL) to these addresses from now on."""
        self._pins[host.lower()] = list(addresses)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        addresses = self._pins.get(host.lower())
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no checked address")
        failure: Exception | None = None
        for address in addresses:
            wait = _time_left(self.deadline, timeout, httpcore.ConnectTimeout)
            try:
                stream = self._network.connect_tcp(str(address), port, wait, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return DeadlineStream(stream, self.deadline)
        assert failure is not None
        raise failure

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, stream: typing.Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> typing.Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool that uses a `PinnedBackend`.

    httpx 0.28's HTTPTransport takes no network backend, hence this small adapter
    (httpx.Request -> httpcore.Request and back). httpcore errors pass through unmapped.
    """

    def __init__(self, backend: PinnedBackend) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                           target=request.url.raw_path)
        assert isinstance(request.stream, typing.Iterable)
        core = httpcore.Request(method=request.method, url=url, headers=request.headers.raw,
                                content=request.stream, extensions=request.extensions)
        response = self._pool.handle_request(core)
        assert isinstance(response.stream, typing.Iterable)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_CoreStream(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()


def fetch(url: str, settings: Settings, accept: tuple[str, ...] = ALL_KINDS) -> Fetched:
    """Download a URL within the settings' limits, following redirects safely.

    Each hop's host is resolved once, checked (`check_address`) and pinned; the whole
    fetch ends within `settings.timeout` seconds. A Prefetched URL gives its outcome
    without a request. Returns a Fetched of one of the `accept` kinds; raises FetchError
    (refused address, HTTP error, timeout, size cap, content type, too many redirects).
    """
    if isinstance(url, Prefetched):
        outcome = url.take()
        if outcome is not None:
            return _accepted(url, outcome, accept)
    backend = PinnedBackend(time.monotonic() + settings.timeout)
    # trust_env=False: a proxy from the environment would connect (and resolve) on its own
    client = httpx.Client(transport=PinnedTransport(backend), timeout=settings.timeout, follow_redirects=False,
                          trust_env=False, headers={"User-Agent": USER_AGENT})
    with client:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            backend.pin(_ascii_host(current), check_address(current, settings))
            fetched, location = _request(client, url, current, settings, accept)
            if fetched is not None:
                return fetched
            current = urljoin(current, location)
            log.debug("%s: redirected to %s", url, current)
    raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def _request(client: httpx.Client, url: str, current: str, settings: Settings,
             accept: tuple[str, ...]) -> tuple[Fetched | None, str]:
    """One hop: the Fetched, or None and where a redirect points."""
    try:
        with client.stream("GET", current) as response:
            if response.is_redirect:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status_code} redirect without a location")
                return None, location
            return _read(url, str(response.url), response, settings, accept), ""
    except (httpx.TimeoutException, httpcore.TimeoutException):
        raise FetchError(url, f"timed out after {settings.timeout:g} s") from None
    except _TRANSPORT_ERRORS as exc:
        raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None


def _accepted(url: str, outcome: Fetched | FetchError, accept: tuple[str, ...]) -> Fetched:
    if isinstance(outcome, FetchError):
        raise outcome
    if outcome.kind not in accept:
        raise FetchError(url, _type_reason(outcome.content_type))
    return outcome


def _type_reason(content_type: str) -> str:
    return f"unsupported content type '{content_type or 'none'}' (supported: {SUPPORTED_TYPES})"


def _read(url: str, final: str, response: httpx.Response, settings: Settings, accept: tuple[str, ...]) -> Fetched:
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        raise FetchError(url, f"HTTP error {response.status_code} {reason}".rstrip())
    content_type, charset = _media_type(response.headers.get("content-type", ""))
    kind = CONTENT_KINDS.get(content_type)
    if kind is None or kind not in accept:
        raise FetchError(url, _type_reason(content_type))
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, size_cap_reason(settings.max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(url, size_cap_reason(settings.max_bytes))
        chunks.append(chunk)
    return Fetched(final, content_type, charset, kind, b"".join(chunks))


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset
