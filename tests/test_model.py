"""Records: `plain` gives what `dataclasses.asdict` gives, faster (API pages go through it)."""
from __future__ import annotations

import datetime
from dataclasses import asdict

import pytest

from bilat.model import Amount, Citation, Event, MentionKey, StoredEvent, plain


def _event(**extra) -> Event:
    citations = [Citation("d1:m0", "d1", "d1.txt", "/x/d1.txt", "Aid was pledged.", 0, 16, "Ledger", "2011-05-02"),
                 Citation("d2:m1", "d2", "d2.txt", "/x/d2.txt", "Aid again.", 4, 14)]
    return Event("ev_1", "AID", "USA", "PAK", "2011-05", "month", "occurred", "Aid was pledged.", 6.5,
                 themes=["economic_aid"], citations=citations, disagreements=["amount"], **extra)


@pytest.mark.parametrize("record", [
    _event(),
    _event(amount=Amount(1.5e9, "USD", "$1.5 billion")),
    MentionKey("d1:m0", "ev_1", "f1", "pak", "usa", datetime.date(2011, 5, 1), datetime.date(2011, 5, 31)),
    StoredEvent(_event(), (1, 0, "d1:m0"), ["trade"], [], ("USA", "PAK"), {"year": "2011", "month": None}),
], ids=["event", "event with amount", "mention key", "stored event"])
def test_model_plain_equals_asdict(record):
    assert plain(record) == asdict(record)


def test_model_plain_copies_containers():
    event = _event()
    data = plain(event)
    data["themes"].append("security")
    data["citations"][0]["quote"] = "changed"
    assert event.themes == ["economic_aid"] and event.citations[0].quote == "Aid was pledged."


def test_model_event_to_dict_counts_sources():
    assert _event().to_dict() == {**asdict(_event()), "sources": 2}
