"""Theme and driver tagging from the YAML vocabularies."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.analysis.themes import theme_shares
from bilat.nlp.themes import tag_drivers, tag_themes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The IMF approved a bailout loan for Islamabad.", {"economic_aid"}),
        ("Washington suspended F-16 sales after the missile test.", {"military", "nuclear"}),
        ("Polio vaccination teams reached remote districts.", {"health"}),
        ("The ambassador discussed scholarships for students.", {"diplomacy", "education"}),
        ("Terrorists attacked a police post.", {"security"}),
        ("Bilateral trade and investment rose.", {"trade"}),
        ("He contracted a strange ailment.", set()),  # 'tract' or 'trade' substrings must not match
    ],
)
def test_themes_tag_themes(text, expected):
    assert set(tag_themes(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing and Kabul signed a CPEC extension.", ["afghanistan", "china"]),
        ("The Soviet invasion changed the Cold War map.", ["soviet"]),
        ("Moscow and Kyiv traded accusations; Tehran stayed quiet.", ["iran", "russia_ukraine"]),
        ("Indianapolis hosted the conference.", []),
    ],
)
def test_themes_tag_drivers(text, expected):
    assert sorted(tag_drivers(text)) == expected


def test_themes_user_vocabulary_extends(tmp_path: Path):
    extra = tmp_path / "t.yaml"
    extra.write_text("themes:\n  health:\n    terms: [ailment*]\n")
    assert tag_themes("He contracted a strange ailment.", extra=(str(extra),)) == ["health"]


def test_themes_theme_shares(event_factory):
    events = [
        event_factory(1, "AID", "2010", themes=["economic_aid"]),
        event_factory(2, "AID", "2010-03", themes=["economic_aid", "health"]),
        event_factory(3, "CONSULT", "2010", quote="Envoys held talks on trade."),
        event_factory(4, "AID", "2011", themes=["health"]),
        event_factory(5, "AID", None, themes=["health"]),
    ]
    rows = theme_shares(events, freq="year")
    got = {(r["period"], r["theme"]): (r["count"], r["share"]) for r in rows}
    assert got[("2010", "economic_aid")] == (2, pytest.approx(2 / 3, abs=1e-4))
    assert got[("2010", "health")] == (1, pytest.approx(1 / 3, abs=1e-4))
    assert got[("2010", "diplomacy")][0] == 1 and got[("2010", "trade")][0] == 1
    assert got[("2011", "health")] == (1, 1.0)
    assert len([r for r in rows if r["period"] == "2011"]) == 1


def test_themes_theme_shares_count_external_drivers(event_factory):
    events = [
        event_factory(1, "AID", "2015", themes=["economic_aid"], quote="Aid rose as Beijing expanded CPEC lending."),
        event_factory(2, "CONSULT", "2015", themes=["diplomacy"], quote="Envoys met in Islamabad."),
    ]
    rows = theme_shares(events, freq="year")
    drivers = [(r["theme"], r["count"], r["share"]) for r in rows if r["kind"] == "driver"]
    assert drivers == [("china", 1, 0.5)]
    assert {r["kind"] for r in rows} == {"theme", "driver"}
