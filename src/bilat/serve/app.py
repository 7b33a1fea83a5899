"""The FastAPI application: JSON API under /api, dashboard pages, static files.

    create_app("relations.duckdb")        # opens the database read-only on first request
    create_app(corpus)                    # or serve an open Corpus
    create_app(lambda: Corpus(...))       # or anything that makes one

Errors have one JSON shape under /api: ``{"error": {"status": 404, "message": "..."}}``;
validation failures (bad limit, missing q) and bad filter values (unknown category, bad date,
bad freq) are 422s whose message names the valid choices. Pages show the same message in HTML.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bilat.config import Settings
from bilat.errors import BilatError, NotFoundError, StoreError, UsageError
from bilat.serve.holder import FixedHolder, Holder, SnapshotHolder
from bilat.serve.security import Guard
from bilat.views.html import stylesheet, vega_bundle

log = logging.getLogger(__name__)

CorpusSource = Any  # a Corpus, a path to its database, or a zero-argument factory


def make_holder(source: CorpusSource, settings: Settings | None = None) -> Holder:
    """Snapshots for a database path (so `bilat ingest` can write beside the server);
    an open Corpus or a factory is served as it is."""
    if isinstance(source, (str, Path)):
        return SnapshotHolder(Path(source), settings)
    return FixedHolder(source)


def static_text(name: str) -> str:
    """A static file of the dashboard's own (app.js); the stylesheet is the views' (bilat.views.html)."""
    return resources.files("bilat.serve").joinpath("static", name).read_text(encoding="utf-8")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def _respond(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
        return _error(status, message)
    from bilat.serve.pages import error_page

    return error_page(request, status, message)


def create_app(
    source: CorpusSource,
    allowed_hosts: tuple[str, ...] = (),
    settings: Settings | None = None,
) -> FastAPI:
    """The bilat web app over `source` (a Corpus, a database path, or a Corpus factory).

    `allowed_hosts`: Host header names accepted besides the localhost names (see
    `bilat.serve.security`). A database path is served from snapshots that follow the file
    (see `bilat.serve.holder`); raises StoreError when it cannot be read.
    """
    from bilat.serve import api, apidocs, pages

    app = FastAPI(
        title="bilat",
        description="Read-only JSON API over a bilat corpus: documents, fused events with "
        "their citations, the cooperation-conflict index, phases, themes, figures, "
        "recommendations, sources and search. Errors: {\"error\": {\"status\", \"message\"}}.",
        version="1",
        docs_url=None,  # the default pages load Swagger UI from a CDN; ours works offline
        redoc_url=None,
    )
    holder = make_holder(source, settings)
    app.state.corpus_holder = holder
    app.router.add_event_handler("shutdown", holder.close)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return _respond(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, _validation_message(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _respond(request, 404, str(exc))

    @app.exception_handler(UsageError)
    async def bad_value(request: Request, exc: UsageError) -> Response:
        return _respond(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        return _respond(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _respond(request, 500, f"internal error: {type(exc).__name__}")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(apidocs.router)
    _add_static(app)
    return app


def _add_static(app: FastAPI) -> None:
    cache = {"Cache-Control": "public, max-age=86400"}
    types = {".css": "text/css", ".js": "text/javascript"}

    def serve(name: str, text: Callable[[], str]) -> Callable[[], Response]:
        suffix = Path(name).suffix

        def handler() -> Response:
            return PlainTextResponse(text(), media_type=types[suffix], headers=cache)

        return handler

    for name, text in (("style.css", stylesheet), ("app.js", lambda: static_text("app.js")), ("vega.js", vega_bundle)):
        app.add_api_route(f"/static/{name}", serve(name, text), include_in_schema=False)


def check_address(host: str, port: int) -> None:
    """Refuse a port outside 1–65535 (UsageError; uvicorn would take it modulo 65536) and an
    address that cannot be bound, "127.0.0.1:8000: address already in use" (BilatError), by
    binding it as uvicorn will (same family, SO_REUSEADDR) and letting it go at once."""
    import errno
    import socket

    if not 1 <= port <= 65535:
        raise UsageError(f"bad port {port} (choose 1 to 65535)")
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BilatError(f"{shown}: address already in use") from None
        raise BilatError(f"{shown}: cannot listen ({(exc.strerror or str(exc)).lower()})") from None


def run(
    db_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 8000,
    allowed_hosts: tuple[str, ...] = (),
    settings: Settings | None = None,
) -> None:
    """Serve the dashboard and API for the database at `db_path` until interrupted.

    Raises, before binding, UsageError for a port outside 1–65535, BilatError when the address
    cannot be listened on (check_address), and StoreError when the database is missing, not
    bilat's, or held by another process for longer than `settings.wait` seconds.
    """
    import uvicorn

    check_address(host, port)

    # The address the server is reached at is a valid Host; wildcards name no host.
    bound = () if host in ("0.0.0.0", "::", "") else (host,)
    app = create_app(db_path, allowed_hosts=(*allowed_hosts, *bound), settings=settings)
    log.info("serving %s on http://%s:%d", db_path, host, port)
    # a bounded wait for open requests at shutdown, so SIGTERM always ends the process
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
