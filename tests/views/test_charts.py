"""Vega-Lite chart specifications: what the index chart tells the reader."""
from __future__ import annotations

from bilat.views.charts import index_chart


def _point(period: str, score: float | None, n: int, low: float | None = None, high: float | None = None) -> dict:
    return {"period": period, "start": f"{period}-01-01", "end": f"{period}-12-31", "score": score, "n_events": n,
            "ci_low": low, "ci_high": high, "cooperative": n, "conflictual": 0}


def test_charts_index_title_names_dyad_scale_and_events():
    points = [_point("2001", 4.0, 3, 2.5, 6.0), _point("2002", None, 0), _point("2003", 10.0, 1)]
    spec = index_chart(points, [], dyad=("USA", "PAK"))
    title = spec["title"]
    assert title["text"] == "Cooperation–conflict index, Pakistan–United States"
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


def test_charts_index_points_sit_inside_their_phase_band_and_neutral_events_draw_a_bar():
    points = [_point("2001", 4.0, 3), _point("2002", 0.0, 2)]
    points[1].update(cooperative=0, conflictual=0)  # two events of weight 0
    phases = [{"start": "2001-09-01", "end": "2002-03-31", "label": "engagement", "n_events": 5}]
    spec = index_chart(points, phases)
    band = spec["vconcat"][0]["layer"][0]["data"]["values"][0]
    line = spec["vconcat"][0]["layer"][-1]
    mids = [p["mid"] for p in line["data"]["values"]]
    assert line["encoding"]["x"]["field"] == "mid"
    assert all(band["start"] <= mid <= band["end"] for mid in mids), (band, mids)
    bars = spec["vconcat"][1]["data"]["values"]
    assert [(b["period"], b["kind"], b["count"]) for b in bars][-1] == ("2002", "neutral", 2)


def test_charts_themes_group_minor_themes_as_other_in_distinct_colours():
    from bilat.views.charts import OTHER, themes_chart

    slugs = ["security", "military", "nuclear", "trade", "economic_aid", "climate", "health",
             "education", "diplomacy", "people"]
    shares = [{"period": "2011", "theme": t, "kind": "theme", "count": 10 - n, "share": (10 - n) / 20}
              for n, t in enumerate(slugs)]
    spec = themes_chart(shares)
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"][0] == "security and counterterrorism" and colour["domain"][-1] == "other"
    assert len(colour["domain"]) == 8 and len(set(colour["range"])) == 8 and colour["range"][-1] == OTHER
    other = [r for r in spec["layer"][0]["data"]["values"] if r["series"] == "other"]
    assert [r["count"] for r in other] == [1 + 2 + 3]  # education, diplomacy and people summed
    assert spec["title"]["text"] == "Themes and drivers over time" and "(%)" in spec["title"]["subtitle"]
    assert spec["layer"][1]["data"]["values"] == [{"period": "2011", "n": "n=20"}]


def test_charts_volume_bars_tell_span_dated_events_from_neutral_ones():
    point = _point("1965", 2.0, 5)
    point.update(cooperative=1, conflictual=1, spread=2)  # one neutral, two dated "in the 1960s"
    bars = index_chart([point], [])["vconcat"][1]["data"]["values"]
    assert [(b["kind"], b["y0"], b["y1"]) for b in bars] == [
        ("cooperative", 0, 1), ("conflictual", 1, 2), ("neutral", 2, 3), ("dated to a span", 3, 5)]
