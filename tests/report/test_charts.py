"""Vega-Lite chart specifications: what the index chart tells the reader."""
from __future__ import annotations

from bilat.report.charts import index_chart


def _point(period: str, score: float | None, n: int, low: float | None = None, high: float | None = None) -> dict:
    return {"period": period, "start": f"{period}-01-01", "end": f"{period}-12-31", "score": score, "n_events": n,
            "ci_low": low, "ci_high": high, "cooperative": n, "conflictual": 0}


def test_charts_index_title_names_dyad_scale_and_events():
    points = [_point("2001", 4.0, 3, 2.5, 6.0), _point("2002", None, 0), _point("2003", 10.0, 1)]
    spec = index_chart(points, [], dyad=("USA", "PAK"))
    title = spec["title"]
    assert title["text"] == "Cooperation–conflict index, USA–PAK"
    assert title["subtitle"][0].startswith("mean PLOVER intensity") and "4 events in 2 periods" in title["subtitle"][0]
    assert "none where a period has one event" in title["subtitle"][1]
    per_100 = index_chart(points, [], dyad=("USA", "PAK"), per_100=True)
    assert "per 100 events" in per_100["title"]["subtitle"][0]
    line = per_100["vconcat"][0]["layer"][-1]
    assert line["encoding"]["y"]["title"] == "per 100 events"
    assert {"field": "n_events", "title": "events"} in line["encoding"]["tooltip"]


def test_charts_index_single_event_period_has_no_band():
    points = [_point("2003", 10.0, 1)]
    band = index_chart(points, [])["vconcat"][0]["layer"][1]
    assert band["mark"]["type"] == "area"
    assert band["data"]["values"][0]["ci_low"] is None and band["data"]["values"][0]["ci_high"] is None
