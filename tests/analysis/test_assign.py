"""Incremental fusion at ingest: stored events equal a batch fusion of everything, and a new
document re-clusters only the events it could join."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from bilat.analysis.assign import assign, fusing, rebuild
from bilat.analysis.fusion import fuse
from bilat.corpus import Corpus
from bilat.model import Document, EventMention, ProcessedDocument
from bilat.store import Store
from tests.fusion_corpus import random_corpus

ROOT = Path(__file__).resolve().parents[2]

# (doc, category, source, target, date, precision, quote): three reports of one strike, an aid
# decision told twice, and unrelated happenings in other blocks
MENTIONS = [
    ("a", "ASSAULT", "USA", "TTP", "2012-03-04", "day",
     "American drones struck a compound of the Tehreek militants in North Waziristan, killing 12 fighters."),
    ("a", "AID", "USA", "PAK", "2012", "year", "Washington released $800 million in military aid to Islamabad."),
    ("b", "ASSAULT", "USA", "TTP", "2012-03-05", "day",
     "A U.S. drone strike on a Tehreek compound in North Waziristan killed 20 militants, officials said."),
    ("b", "CONSULT", "PAK", "CHN", "2012-05-01", "day", "Pakistani and Chinese ministers met in Beijing on trade."),
    ("c", "AID", "USA", "PAK", "2012-02", "month",
     "The United States released $800 million of military aid to Pakistan in February."),
    ("c", "ASSAULT", "USA", "TTP", "2012-03", "month",
     "Drone strikes on militant compounds in North Waziristan continued in March."),
    ("d", "SANCTION", "USA", "PAK", "1998", "year", "Washington imposed sanctions on Pakistan in 1998."),
    ("d", "CONSULT", None, None, None, None, "Officials met to discuss the matter."),
]


def processed(doc_id: str) -> ProcessedDocument:
    rows = [r for r in MENTIONS if r[0] == doc_id]
    text = " ".join(r[6] for r in rows)
    doc = Document(id=doc_id, source=f"/corpus/{doc_id}.txt", text=text, content_hash=f"h-{doc_id}",
                   publisher=f"Publisher {doc_id}", published="2012-06-01")
    mentions, start = [], 0
    for n, (_, cat, src, tgt, date, prec, quote) in enumerate(rows):
        mentions.append(EventMention(doc_id, quote, start, start + len(quote), cat, src, tgt, date, prec,
                                     id=f"{doc_id}:m{n}", doc=f"{doc_id}.txt", confidence=0.5 + n / 10))
        start += len(quote) + 1
    return ProcessedDocument(doc, mentions=mentions)


def batch(store: Store) -> list[dict]:
    documents = {d.id: d for d in store.documents(with_text=False)}
    return [e.to_dict() for e in fuse(store.mentions(), documents)]


def stored(store: Store) -> list[dict]:
    return [e.to_dict() for e in store.events(by_date=False)]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "f.duckdb") as s:
        yield s


@pytest.mark.parametrize("order", ["abcd", "dcba", "cadb"])
def test_assign_stored_events_equal_batch_fusion_in_any_ingest_order(store, order):
    for doc_id in order:
        store.add_processed(processed(doc_id), then=fusing(store))
    events = stored(store)
    assert events == batch(store)
    strike = next(e for e in events if e["category"] == "ASSAULT" and e["sources"] > 1)
    assert {c["doc_id"] for c in strike["citations"]} >= {"a", "b"}


def test_assign_new_document_joins_an_existing_event_and_leaves_other_blocks_alone(store):
    store.add_processed(processed("a"), then=fusing(store))
    store.add_processed(processed("d"), then=fusing(store))
    before = {e.id for e in store.events()}
    touched: list[int] = []
    store.add_processed(processed("b"), then=lambda d: touched.append(assign(store, d)))
    after = {e.id: e for e in store.events()}
    # b's strike joined a's strike; a's aid and d's events were neither read nor rewritten
    assert touched == [3]  # a's strike and b's two mentions
    [strike] = [e for e in after.values() if e.category == "ASSAULT"]
    assert [c.mention_id for c in strike.citations] == ["a:m0", "b:m0"]
    assert {e.id for e in after.values() if e.category != "ASSAULT"} >= before - {e for e in before if e not in after}
    assert len(before - set(after)) == 1  # only the strike's event id changed


def test_assign_rebuild_gives_the_same_events(store):
    for doc_id in "cabd":
        store.add_processed(processed(doc_id), then=fusing(store))
    incremental = stored(store)
    with store.transaction():
        rebuild(store)
    assert stored(store) == incremental


def test_assign_documents_stored_without_fusion_are_fused_when_a_corpus_opens(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        for doc_id in "abcd":
            s.add_processed(processed(doc_id))  # as a schema-4 database held them: no events
        assert s.event_count() == 0
    with Corpus(path) as corpus:
        assert [e.to_dict() for e in corpus.store.events(by_date=False)] == batch(corpus.store)


def test_assign_random_corpus_matches_batch(store):
    rng = random.Random(7)
    actors = ["USA", "PAK", "IND", None]
    cats = ["ASSAULT", "AID", "CONSULT", "SANCTION", "ACCUSE"]
    words = "strike aid talks sanctions border drone trade visit minister army loan deal".split()
    for d in range(12):
        doc_id = f"r{d:02d}"
        rows = []
        for _ in range(rng.randint(1, 6)):
            day = f"2012-0{rng.randint(1, 3)}-0{rng.randint(1, 4)}"
            date, prec = rng.choice([(day, "day"), (day[:7], "month"), ("2012", "year"), (None, None)])
            quote = " ".join(rng.choice(words) for _ in range(8)).capitalize() + "."
            rows.append((doc_id, rng.choice(cats), rng.choice(actors), rng.choice(actors), date, prec, quote))
        MENTIONS.extend(rows)
        try:
            store.add_processed(processed(doc_id), then=fusing(store))
        finally:
            del MENTIONS[-len(rows):]
    assert stored(store) == batch(store)


@pytest.mark.slow
def test_assign_sample_corpus_ingest_equals_batch_fusion(tmp_path):
    """The bundled sample corpus, ingested document by document, stores exactly the events a
    batch fusion of all its mentions gives."""
    with Corpus(tmp_path / "s.duckdb") as corpus:
        corpus.ingest([str(ROOT / "samples" / "corpus")])
        assert stored(corpus.store) == batch(corpus.store)


def test_assign_cli_rebuild_reports_the_events(tmp_path, capsys):
    from tests.cli_runner import run_bilat

    path = tmp_path / "cli.duckdb"
    with Store(path) as s:
        for doc_id in "abcd":
            s.add_processed(processed(doc_id), then=fusing(s))
        expected = stored(s)
    run = run_bilat(capsys, "rebuild", "--db", path)
    assert run.code == 0
    assert run.out.strip() == f"rebuilt {len(expected)} events"
    with Store(path, read_only=True) as s:
        assert stored(s) == expected


def test_assign_denser_random_corpus_matches_batch(tmp_path):
    with Store(tmp_path / "r.duckdb") as s:
        random_corpus(s, docs=45, seed=1)
        assert stored(s) == batch(s)
