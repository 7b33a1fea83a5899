"""The report reads like a brief: a title naming the dyad and span, an opening summary, the
timeline grouped by phase with every event still in the file."""
from __future__ import annotations

import re

from bilat.report.html import render_report
from bilat.views import brief

PHASES = [
    {"start": "1990-01-01", "end": "1998-12-31", "label": "estrangement", "mean_score": -6.0, "n_events": 3, "weak": False},
    {"start": "1999-01-01", "end": "2004-12-31", "label": "engagement", "mean_score": 4.5, "n_events": 4, "weak": True},
]


def _event(n: int, date: str | None, intensity: float, actors=("USA", "PAK")) -> dict:
    return {"id": f"e{n}", "date": date, "intensity": intensity, "sources": 1,
            "source_actor": actors[0], "target_actor": actors[1]}


def test_brief_title_names_the_dyad_and_the_span_of_the_data():
    index = [{"period": "1947", "n_events": 2}, {"period": "1950", "n_events": 0}, {"period": "2024", "n_events": 1}]
    years = brief.span(index, [])
    assert brief.report_title(("USA", "PAK"), years) == "Pakistan–United States relations, 1947–2024 — bilat report"


def test_brief_summary_tells_phases_extremes_characterizations_and_conflicts():
    characterizations = [{"label": "estrangement", "quote": "Ties cooled  sharply.", "start": "1991",
                          "date_basis": "explicit", "doc": "a.txt"}]
    figures = {"items": [{"concept": "aid", "group": "aid USA → PAK", "unit": "USD", "value": 2e9, "period": "2002",
                          "source_actor": "USA", "target_actor": "PAK"},
                         {"concept": "trade", "group": "trade CHN–IND", "unit": "USD", "value": 9e10,
                          "source_actor": "CHN", "target_actor": "IND"}],
               "conflicts": [{"concept": "aid", "dyad": "USA → PAK", "unit": "USD",
                              "values": [{"value": 2e9, "doc": "a.txt"}, {"value": 3e9, "doc": "b.txt"}]}]}
    text = brief.summary(PHASES, characterizations, figures, ("USA", "PAK"), ("1990", "2004"))
    assert text.startswith("Between 1990 and 2004 the sources trace Pakistan–United States relations through 2 "
                           "phases: estrangement 1990–1998, engagement 1999–2004.")
    assert "Cooperation peaked in 1999–2004 (mean +4.50 over 4 events); conflict in 1990–1998" in text
    assert "The latest phase, 1999–2004, reads as engagement (weakly supported)." in text
    assert "characterize the relationship 1 time (1 as estrangement); the most recent: “Ties cooled sharply.” (a.txt)" in text
    assert "The largest sums reported: aid USA → PAK 2 billion USD (2002)." in text  # the dyad's only
    assert "Sources disagree on 1 figure, e.g. aid USA → PAK [USD]: 2 billion (a.txt) vs 3 billion (b.txt)." in text


def test_brief_timeline_groups_keep_every_event_and_show_the_strongest():
    events = [_event(n, f"199{n}", float(n)) for n in range(8)]
    events += [_event(8, "2001", -9.0), _event(9, "2001", 1.0, ("IND", "CHN")), _event(10, None, 2.0)]
    groups = brief.timeline_groups(events, PHASES, ("USA", "PAK"), shown=3)
    assert [g["id"] for g in groups] == ["phase-1", "phase-2", "phase-other"]
    first = groups[0]
    assert [e["id"] for e in first["shown"]] == ["e5", "e6", "e7"]  # strongest, in date order
    assert [e["id"] for e in first["more"]] == ["e0", "e1", "e2", "e3", "e4"]
    assert [e["id"] for e in groups[1]["shown"]] == ["e8"]
    assert {e["id"] for e in groups[2]["shown"] + groups[2]["more"]} == {"e9", "e10"}
    placed = [e["id"] for g in groups for e in g["shown"] + g["more"]]
    assert sorted(placed) == sorted(e["id"] for e in events)


def test_brief_report_file_has_title_summary_and_every_event(corpus):
    html = render_report(corpus)
    assert "<h1>Pakistan–United States relations, 2001–2011 — bilat report</h1>" in html
    lede = re.search(r'<p class="lede">(.*?)</p>', html, re.DOTALL).group(1)
    assert lede.startswith("Between 2001 and 2011 the sources trace Pakistan–United States relations")
    ids = {e.id for e in corpus.events()}
    listed = re.findall(r'<li class="event"><details>', html)
    assert len(listed) == len(ids)
    for anchor in re.findall(r'<a href="#([\w-]+)">', html):
        assert f'id="{anchor}"' in html, anchor


def test_brief_report_reports_its_steps(corpus):
    steps = []
    render_report(corpus, progress=lambda step, total: steps.append((step, total)))
    assert [s for s, _ in steps] == ["events", "index", "phases", "themes", "figures", "sources", "render"]
    assert {t for _, t in steps} == {7}
