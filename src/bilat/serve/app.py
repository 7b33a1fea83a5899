"""The FastAPI application: JSON API under /api, dashboard pages, static files.

    create_app("relations.duckdb")        # opens the database read-only on first request
    create_app(corpus)                    # or serve an open Corpus
    create_app(lambda: Corpus(...))       # or anything that makes one

Errors have one JSON shape under /api: ``{"error": {"status": 404, "message": "..."}}``;
validation failures (bad limit, missing q) and bad filter values (unknown category, bad date,
bad freq) are 422s whose message names the valid choices. Pages show the same message in HTML.
"""
from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bilat.errors import NotFoundError, StoreError, UsageError

log = logging.getLogger(__name__)

CorpusSource = Any  # a Corpus, a path to its database, or a zero-argument factory


class CorpusHolder:
    """Opens the corpus once, lazily, and serialises access to it."""

    def __init__(self, source: CorpusSource):
        self._source = source
        self._corpus: Any = None
        self.lock = threading.RLock()

    def get(self) -> Any:
        if self._corpus is None:
            if isinstance(self._source, (str, Path)):
                from bilat.corpus import Corpus

                self._corpus = Corpus(self._source, read_only=True)
            elif callable(self._source) and not hasattr(self._source, "events"):
                self._corpus = self._source()
            else:
                self._corpus = self._source
        return self._corpus

    def close(self) -> None:
        # Only close what we opened ourselves.
        if self._corpus is not None and self._corpus is not self._source:
            self._corpus.close()
        self._corpus = None


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script, from the vl-convert package.

    The bundle declares top-level constants; wrapping it in a function keeps them out of the
    page's global scope, while it still sets window.vegaEmbed, window.vega and window.vegaLite.
    """
    import vl_convert

    # the stub marks `snippet` required; called without it, the whole bundle comes back
    bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    return "(function(){\n" + bundle + "\n})();\n"


def static_text(name: str) -> str:
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


def create_app(source: CorpusSource) -> FastAPI:
    """The bilat web app over `source` (a Corpus, a database path, or a Corpus factory)."""
    from bilat.serve import api, pages

    app = FastAPI(
        title="bilat",
        description="Read-only JSON API over a bilat corpus: documents, fused events with "
        "their citations, the cooperation-conflict index, phases, themes, figures, "
        "recommendations, sources and search. Errors: {\"error\": {\"status\", \"message\"}}.",
        version="1",
    )
    holder = CorpusHolder(source)
    app.state.corpus_holder = holder
    app.router.add_event_handler("shutdown", holder.close)

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
    _add_static(app)
    return app


def _add_static(app: FastAPI) -> None:
    cache = {"Cache-Control": "public, max-age=86400"}
    types = {".css": "text/css", ".js": "text/javascript"}

    def serve(name: str) -> Callable[[], Response]:
        suffix = Path(name).suffix

        def handler() -> Response:
            return PlainTextResponse(static_text(name), media_type=types[suffix], headers=cache)

        return handler

    for name in ("style.css", "app.js"):
        app.add_api_route(f"/static/{name}", serve(name), include_in_schema=False)

    def vega() -> Response:
        return PlainTextResponse(vega_bundle(), media_type="text/javascript", headers=cache)

    app.add_api_route("/static/vega.js", vega, include_in_schema=False)


def run(db_path: Path | str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the dashboard and API for the database at `db_path` until interrupted."""
    import uvicorn

    from bilat.corpus import Corpus

    # Open before binding, so a missing or locked database fails with a clear StoreError.
    corpus = Corpus(db_path, read_only=True)
    try:
        log.info("serving %s on http://%s:%d", db_path, host, port)
        uvicorn.run(create_app(corpus), host=host, port=port, log_level="info")
    finally:
        corpus.close()
