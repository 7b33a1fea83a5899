"""What every response of `bilat serve` carries, and what every request must pass.

- Host allow-list: a page on another site can point a name it controls at 127.0.0.1 (DNS
  rebinding) and read the dashboard from the victim's browser; such requests carry that
  name in `Host`, so only localhost names, the bound address and `--allowed-host` names pass
  (400 otherwise).
- Request size: the API is read-only GETs, so a declared body over `MAX_BODY` bytes is 413
  and a request target (path and query) over `MAX_TARGET` bytes is 414.
- Security headers: a Content-Security-Policy the dashboard satisfies (scripts and styles from
  the server itself; charts run Vega's expression interpreter, so no `eval`), `nosniff`,
  no framing, no referrer.

A pure ASGI middleware: it adds nothing per request beyond a header scan.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_BODY = 64 * 1024  # bytes
MAX_TARGET = 8 * 1024  # bytes of path and query string

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def host_name(header: str) -> str:
    """The name in a Host header, lower-case, without port or brackets: '[::1]:8000' -> '::1'."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0].rstrip(".") if value.count(":") == 1 else value.rstrip(".")


class Guard:
    """ASGI middleware: Host allow-list, request size limits and security headers.

    `allowed_hosts`: names accepted in the Host header besides localhost, 127.0.0.1 and ::1
    (host names or addresses, no port; "*" accepts any host).
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = (),
                 max_body: int = MAX_BODY, max_target: int = MAX_TARGET):
        self.app = app
        self.allowed = {host_name(h) for h in (*LOCAL_HOSTS, *allowed_hosts) if h}
        self.max_body = max_body
        self.max_target = max_target

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _reply(scope, send, *refusal)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_secured)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if "*" not in self.allowed and host not in self.allowed:
            shown = host or "(none)"
            return 400, f"host {shown!r} not allowed (serve with --allowed-host {shown} to allow it)"
        length = headers.get(b"content-length", b"0").strip()
        if not length.isdigit() or int(length) > self.max_body:
            return 413, f"request body over {self.max_body} bytes (the API only reads)"
        target = len(scope.get("raw_path") or scope.get("path", "").encode()) + len(scope.get("query_string", b""))
        if target > self.max_target:
            return 414, f"request target over {self.max_target} bytes"
        return None


async def _reply(scope: Scope, send: Send, status: int, message: str) -> None:
    """The one error shape for /api; a plain line elsewhere."""
    if scope.get("path", "").startswith(("/api", "/openapi")):
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        kind = b"application/json"
    else:
        body = f"Error {status}: {message}\n".encode()
        kind = b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
               *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
