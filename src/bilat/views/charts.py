"""Vega-Lite chart specifications, built by hand from JSON payloads.

The dashboard and the report draw the same charts from the same data as the JSON API
(``/api/index``, ``/api/phases``, ``/api/themes``); the specs carry their data inline so a
chart works offline, in a page or in a single HTML file.
"""
from __future__ import annotations

from typing import Any

from bilat.filters import dyad_name, theme_label

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PHASE_COLORS = {"engagement": "#2e7d32", "estrangement": "#c62828", "mixed": "#9e9e9e"}
COOPERATIVE = "#0072B2"
CONFLICTUAL = "#D55E00"
NEUTRAL = "#888888"
SPAN = "#D0D0D0"
# the volume bars' kinds of event, bottom up, with their colours
VOLUME_KINDS = {"cooperative": COOPERATIVE, "conflictual": CONFLICTUAL, "neutral": NEUTRAL,
                "dated to a span": SPAN}
WIDTH = 760
# Okabe and Ito's colour-blind-safe palette (minus black), then grey for "other"
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER = "#999999"


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
    name = f"Cooperation–conflict index, {dyad_name(dyad)}" if dyad else "Cooperation–conflict index"
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
    # Stacked by hand: rect marks with x/x2 need explicit y/y2. Neutral events (weight 0) and
    # events dated to a span of years count too, so a bar's height is the period's n_events.
    volume = []
    points = [{**p, "mid": _middle(p["start"], p["end"])} for p in points]
    for p in points:
        base = 0
        counts = {"cooperative": p.get("cooperative") or 0, "conflictual": p.get("conflictual") or 0,
                  "dated to a span": p.get("spread") or 0}
        counts["neutral"] = max(0, int(p.get("n_events") or 0) - sum(counts.values()))
        counts = {kind: counts[kind] for kind in VOLUME_KINDS}
        for kind, count in counts.items():
            if count:
                volume.append({"period": p["period"], "start": p["start"], "end": p["end"],
                               "kind": kind, "count": count, "y0": base, "y1": base + count})
                base += count
    bands = [
        {"start": _period_edge(points, ph["start"], "start"), "end": _period_edge(points, ph["end"], "end"),
         "label": ph["label"], "mean_score": ph.get("mean_score"), "n_events": ph.get("n_events", 0)}
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
        "encoding": {"x": {**x, "field": "mid"}, "y": {"field": "ci_low", "type": "quantitative"},
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
        "encoding": {"x": {**x, "field": "mid"}, "y": {"field": "score", "type": "quantitative",
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
                      "scale": {"domain": list(VOLUME_KINDS), "range": list(VOLUME_KINDS.values())}},
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


def _middle(start: str, end: str) -> str:
    """The ISO day halfway through a period, where its index point is drawn."""
    import datetime as dt

    first, last = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    return (first + (last - first) / 2).isoformat()


def _period_edge(points: list[dict[str, Any]], day: str, edge: str) -> str:
    """A phase's start (or end) widened to its period's first (or last) day, so the band holds
    the index points of the periods it covers."""
    for p in points:
        if p["start"] <= day[:10] <= p["end"]:
            return p[edge]
    return day


def theme_series(shares: list[dict[str, Any]], top: int = len(PALETTE)) -> tuple[list[dict[str, Any]], list[str]]:
    """Theme-share rows with a `series` label: the `top` themes and drivers by events, by
    their human label; the rest summed per period as "other". Returns (rows, series order)."""
    totals: dict[str, int] = {}
    for row in shares:
        totals[row["theme"]] = totals.get(row["theme"], 0) + int(row["count"])
    kept = sorted(totals, key=lambda t: (-totals[t], t))[:top]
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in shares:
        series = theme_label(row["theme"]) if row["theme"] in kept else "other"
        key = (row["period"], series)
        item = merged.setdefault(key, {"period": row["period"], "series": series, "count": 0,
                                       "events": _tagged_events(row)})
        item["count"] += int(row["count"])
    order = [theme_label(t) for t in kept] + (["other"] if len(totals) > top else [])
    rows = [{**item, "series_rank": order.index(item["series"])} for item in merged.values()]
    return rows, order


def _tagged_events(row: dict[str, Any]) -> int:
    # share = count / events tagged in the period (analysis.themes.theme_shares)
    return round(row["count"] / row["share"]) if row.get("share") else 0


def themes_chart(shares: list[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars: share of each theme or driver among the tags of the period's events,
    the minor ones grouped as "other", in a colour-blind-safe palette; the number of tagged
    events above each bar."""
    rows, order = theme_series(shares)
    colours = [*PALETTE[: len([o for o in order if o != "other"])], *([OTHER] if "other" in order else [])]
    periods = sorted({(r["period"], r["events"]) for r in rows})
    n = sum(events for _, events in periods)
    x = {"field": "period", "type": "ordinal", "title": None}
    return {
        "$schema": SCHEMA,
        "config": _axis_config(),
        "title": {"text": "Themes and drivers over time", "anchor": "start", "fontSize": 14,
                  "subtitle": f"share of theme and driver tags per period (%); n above each bar: events "
                              f"tagged ({n} in all)"},
        "width": WIDTH,
        "height": 220,
        "layer": [
            {"data": {"values": rows},
             "mark": {"type": "bar"},
             "encoding": {
                 "x": x,
                 "y": {"field": "count", "type": "quantitative", "stack": "normalize",
                       "title": "share of tags (%)", "axis": {"format": "%"}},
                 "color": {"field": "series", "type": "nominal", "title": "theme or driver",
                           "scale": {"domain": order, "range": colours}, "sort": order},
                 "order": {"field": "series_rank", "type": "quantitative"},
                 "tooltip": [{"field": "period"}, {"field": "series", "title": "theme"},
                             {"field": "count", "title": "events"}],
             }},
            {"data": {"values": [{"period": p, "n": f"n={e}"} for p, e in periods]},
             "mark": {"type": "text", "dy": -6, "fontSize": 9, "color": "#555"},
             "encoding": {"x": x, "y": {"datum": 1, "type": "quantitative"}, "text": {"field": "n"}}},
        ],
    }
