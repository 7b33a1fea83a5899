"""Cooperation-conflict index on hand-built events with known answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.analysis.index import cooperation_index, load_weights


def test_index_yearly_means_counts_and_gaps(event_factory):
    events = [
        event_factory(1, "AID", "2001-10-01"),          # 10
        event_factory(2, "SANCTION", "2001"),           # -6
        event_factory(3, "ASSAULT", "2004-03"),         # -9
        event_factory(4, "AID", "2001", src="PAK", tgt="USA", docs=10),  # counted once though 10 sources
        event_factory(5, "AID", "2002", modality="planned"),  # not occurred: out
        event_factory(6, "ASSAULT", "2002", src="USA", tgt="al-Qaeda"),  # third party: out
        event_factory(7, "AID", "1980", precision="decade"),  # too coarse for a yearly index
        event_factory(8, "AID", None),
    ]
    points = cooperation_index(events, freq="year")
    assert [p.period for p in points] == ["2001", "2002", "2003", "2004"]
    first, gap, _, last = points
    assert first.score == pytest.approx((10 - 6 + 10) / 3)
    assert (first.n_events, first.cooperative, first.conflictual) == (3, 2, 1)
    assert first.ci_low <= first.score <= first.ci_high
    assert gap.score is None and gap.n_events == 0
    # one event: its score and n, no interval (a bootstrap of one value would feign certainty)
    assert last.score == -9.0 and last.n_events == 1 and last.ci_low is None and last.ci_high is None
    assert (first.start, first.end) == ("2001-01-01", "2001-12-31")


@pytest.mark.parametrize(
    ("freq", "periods"),
    [
        ("quarter", ["2001Q2", "2001Q3", "2001Q4"]),
        ("month", ["2001-05", "2001-06", "2001-07", "2001-08", "2001-09", "2001-10"]),
        ("decade", ["1980s", "1990s", "2000s"]),
    ],
)
def test_index_frequencies(event_factory, freq, periods):
    events = [
        event_factory(1, "AID", "2001-05-02"),
        event_factory(2, "CONSULT", "2001-10"),
        event_factory(3, "AGREE", "2001"),           # year precision: only in the decade view
        event_factory(4, "AID", "1980", precision="decade"),
    ]
    assert [p.period for p in cooperation_index(events, freq=freq)] == periods


def test_index_weights_override_and_dyad(event_factory, tmp_path: Path):
    events = [event_factory(1, "CONSULT", "2010"), event_factory(2, "CONSULT", "2010", src="IND", tgt="CHN")]
    assert cooperation_index(events, weights={"CONSULT": 4.0})[0].score == 4.0
    user = tmp_path / "w.yaml"
    user.write_text("categories:\n  CONSULT: -1.5\n")
    assert cooperation_index(events, weights=load_weights(user))[0].score == -1.5
    china = cooperation_index(events, dyad=("CHN", "IND"))
    assert [(p.period, p.n_events) for p in china] == [("2010", 1)]


def test_index_bootstrap_is_seeded(event_factory):
    events = [event_factory(i, cat, "2015") for i, cat in enumerate(["AID", "ASSAULT", "CONSULT", "ACCUSE", "AID"])]
    a = cooperation_index(events, seed=3)[0]
    b = cooperation_index(events, seed=3)[0]
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert a.ci_low < a.score < a.ci_high


def test_index_empty_and_bad_freq(event_factory):
    assert cooperation_index([]) == []
    with pytest.raises(ValueError, match="quarter"):
        cooperation_index([event_factory(1, "AID", "2001")], freq="week")


def test_index_interval_dated_event_is_spread_and_outweighed_by_dated_ones(event_factory):
    from bilat.analysis.index import cooperation_index

    vague = event_factory(1, "SANCTION", None)
    vague.date_precision, vague.date_start, vague.date_end = "decade", "1990", "1999"
    dated = [event_factory(2, "AID", "1995"), event_factory(3, "AID", "1995")]
    points = {p.period: p for p in cooperation_index([vague, *dated], freq="year")}
    assert sorted(points) == [str(y) for y in range(1990, 2000)]
    # alone, a tenth of a vague event makes no point: counted, not scored
    assert points["1991"].score is None and points["1991"].n_events == 1 and points["1991"].spread == 1
    # 1995: two AID (10) at weight 1 and a tenth of the SANCTION (-6)
    assert points["1995"].score == pytest.approx((20 - 0.6) / 2.1)
    assert points["1995"].n_events == 3


def test_index_per_100_events_of_either_member(event_factory):
    from bilat.analysis.index import per_100

    events = [
        event_factory(1, "AID", "2001"),                              # +10, dyad
        event_factory(2, "SANCTION", "2001"),                         # -6, dyad
        event_factory(3, "ASSAULT", "2001", src="USA", tgt="AFG"),     # USA with a third party: volume only
        event_factory(4, "CONSULT", "2001", src="PAK", tgt=None),      # PAK alone: volume only
        event_factory(5, "AID", "2001", src="IND", tgt="AFG"),         # neither member: not counted
        event_factory(6, "AID", "2001", src="USA", tgt="AFG", modality="planned"),  # not occurred
        event_factory(7, "ASSAULT", "2002"),                          # -9, alone in its year
    ]
    points = cooperation_index(events, freq="year")
    normalised = per_100(points, events, freq="year")
    first, second = normalised
    # (10 - 6) net over 4 events in which USA or PAK takes part: 100 per 100 events
    assert (first.score, first.volume, first.n_events) == (pytest.approx(100.0), 4, 2)
    assert first.ci_low == pytest.approx(points[0].ci_low * 50) and first.ci_high == pytest.approx(points[0].ci_high * 50)
    assert (second.score, second.volume, second.ci_low) == (pytest.approx(-900.0), 1, None)
    assert points[0].volume is None  # the plain index is untouched


def test_index_counts_span_dated_events_apart(event_factory):
    from bilat.analysis.index import cooperation_index

    decade = event_factory(1, "AID", None)
    decade.date_start, decade.date_end = "1960", "1961"
    points = cooperation_index([decade, event_factory(2, "SANCTION", "1961")])
    by_year = {p.period: p for p in points}
    assert (by_year["1960"].n_events, by_year["1960"].spread) == (1, 1)
    assert (by_year["1961"].n_events, by_year["1961"].spread, by_year["1961"].conflictual) == (2, 1, 1)


def test_index_a_short_interval_alone_is_scored(event_factory):
    from bilat.analysis.index import cooperation_index

    vague = event_factory(1, "SANCTION", None)
    vague.date_precision, vague.date_start, vague.date_end = "range", "1968", "1969"
    points = {p.period: p for p in cooperation_index([vague], freq="year")}
    assert points["1968"].score == pytest.approx(-6.0)  # half an event a year: enough to score
    assert points["1968"].ci_low is None  # no dated event: no bootstrap interval


@pytest.mark.parametrize("dated", [["AGREE", "AGREE"], ["AGREE", "AGREE", "AGREE"], ["AID", "SANCTION"]])
def test_index_interval_contains_the_score_with_spread_shares(event_factory, dated):
    # dated events of one value and shares of a vague event of another: the score moves off
    # the dated value, and the interval (once of the dated events alone) must follow it
    vague = event_factory(0, "AID", None)
    vague.date_precision, vague.date_start, vague.date_end = "range", "1950", "1959"
    events = [vague, *(event_factory(i + 1, cat, "1954") for i, cat in enumerate(dated))]
    point = {p.period: p for p in cooperation_index(events, freq="year")}["1954"]
    assert point.spread == 1 and point.n_events == len(dated) + 1
    assert point.ci_low is not None and point.ci_low <= point.score <= point.ci_high


def test_index_interval_always_contains_the_score(event_factory):
    import random

    pick = random.Random(7)
    cats = ["AID", "AGREE", "CONSULT", "SANCTION", "ASSAULT", "ACCUSE"]
    for trial in range(40):
        events = []
        for i in range(pick.randint(2, 6)):
            events.append(event_factory(i, pick.choice(cats), f"{pick.choice([1954, 1955])}"))
        for j in range(pick.randint(0, 3)):
            vague = event_factory(100 + j, pick.choice(cats), None)
            vague.date_precision, vague.date_start, vague.date_end = "range", "1950", str(1955 + pick.randint(0, 9))
            events.append(vague)
        for p in cooperation_index(events, freq="year", seed=trial):
            if p.ci_low is not None:
                assert p.ci_low <= p.score <= p.ci_high, (trial, p)
