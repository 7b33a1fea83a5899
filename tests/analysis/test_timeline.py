"""Filtering events and the TimelineJS3 export."""
from __future__ import annotations

import pytest

from bilat.analysis.timeline import filter_events, to_timelinejs


@pytest.fixture
def events(event_factory):
    return [
        event_factory(1, "AID", "2010-08-15", quote="Flood relief arrived in Sindh.", themes=["climate"]),
        event_factory(2, "SANCTION", "1998", quote="Sanctions followed the nuclear tests."),
        event_factory(3, "CONSULT", None, quote="Officials met to discuss trade."),
        event_factory(4, "ASSAULT", "2011-05", src="USA", tgt="al-Qaeda", quote="A raid killed the leader."),
        event_factory(5, "AGREE", "2010", modality="planned", quote="A trade agreement is to be signed."),
    ]


@pytest.mark.parametrize(
    ("kwargs", "ids"),
    [
        ({}, ["ev2", "ev5", "ev1", "ev4", "ev3"]),
        ({"date_from": "2010-06"}, ["ev5", "ev1", "ev4"]),
        ({"date_to": "2010"}, ["ev2", "ev5", "ev1"]),
        ({"actor": "al-qaeda"}, ["ev4"]),
        ({"category": "aid"}, ["ev1"]),
        ({"modality": "planned"}, ["ev5"]),
        ({"theme": "nuclear"}, ["ev2"]),
        ({"theme": "climate"}, ["ev1"]),
        ({"q": "TRADE"}, ["ev5", "ev3"]),
    ],
)
def test_timeline_filter_events(events, kwargs, ids):
    assert [e.id for e in filter_events(events, **kwargs)] == ids


def test_timeline_timelinejs_shape(events):
    tl = to_timelinejs(events, "USA and Pakistan")
    assert tl["title"]["text"]["headline"] == "USA and Pakistan"
    assert [e["unique_id"] for e in tl["events"]] == ["ev2", "ev5", "ev1", "ev4"]
    assert tl["events"][0]["start_date"] == {"year": 1998}
    assert tl["events"][2]["start_date"] == {"year": 2010, "month": 8, "day": 15}
    assert tl["events"][3]["group"] == "ASSAULT"
    assert "A raid killed the leader." in tl["events"][3]["text"]["text"]
    assert all(set(e) >= {"start_date", "text", "group"} for e in tl["events"])
