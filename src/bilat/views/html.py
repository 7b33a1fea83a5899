"""HTML that the dashboard and the report both render: one Jinja environment with bilat's
filters over the templates of the caller and the partials of views/templates (phase evidence,
characterizations, sources), the stylesheet, and the Vega bundle that draws the charts.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jinja2

from bilat.filters import theme_label


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no '<', '>' or '&' left raw."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jinja_environment(*packages: str) -> jinja2.Environment:
    """Autoescaping templates of `packages` (first wins), then the shared partials, with
    bilat's filters: dashboard and report."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(p, "templates") for p in (*packages, "bilat.views")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = lambda v: jinja2.utils.markupsafe.Markup(script_json(v))
    env.filters["actors"] = actors_label
    env.filters["amount"] = amount_label
    env.filters["number"] = number_label
    env.filters["theme_label"] = theme_label
    return env


def actors_label(event: dict[str, Any]) -> str:
    source = event.get("source_actor") or "?"
    target = event.get("target_actor")
    return f"{source} → {target}" if target else source


def number_label(value: float | int | None) -> str:
    if value is None:
        return ""
    value = float(value)
    for size, suffix in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount_label(amount: dict[str, Any] | None) -> str:
    if not amount:
        return ""
    return f"{number_label(amount.get('value'))} {amount.get('unit') or ''}".strip()


def stylesheet() -> str:
    """bilat's stylesheet: the dashboard serves it, the report inlines it."""
    return resources.files("bilat.views").joinpath("static", "style.css").read_text(encoding="utf-8")


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
