"""Fusion of event mentions into events: hand-built mentions and the shared gold clusters."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bilat.analysis.fusion import date_agreement, fuse
from bilat.model import Amount, Document, EventMention

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def mention(doc: str, n: int, category: str, src: str | None, tgt: str | None, quote: str,
            date: str | None = None, precision: str | None = None, **kw) -> EventMention:
    return EventMention(doc_id=doc, quote=quote, start=100 * n, end=100 * n + len(quote), category=category,
                        source_actor=src, target_actor=tgt, date=date, date_precision=precision,
                        id=f"{doc}:m{n}", doc=f"{doc}.txt", **kw)


DOCS = {
    d: Document(id=d, source=f"/tmp/{d}.txt", text="", publisher=f"Publisher {d}", published="2020-01-01")
    for d in ("a", "b", "c")
}


@pytest.mark.parametrize(
    ("da", "pa", "db", "pb", "compatible"),
    [
        ("2011", "year", "2011-05-02", "day", True),
        ("1980", "decade", "1986", "year", True),
        ("1980", "decade", "1991-02", "month", False),
        ("2011-05", "month", "2011-06", "month", False),
        (None, None, "2011-05-02", "day", True),
        ("2011-05-01", "day", "2011-05-02", "day", True),  # time zones: kept, flagged
        ("2011-05-01", "day", "2011-05-09", "day", False),
    ],
)
def test_fusion_date_compatibility(da, pa, db, pb, compatible):
    a = mention("a", 1, "ASSAULT", "USA", "PAK", "x", da, pa)
    b = mention("b", 1, "ASSAULT", "USA", "PAK", "x", db, pb)
    score, _ = date_agreement(a, b)
    assert (score is not None) == compatible


def test_fusion_merges_reports_across_documents_and_keeps_disagreements():
    mentions = [
        mention("a", 1, "ASSAULT", "USA", "TTP", "American drones struck a compound of the Tehreek militants in North Waziristan, killing 12 fighters.",
                "2012-03-04", "day", amount=Amount(12, "persons", "12 fighters")),
        mention("b", 1, "ASSAULT", "USA", "TTP", "A U.S. drone strike on a Tehreek compound in North Waziristan killed 20 militants, officials said.",
                "2012-03-05", "day", amount=Amount(20, "persons", "20 militants")),
        mention("c", 1, "ASSAULT", "USA", "TTP", "Officials denied that any drone strike hit North Waziristan that weekend.",
                "2012-03", "month", modality="negated"),
        mention("a", 2, "AID", "USA", "PAK", "Washington released $800 million in military aid to Islamabad.", "2012", "year"),
    ]
    events = fuse(mentions, DOCS)
    assert len(events) == 2
    strike = next(e for e in events if e.category == "ASSAULT")
    assert sorted(c.doc_id for c in strike.citations) == ["a", "b", "c"]
    assert {c.publisher for c in strike.citations} == {"Publisher a", "Publisher b", "Publisher c"}
    kinds = sorted(d.split(":")[0] for d in strike.disagreements)
    assert kinds == ["amount", "date", "modality"]
    assert strike.date_precision == "day"


def test_fusion_keeps_distinct_happenings_apart():
    mentions = [
        mention("a", 1, "AID", "USA", "PAK", "The United States gave Pakistan flood relief worth $10 million.", "2010-08", "month"),
        mention("b", 1, "SANCTION", "USA", "PAK", "The United States suspended security assistance to Pakistan.", "2010-08", "month"),
        mention("c", 1, "AID", "USA", "PAK", "The United States gave Pakistan flood relief worth $10 million.", "2015-08", "month"),
        mention("c", 2, "AID", "CHN", "PAK", "China gave Pakistan flood relief worth $10 million.", "2010-08", "month"),
    ]
    assert len(fuse(mentions, DOCS)) == 4


def test_fusion_average_link_does_not_chain():
    # b is compatible with a and with c, but a and c contradict each other (dates).
    text = "Pakistani and American officials held talks on the border crossing in Peshawar."
    mentions = [
        mention("a", 1, "CONSULT", "USA", "PAK", text, "2019-01-10", "day"),
        mention("b", 1, "CONSULT", "PAK", "USA", text, "2019", "year"),
        mention("c", 1, "CONSULT", "USA", "PAK", text, "2019-11-20", "day"),
    ]
    events = fuse(mentions, DOCS)
    assert len(events) == 2
    assert sorted(len(e.citations) for e in events) == [1, 2]


def test_fusion_event_id_is_deterministic_and_order_free():
    mentions = [
        mention("a", 1, "AGREE", "USA", "PAK", "The two governments signed a customs agreement in Islamabad.", "2018-02-01", "day"),
        mention("b", 1, "AGREE", "PAK", "USA", "Pakistan and the U.S. signed a customs agreement in Islamabad.", "2018-02-01", "day"),
    ]
    first = fuse(mentions, DOCS)
    second = fuse(list(reversed(mentions)), DOCS)
    assert len(first) == 1
    assert first[0].id == second[0].id


def _gold_mentions(gold_dir: Path) -> list[EventMention]:
    out = []
    for path in sorted(gold_dir.glob("0*.json")):
        for n, ev in enumerate(json.loads(path.read_text())["events"]):
            date = ev.get("date")
            precision = {4: "year", 7: "month", 10: "day"}.get(len(date)) if date else None
            out.append(EventMention(
                doc_id=path.stem, quote=ev["quote"], start=1000 * n, end=1000 * n + len(ev["quote"]),
                category=ev["category"], source_actor=ev["source_actor"], target_actor=ev["target_actor"],
                date=date, date_precision=precision, modality=ev["modality"] or "occurred",
                id=f"{path.stem}:{ev['id']}", doc=f"{path.stem}.txt"))
    return out


def test_fusion_reproduces_gold_clusters():
    gold_dir = SHARED / "eval" / "gold"
    if not (gold_dir / "clusters.json").exists():
        pytest.skip("../shared not found: shared gold material is absent")
    events = fuse(_gold_mentions(gold_dir), {})
    predicted = {p for e in events for p in itertools.combinations(sorted(c.mention_id for c in e.citations), 2)}
    gold = {p for c in json.loads((gold_dir / "clusters.json").read_text())
            for p in itertools.combinations(sorted(c["members"]), 2)}
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold)
    assert precision >= 0.8, (precision, predicted - gold)
    assert recall >= 0.8, (recall, gold - predicted)
