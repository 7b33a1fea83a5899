"""`/docs`: the API reference as a plain page, rendered from the app's own OpenAPI schema.

FastAPI's default `/docs` loads Swagger UI's script and styles from a CDN, which an offline
machine cannot reach and the Content-Security-Policy would refuse; this page needs neither.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bilat.serve.pages import render

router = APIRouter(include_in_schema=False)


def _parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for param in operation.get("parameters", []):
        schema = param.get("schema", {})
        kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type") not in (None, "null")]
        out.append({
            "name": param.get("name"), "where": param.get("in"), "required": param.get("required", False),
            "type": " or ".join(k for k in kinds if k) or "string",
            "default": schema.get("default"), "description": param.get("description") or schema.get("description", ""),
        })
    return out


def endpoints(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per (path, method) of an OpenAPI document: path, method, summary, parameters."""
    rows = []
    for path, methods in sorted(openapi.get("paths", {}).items()):
        for method, operation in methods.items():
            rows.append({"path": path, "method": method.upper(), "summary": operation.get("summary", ""),
                         "parameters": _parameters(operation)})
    return rows


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    return render(request, "apidocs.html", title="API", api_url="/openapi.json",
                  description=schema.get("info", {}).get("description", ""), endpoints=endpoints(schema))
