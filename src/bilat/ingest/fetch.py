"""Fetching URLs: address checks, redirects, timeout, size cap, content type.

A URL given to bilat may point anywhere, so before each request (and again at each
redirect hop) the host is resolved and every address checked: private, loopback,
link-local, reserved, multicast and unspecified addresses are refused unless
`settings.allow_private`. The body is streamed and abandoned as soon as it passes
`settings.max_bytes`; `settings.timeout` bounds each network wait and the whole
download.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from bilat.config import Settings
from bilat.errors import FetchError
from bilat.ingest.textfile import size_cap_reason

log = logging.getLogger(__name__)

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


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    content_type: str  # media type without parameters
    charset: str | None
    kind: str  # html | text | pdf | feed
    data: bytes


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


def check_address(url: str, settings: Settings) -> None:
    """Refuse URLs whose host resolves to a non-public address (unless allowed)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme '{parts.scheme}' (supported: http, https)")
    host = parts.hostname
    if not host:
        raise FetchError(url, "URL has no host")
    if settings.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host '{host}' ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = _non_public(address)
        if kind:
            raise FetchError(
                url, f"refused: {host} resolves to {kind} address {address} (use --allow-private to allow)"
            )


def _non_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    for attribute, name in (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_private", "a private"),
    ):
        if getattr(address, attribute):
            return name
    if not address.is_global:
        return "a non-public"
    return None


def fetch(url: str, settings: Settings, accept: tuple[str, ...] = ("html", "text", "pdf", "feed")) -> Fetched:
    """Download a URL within the settings' limits, following redirects safely."""
    timeout = httpx.Timeout(settings.timeout)
    deadline = time.monotonic() + settings.timeout * 3
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_address(current, settings)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(url, f"HTTP {response.status_code} redirect without a location")
                        current = urljoin(current, location)
                        log.debug("%s: redirected to %s", url, current)
                        continue
                    return _read(url, str(response.url), response, settings, deadline, accept)
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out after {settings.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def _read(url: str, final: str, response: httpx.Response, settings: Settings, deadline: float,
          accept: tuple[str, ...]) -> Fetched:
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        raise FetchError(url, f"HTTP error {response.status_code} {reason}".rstrip())
    content_type, charset = _media_type(response.headers.get("content-type", ""))
    kind = CONTENT_KINDS.get(content_type)
    if kind is None or kind not in accept:
        shown = content_type or "none"
        raise FetchError(url, f"unsupported content type '{shown}' (supported: {SUPPORTED_TYPES})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, size_cap_reason(settings.max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(url, size_cap_reason(settings.max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {settings.timeout:g} s")
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
