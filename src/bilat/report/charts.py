"""Vega-Lite chart specifications, built by hand from JSON payloads.

The dashboard and the report draw the same charts from the same data as the JSON API
(``/api/index``, ``/api/phases``, ``/api/themes``); the specs carry their data inline so a
chart works offline, in a page or in a single HTML file.
"""
from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PHASE_COLORS = {"engagement": "#2e7d32", "estrangement": "#c62828", "mixed": "#9e9e9e"}
COOPERATIVE = "#2b6cb0"
CONFLICTUAL = "#c05621"
WIDTH = 760


def _axis_config() -> dict[str, Any]:
    return {
        "view": {"stroke": None},
        "axis": {"labelFont": "system-ui, sans-serif", "titleFont": "system-ui, sans-serif",
                 "labelColor": "#444", "titleColor": "#333", "gridColor": "#eee"},
        "legend": {"labelFont": "system-ui, sans-serif", "titleFont": "system-ui, sans-serif"},
    }


SCALES = {False: "mean PLOVER intensity, −10 (conflict) to +10 (cooperation)",
          True: "net PLOVER intensity per 100 events of either member"}


def index_title(points: list[dict[str, Any]], dyad: tuple[str, ...] | list[str] | None = None,
                per_100: bool = False) -> dict[str, Any]:
    """The chart's title: the dyad, the scale, and how many events the index rests on."""
    n = sum(int(p.get("n_events") or 0) for p in points)
    periods = sum(1 for p in points if p.get("n_events"))
    name = f"Cooperation–conflict index, {'–'.join(dyad)}" if dyad else "Cooperation–conflict index"
    return {"text": name, "anchor": "start", "fontSize": 14,
            "subtitle": [f"{SCALES[per_100]}; {n} event{'s' if n != 1 else ''} in {periods} "
                         f"period{'s' if periods != 1 else ''}",
                         "band: 95 % bootstrap interval (none where a period has one event)"]}


def index_chart(points: list[dict[str, Any]], phases: list[dict[str, Any]],
                dyad: tuple[str, ...] | list[str] | None = None, per_100: bool = False) -> dict[str, Any]:
    """Index line with its confidence band over phase bands, and event volume below, titled
    with the dyad, the scale (`per_100`: net intensity per 100 events of either member) and
    the number of events; each point's tooltip gives its number of events.

    Clicking a point or a bar yields a datum with ``period``, ``start`` and ``end``.
    """
    # Stacked by hand: rect marks with x/x2 need explicit y/y2.
    volume = []
    for p in points:
        base = 0
        for kind in ("cooperative", "conflictual"):
            if p.get(kind):
                volume.append({"period": p["period"], "start": p["start"], "end": p["end"],
                               "kind": kind, "count": p[kind], "y0": base, "y1": base + p[kind]})
                base += p[kind]
    bands = [
        {"start": ph["start"], "end": ph["end"], "label": ph["label"],
         "mean_score": ph.get("mean_score"), "n_events": ph.get("n_events", 0)}
        for ph in phases
    ]
    x = {"field": "start", "type": "temporal", "title": None}
    phase_layer = {
        "data": {"values": bands},
        "mark": {"type": "rect", "opacity": 0.13},
        "encoding": {
            "x": {**x, "field": "start"},
            "x2": {"field": "end"},
            "color": {"field": "label", "type": "nominal", "title": "phase",
                      "scale": {"domain": list(PHASE_COLORS), "range": list(PHASE_COLORS.values())}},
            "tooltip": [{"field": "label", "title": "phase"},
                        {"field": "start", "type": "temporal", "title": "from"},
                        {"field": "end", "type": "temporal", "title": "to"},
                        {"field": "n_events", "title": "events"}],
        },
    }
    ci_layer = {
        "data": {"values": points},
        "mark": {"type": "area", "color": "#90a4ae", "opacity": 0.35,
                 "invalid": "break-paths-show-domains"},
        "encoding": {"x": x, "y": {"field": "ci_low", "type": "quantitative"},
                     "y2": {"field": "ci_high"}},
    }
    tooltip = [{"field": "period"}, {"field": "score", "format": ".2f"},
               {"field": "ci_low", "format": ".2f", "title": "95 % from"},
               {"field": "ci_high", "format": ".2f", "title": "95 % to"},
               {"field": "n_events", "title": "events"}]
    line_layer = {
        # gaps (periods with no events) break the line instead of being bridged
        "data": {"values": points},
        "mark": {"type": "line", "color": "#1a202c", "invalid": "break-paths-show-domains", "point": {"filled": True, "size": 60,
                                                                 "color": "#1a202c", "cursor": "pointer"}},
        "encoding": {"x": x, "y": {"field": "score", "type": "quantitative",
                                   "title": "per 100 events" if per_100 else "mean intensity (−10 … +10)"},
                     "tooltip": tooltip},
    }
    zero = {"data": {"values": [{"y": 0}]}, "mark": {"type": "rule", "color": "#999", "strokeDash": [4, 3]},
            "encoding": {"y": {"field": "y", "type": "quantitative"}}}
    bars = {
        "name": "volume",
        "data": {"values": volume},
        "height": 110,
        "width": WIDTH,
        "mark": {"type": "rect", "cursor": "pointer", "x2Offset": -1},
        "encoding": {
            "x": x,
            "x2": {"field": "end"},
            "y": {"field": "y1", "type": "quantitative", "title": "events"},
            "y2": {"field": "y0"},
            "color": {"field": "kind", "type": "nominal", "title": "events",
                      "scale": {"domain": ["cooperative", "conflictual"],
                                "range": [COOPERATIVE, CONFLICTUAL]}},
            "tooltip": [{"field": "period"}, {"field": "kind"}, {"field": "count"}],
        },
    }
    return {
        "$schema": SCHEMA,
        "config": _axis_config(),
        "title": index_title(points, dyad, per_100),
        "resolve": {"scale": {"color": "independent"}},
        "vconcat": [
            {"width": WIDTH, "height": 240, "layer": [phase_layer, ci_layer, zero, line_layer]},
            bars,
        ],
    }


def themes_chart(shares: list[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars: share of each theme among the period's events."""
    return {
        "$schema": SCHEMA,
        "config": _axis_config(),
        "width": WIDTH,
        "height": 220,
        "data": {"values": shares},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": None},
            "y": {"field": "count", "type": "quantitative", "stack": "normalize",
                  "title": "share of events", "axis": {"format": "%"}},
            "color": {"field": "theme", "type": "nominal", "scale": {"scheme": "tableau10"}},
            "tooltip": [{"field": "period"}, {"field": "theme"}, {"field": "count"},
                        {"field": "share", "format": ".0%"}],
        },
    }
