"""Phase segmentation of index series with known change points."""
from __future__ import annotations

import pytest

from bilat.analysis.phases import find_phases
from bilat.model import IndexPoint


def series(scores: list[float | None], first_year: int = 1990) -> list[IndexPoint]:
    return [IndexPoint(period=str(first_year + i), start=f"{first_year + i}-01-01", end=f"{first_year + i}-12-31",
                       score=s, n_events=0 if s is None else 2) for i, s in enumerate(scores)]


def test_phases_two_regime_changes(event_factory):
    scores = [6.0, 5.5, 6.5, 6.0, None, -5.0, -6.0, -5.5, -6.5, 0.5, -0.5, 0.0, 0.4]
    events = [
        event_factory(1, "CONSULT", "1991"), event_factory(2, "AID", "1992", docs=3),
        event_factory(3, "AID", "1992-06", docs=1), event_factory(4, "ASSAULT", "1996"),
        event_factory(5, "SANCTION", "1997"), event_factory(6, "ACCUSE", "2001"),
    ]
    phases = find_phases(series(scores), events, by="points")
    assert [(p.start[:4], p.end[:4], p.label) for p in phases] == [
        ("1990", "1993", "engagement"), ("1995", "1998", "estrangement"), ("1999", "2002", "mixed")]
    assert phases[0].n_events == 8
    assert phases[0].top_events[:2] == ["ev2", "ev3"]  # strongest first, then most sources
    assert phases[1].top_events == ["ev4", "ev5"]
    assert phases[1].mean_score == pytest.approx(-5.75)


@pytest.mark.parametrize(
    ("scores", "labels"),
    [
        ([], []),
        ([None, None], []),
        ([3.0], ["engagement"]),
        ([-3.0, None, -2.0], ["estrangement"]),
        ([0.2, 0.1, 0.3, 0.2], ["mixed"]),
    ],
)
def test_phases_short_and_empty_series(scores, labels):
    assert [p.label for p in find_phases(series(scores), [])] == labels


def test_phases_noise_alone_is_one_phase():
    noisy = [2.0, 2.8, 1.5, 2.2, 3.1, 1.9, 2.4, 2.6, 1.7, 2.3]
    assert len(find_phases(series(noisy), [])) == 1


def test_phases_from_events_find_two_regime_changes(event_factory):
    """Alliance, rupture, recovery: twelve events, two shifts, found from the events alone."""
    plan = [("AID", 1954), ("COOPERATE", 1955), ("AGREE", 1956), ("AID", 1957),
            ("SANCTION", 1965), ("ASSAULT", 1966), ("SANCTION", 1967), ("ACCUSE", 1968),
            ("AID", 1981), ("COOPERATE", 1982), ("AGREE", 1983), ("AID", 1984)]
    weights = {"AID": 10, "COOPERATE": 9.5, "AGREE": 2.5, "SANCTION": -6, "ASSAULT": -9, "ACCUSE": -3}
    events = [event_factory(i, cat, str(year), intensity=weights[cat]) for i, (cat, year) in enumerate(plan)]
    events.append(event_factory(99, "ASSAULT", "1960", src="IND", tgt="CHN", intensity=-9))  # not the dyad
    phases = find_phases([], events, dyad=("USA", "PAK"))
    assert [(p.start[:4], p.end[:4], p.label, p.n_events) for p in phases] == [
        ("1954", "1957", "engagement", 4), ("1965", "1968", "estrangement", 4),
        ("1981", "1984", "engagement", 4)]
    assert phases[1].top_events[0] == "ev5"  # the strongest event of the rupture


def test_phases_from_events_merge_neighbours_with_one_label(event_factory):
    events = [event_factory(i, "AID", str(2000 + i), intensity=10.0 if i % 2 else 2.5) for i in range(12)]
    phases = find_phases([], events, dyad=("USA", "PAK"))
    assert [(p.label, p.n_events) for p in phases] == [("engagement", 12)]


def test_phases_do_not_overlap_and_cite_events_that_pull_their_way(event_factory):
    plan = [("AID", "2001"), ("COOPERATE", "2002"), ("ASSAULT", "2003"), ("AID", "2004-03"),
            ("SANCTION", "2004-06"), ("ASSAULT", "2005"), ("SANCTION", "2006"), ("AID", "2006-02")]
    weights = {"AID": 10, "COOPERATE": 9.5, "ASSAULT": -9, "SANCTION": -6}
    events = [event_factory(i, cat, d, intensity=weights[cat]) for i, (cat, d) in enumerate(plan)]
    phases = find_phases([], events, dyad=("USA", "PAK"), by="events")
    for current, following in zip(phases, phases[1:]):
        assert current.end < following.start
    for phase in phases:
        top = [next(e for e in events if e.id == i) for i in phase.top_events]
        if phase.label == "engagement":
            assert top[0].intensity == max(e.intensity for e in top)
        if phase.label == "estrangement":
            assert top[0].intensity == min(e.intensity for e in top)


def _char(n: int, label: str, start: str, end: str | None = None, actors=("PAK", "USA")):
    from bilat.model import Characterization

    return Characterization(doc_id="d", actors=list(actors), label=label, quote=f"Statement {n}.", char_start=0,
                            char_end=10, start=start, end=end, date_basis="explicit", id=f"c{n}", doc="d.txt")


def test_phases_from_events_and_characterizations_evidence_agrees_with_label(event_factory):
    events = [
        # a conflictual event reported by many sources inside an engagement phase must not head it
        event_factory(1, "SANCTION", "1955", docs=4), event_factory(2, "AID", "1955", docs=2),
        event_factory(3, "AID", "1956"), event_factory(4, "COOPERATE", "1957"),
        event_factory(5, "SANCTION", "1991"), event_factory(6, "SANCTION", "1992", docs=2),
        event_factory(7, "ASSAULT", "1993"),
    ]
    chars = [_char(1, "engagement", "1954"), _char(2, "estrangement", "1990", "1999"),
             _char(3, "estrangement", "1960", actors=("IND", "CHN"))]
    phases = find_phases([], events, dyad=("USA", "PAK"), characterizations=chars)
    assert [(p.start[:4], p.label) for p in phases] == [("1954", "engagement"), ("1991", "estrangement")]
    first, second = phases
    assert (first.evidence[0].kind, first.evidence[0].id, first.evidence[0].agrees) == ("event", "ev2", True)
    assert all(e.agrees for e in first.evidence[:3]) and not first.evidence[-1].agrees
    assert second.evidence[0].id == "ev6"  # agreeing, most sources
    assert first.n_characterizations == 1 and second.n_characterizations == 1  # the IND-CHN one is not the dyad's
    assert not first.weak and not second.weak


def test_phases_with_little_evidence_are_marked_weak_not_dropped(event_factory):
    events = [event_factory(1, "AID", "1960"), event_factory(2, "COOPERATE", "1961")]
    points = series([6.0, 6.0], first_year=1960)
    phases = find_phases(points, events, dyad=("USA", "PAK"))
    assert [(p.label, p.weak) for p in phases] == [("engagement", True)]
    assert len(phases[0].evidence) == 2
