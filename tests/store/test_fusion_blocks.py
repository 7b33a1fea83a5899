"""Fusion's blocking keys (schema 7): candidates found by point look-ups in `fusion_blocks` are
those the scan of every member of a block finds, the table is what the migration builds from
the stored members, and ingest with the bounded look-ups stores what it stored before."""
from __future__ import annotations

import random
from datetime import date

import duckdb
import pytest

from bilat.analysis import assign as assign_module
from bilat.analysis.assign import MAX_CANDIDATES, fusing
from bilat.model import Document, EventMention, MentionKey, ProcessedDocument
from bilat.store import Store
from bilat.store.events import block_periods
from bilat.store.schema import LATEST_PER_BLOCK, MIGRATIONS, SCHEMA_VERSION
from tests.fusion_corpus import random_corpus

# a dense corpus: few blocks, many members each (more than LATEST_PER_BLOCK undated and dated
# ones per block), every precision, dates across month, year and decade edges
DATES = [("2011-05-02", "day"), ("2011-05-31", "day"), ("2011-06-01", "day"), ("2011-05", "month"),
         ("2011", "year"), ("2010-12-31", "day"), ("2010", "decade"), ("2009", "decade"), ("2012-01", "month"),
         (None, None), (None, None), (None, None)]


def dense_corpus(store: Store, docs: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    words = "strike aid talks border drone trade visit minister army loan".split()
    for d in range(docs):
        doc_id = f"z{d:03d}"
        mentions, start = [], 0
        for n in range(rng.randint(3, 6)):
            day, prec = rng.choice(DATES)
            quote = " ".join(rng.choice(words) for _ in range(6)).capitalize() + "."
            mentions.append(EventMention(doc_id, quote, start, start + len(quote), rng.choice(["ASSAULT", "AID"]),
                                         rng.choice(["USA", "USA", None]), rng.choice(["PAK", None]), day, prec,
                                         id=f"{doc_id}:m{n}", doc=f"{doc_id}.txt"))
            start += len(quote) + 1
        doc = Document(id=doc_id, source=f"/z/{doc_id}.txt", text="x", content_hash=f"z{d}")
        store.add_processed(ProcessedDocument(doc, mentions=mentions), then=fusing(store))


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("blocks") / "d.duckdb") as s:
        dense_corpus(s, docs=45)
        yield s


def test_fusion_blocks_dense_corpus_fills_the_latest_buckets(dense):
    sizes = dict(dense.conn.execute(
        "SELECT bucket, count(*) FROM fusion_blocks WHERE bucket LIKE '%~_' GROUP BY bucket").fetchall())
    members = dense.conn.execute("SELECT count(*) FROM event_mentions WHERE day_lo IS NULL").fetchone()[0]
    assert members > 2 * LATEST_PER_BLOCK  # the undated overflow their latest buckets
    assert max(sizes.values()) == LATEST_PER_BLOCK


def test_fusion_blocks_hold_as_many_latest_members_as_fusion_asks_for():
    assert MAX_CANDIDATES <= LATEST_PER_BLOCK  # else every look-up reads whole blocks


@pytest.mark.parametrize("per_key", [1, 3, MAX_CANDIDATES])
def test_fusion_blocks_look_ups_find_what_the_block_scan_finds(dense, per_key):
    keys = dense.mention_keys(e.id for e in dense.events())
    rng = random.Random(per_key)
    probes = [MentionKey("new", "", k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi) for k in keys]
    probes += [MentionKey("new", "", "f0", "usa", "pak", date(2011, 5, 30), date(2011, 5, 30)),
               MentionKey("new", "", "f0", "*", "*", None, None)]
    assert len(probes) > 100
    for sample in [probes[i:i + 7] for i in range(0, len(probes), 7)] + [probes]:
        rng.shuffle(sample)
        expected = {r[0] for r in dense._block_candidates(sample, per_key)}
        assert dense.fusion_candidates(sample, per_key=per_key) == expected
    assert dense.fusion_candidates(probes, per_key=per_key)  # not vacuous


def test_fusion_blocks_periods_cover_the_window_of_a_key():
    assert block_periods(date(2011, 5, 31), date(2011, 5, 31)) == [
        "2011-05", "2011-06", "2011", "2010s", "*", "~u"]
    decade = block_periods(date(2010, 1, 1), date(2019, 12, 31))  # two days either side
    assert decade[:2] == ["2009-12", "2010-01"] and decade[-6:] == ["2020", "2000s", "2010s", "2020s", "*", "~u"]
    assert len(decade) == 122 + 12 + 3 + 2
    assert block_periods(None, None) == ["~d", "~u"]


def test_fusion_blocks_migration_builds_what_ingest_maintains(tmp_path):
    path = tmp_path / "v6.duckdb"
    with Store(path) as s:
        dense_corpus(s, docs=25)
        random_corpus(s, docs=10)
        kept = sorted(s.conn.execute("SELECT * FROM fusion_blocks").fetchall())
        events = [e.to_dict() for e in s.events(by_date=False)]
    conn = duckdb.connect(str(path))  # as a schema-6 bilat left it: no fusion_blocks
    conn.execute("DROP TABLE fusion_blocks")
    conn.execute("DELETE FROM schema_version WHERE version = 7")
    conn.close()
    with Store(path) as s:
        assert s.version() == SCHEMA_VERSION == 7
        assert sorted(s.conn.execute("SELECT * FROM fusion_blocks").fetchall()) == kept
        assert [e.to_dict() for e in s.events(by_date=False)] == events
    assert len(MIGRATIONS) == 7


def test_fusion_blocks_ingest_stores_what_unbounded_look_ups_store(tmp_path, monkeypatch):
    """Past the bounds too (neighbourhoods full), the point look-ups and the
    frontier looked up a few keys at a time store the events of one look-up of every key."""
    full = []
    real = assign_module._next_frontier

    def watched(store, keys, events, room):
        frontier, members = real(store, keys, events, room)
        full.append(len(members) > room)
        return frontier, members

    monkeypatch.setattr(assign_module, "_next_frontier", watched)
    monkeypatch.setattr(assign_module, "MAX_NEIGHBOURHOOD", 40)  # full sooner (both runs)
    with Store(tmp_path / "new.duckdb") as s:
        dense_corpus(s, docs=30, seed=8)
        bounded = [e.to_dict() for e in s.events(by_date=False)]
    assert any(full) and not all(full)  # neighbourhoods filled up, and others did not

    def next_frontier(store, keys, events, room):  # the loop as it was: every key at once
        frontier = {r[0] for r in store._block_candidates(
            list({(k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi): k for k in keys}.values()),
            MAX_CANDIDATES)} - events if keys else set()
        return frontier, store.mention_keys(frontier)

    monkeypatch.setattr(assign_module, "_next_frontier", next_frontier)
    monkeypatch.setattr(Store, "fusion_candidates", lambda self, keys, exclude=(), per_key=None: {
        r[0] for r in self._block_candidates(list({(k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi): k
                                                   for k in keys}.values()), per_key)} - set(exclude) if keys else set())
    with Store(tmp_path / "old.duckdb") as s:
        dense_corpus(s, docs=30, seed=8)
        assert [e.to_dict() for e in s.events(by_date=False)] == bounded
