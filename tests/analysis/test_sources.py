"""Per-publisher and per-document profiles."""
from __future__ import annotations

import pytest

from bilat.analysis.sources import source_profiles
from bilat.model import Citation, Document, Recommendation


def _cite(event, *doc_ids):
    event.citations = [Citation(mention_id=f"{d}:m", doc_id=d, doc=f"{d}.txt", source=d, quote=event.quote,
                                start=0, end=1) for d in doc_ids]
    return event


def test_sources_profiles_by_publisher(event_factory):
    docs = [Document(id="a", source="a.txt", text="", publisher="Daily"),
            Document(id="b", source="b.txt", text="", publisher="Daily"),
            Document(id="c", source="c.txt", text="", publisher=None)]
    events = [
        _cite(event_factory(1, "AID", "2010", themes=["economic_aid"]), "a"),
        _cite(event_factory(2, "SANCTION", "1998", themes=["nuclear"]), "a", "c"),
        _cite(event_factory(3, "REQUEST", "2015", themes=["economic_aid"]), "b"),
        _cite(event_factory(4, "ASSAULT", None, themes=["security"]), "c"),
    ]
    recs = [Recommendation(doc_id="b", actor="USA", text="t", quote="q", start=0, end=1)]
    daily, own = source_profiles(docs, events, recs)
    assert daily["name"] == "Daily" and daily["documents"] == 2 and daily["events"] == 3
    assert daily["themes"][0] == {"theme": "economic_aid", "count": 2, "share": pytest.approx(2 / 3, abs=1e-4)}
    assert (daily["cooperative"], daily["conflictual"]) == (1, 1)  # REQUEST weighs 0: neither
    assert daily["cooperative_share"] == 0.5
    assert (daily["date_from"], daily["date_to"]) == ("1998", "2015")
    assert daily["recommendations"] == 1
    # the documents without a publisher are one group, not a source each
    assert (own["name"], own["kind"], own["documents"]) == ("(publisher not stated)", "unattributed", 1)
    assert (own["events"], own["conflictual_share"], own["date_to"]) == (2, 1.0, "1998")


def test_sources_profiles_by_document(event_factory):
    docs = [Document(id="a", source="/x/a.txt", text="", title="A brief", publisher="P")]
    profiles = source_profiles(docs, [_cite(event_factory(1, "AID", "2010"), "a")], [], by="document")
    assert [(p["name"], p["doc"], p["events"]) for p in profiles] == [("A brief", "a.txt", 1)]
    with pytest.raises(ValueError, match="publisher or document"):
        source_profiles(docs, [], [], by="year")


def test_sources_profiles_compare_kinds_and_characterizations(event_factory):
    from bilat.model import Characterization

    docs = [Document(id="a", source="a.txt", text="", publisher="Harbour Institute", source_type="think-tank brief"),
            Document(id="b", source="b.txt", text="", publisher="Harbour Institute", source_type="think-tank brief"),
            Document(id="c", source="c.txt", text="", publisher=None, source_type="news"),
            Document(id="d", source="d.txt", text="", publisher=None, source_type="news")]
    chars = [Characterization(doc_id=d, actors=["PAK", "USA"], label=label, quote="q", char_start=0, char_end=1)
             for d, label in (("a", "engagement"), ("b", "engagement"), ("c", "estrangement"))]
    profiles = source_profiles(docs, [_cite(event_factory(1, "AID", "2010"), "a", "c")], [],
                               characterizations=chars)
    by_name = {p["name"]: p for p in profiles}
    assert set(by_name) == {"Harbour Institute", "(publisher not stated)"}
    institute, unstated = by_name["Harbour Institute"], by_name["(publisher not stated)"]
    assert institute["source_type"] == "think-tank brief" and unstated["source_type"] == "news"
    assert institute["characterizations"] == {"engagement": 2, "estrangement": 0, "mixed": 0}
    assert unstated["characterizations"] == {"engagement": 0, "estrangement": 1, "mixed": 0}
    assert unstated["documents"] == 2 and unstated["kind"] == "unattributed"
