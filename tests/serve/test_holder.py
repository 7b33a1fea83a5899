"""The server's snapshots: a running app follows the database file that `bilat ingest` writes."""
from __future__ import annotations

import time

import pytest

from bilat.errors import StoreError
from bilat.serve.holder import SnapshotHolder
from bilat.store import Store
from bilat.store.events import EventFilters
from tests.serve.corpus_fixture import build_store
from tests.store.test_db import processed


@pytest.fixture
def holder(tmp_path):
    db = build_store(tmp_path / "h.duckdb")
    h = SnapshotHolder(db, poll_seconds=0)
    yield h
    h.close()


def _documents(holder: SnapshotHolder) -> int:
    corpus = holder.acquire()
    try:
        return len(corpus.documents())
    finally:
        holder.release(corpus)


def _wait_for(holder: SnapshotHolder, count: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _documents(holder) == count:
            return True
        time.sleep(0.05)
    return False


def test_holder_serves_a_copy_not_the_file(holder):
    corpus = holder.acquire()
    try:
        assert corpus.store.path != holder.db_path
        assert corpus.store.path.parent.name.startswith("bilat-serve-")
    finally:
        holder.release(corpus)
    # the file is free: a writer opens it while the holder serves
    with Store(holder.db_path) as store:
        assert len(store.documents()) == _documents(holder)


def test_holder_sees_documents_written_after_it_started(holder):
    before = _documents(holder)
    with Store(holder.db_path) as store:
        store.add_processed(processed("new1", "new-hash-1"))
    assert _wait_for(holder, before + 1)


def test_holder_keeps_a_leased_snapshot_until_its_request_ends(holder):
    old = holder.acquire()
    old_path = old.store.path
    with Store(holder.db_path) as store:
        store.add_processed(processed("new2", "new-hash-2"))
    holder.refresh_now()
    assert old_path.exists()  # still leased: the request reading it goes on
    assert len(old.documents()) >= 1
    holder.release(old)
    assert not old_path.exists()
    assert holder.acquire().store.path != old_path


def test_holder_refuses_a_missing_database(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        SnapshotHolder(tmp_path / "none.duckdb")


def test_holder_removes_folders_of_killed_servers(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / "bilat-serve-999999999-abc"  # no such pid
    dead.mkdir()
    (dead / "snapshot-1.duckdb").write_bytes(b"x")
    db = build_store(tmp_path / "o.duckdb")
    live = SnapshotHolder(db)
    try:
        assert not dead.exists()
        assert live._dir.exists() and live._dir.parent == tmp_path
    finally:
        live.close()
    assert not live._dir.exists()


def test_holder_serves_a_database_of_an_older_schema(tmp_path):
    import duckdb

    from bilat.store.schema import MIGRATIONS

    db = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(db))  # a database as the first schema left it
    conn.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, now())")
    conn.close()
    old = SnapshotHolder(db)
    try:
        assert _documents(old) == 0  # served, not refused
    finally:
        old.close()
    conn = duckdb.connect(str(db), read_only=True)  # the file itself is left as it was
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    conn.close()


def test_holder_snapshots_share_the_search_index_beside_the_database(tmp_path):
    db = build_store(tmp_path / "s.duckdb")
    holder = SnapshotHolder(db, poll_seconds=0)
    try:
        corpus = holder.acquire()
        try:
            assert corpus.search("aid") == corpus.search("aid")
        finally:
            holder.release(corpus)
        assert (tmp_path / "s.duckdb.search" / "stamp.txt").exists()  # beside the database, not the copy
        holder.refresh_now()
        fresh = holder.acquire()
        try:
            fresh.search("aid")
            assert fresh is not corpus and fresh._cache["search"].loaded  # read, not built again
        finally:
            holder.release(fresh)
    finally:
        holder.close()
    assert (tmp_path / "s.duckdb.search").exists()  # kept for the next server and `bilat search`


def test_holder_pages_of_every_event_are_cut_from_the_kept_order(holder):
    corpus = holder.acquire()
    try:
        assert "event_order" in corpus._cache  # sorted when the snapshot was taken
        total, page = corpus.event_page(3, 2)
        every = corpus.store.events()
        assert total == len(every) and [e.to_dict() for e in page] == [e.to_dict() for e in every[2:5]]
        filtered = corpus.event_page(2, 0, category="AID")
        assert filtered[1] == corpus.store.events(EventFilters(category="AID"), limit=2)
    finally:
        holder.release(corpus)


def test_holder_counts_a_filtered_list_once_while_it_is_paged(holder, monkeypatch):
    corpus = holder.acquire()
    try:
        counted = []
        real = corpus.store.event_count
        monkeypatch.setattr(corpus.store, "event_count", lambda f=None: counted.append(f) or real(f))
        pages = [corpus.event_page(2, offset, actor="PAK") for offset in (0, 2, 4)]
        assert len(counted) == 1 and {total for total, _ in pages} == {real(EventFilters(actor="PAK"))}
    finally:
        holder.release(corpus)
