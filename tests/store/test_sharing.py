"""Sharing one database file: between threads of a server, and between processes (`bilat serve`
reading snapshots while `bilat ingest` writes)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bilat.errors import StoreError
from bilat.store import Store, connect, file_version, snapshot
from bilat.store.db import describe_process
from tests.store.test_db import processed


def _hold(path, seconds: float) -> subprocess.Popen:
    """Another process that opens `path` for writing and keeps it `seconds`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(float(sys.argv[2]))", str(path), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture
def path(tmp_path):
    db = tmp_path / "shared.duckdb"
    with Store(db) as store:
        store.add_processed(processed("d1", "h1"))
        store.add_processed(processed("d2", "h2"))
    return db


def test_sharing_threads_read_through_their_own_cursors(path):
    with Store(path, read_only=True) as store:
        def read(_: int) -> tuple[int, int]:
            return len(store.documents()), len(store.mentions())

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(read, range(200)))
    assert set(results) == {(2, 2)}


def test_sharing_release_lets_another_process_write(path):
    store = Store(path)
    assert store.held_for() > 0
    store.release()
    assert store.held_for() == 0
    writer = _hold(path, 0)  # opens for writing: possible only because we let go
    assert writer.wait(30) == 0
    assert len(store.documents()) == 2  # reopened on use
    store.close()


def test_sharing_open_waits_for_the_holder_to_let_go(path):
    holder = _hold(path, 1.0)
    started = time.monotonic()
    conn = connect(path, wait=20)
    waited = time.monotonic() - started
    conn.close()
    holder.wait(10)
    assert 0.3 < waited < 20


def test_sharing_gives_up_naming_the_holder(path):
    holder = _hold(path, 30)
    try:
        with pytest.raises(StoreError) as err:
            Store(path, wait=0.3)
    finally:
        holder.kill()
        holder.wait()
    message = str(err.value)
    assert message.startswith(f"{path}: the database is in use by another process, python")
    assert f"(pid {holder.pid}); waited 0.3 s;" in message
    assert "--wait SECONDS" in message and "duckdb" not in message.lower().replace(".duckdb", "")


def test_sharing_describes_a_bilat_process_by_its_command(tmp_path):
    # argv[0] is what a console script shows: /.../bin/bilat
    proc = subprocess.Popen(["/opt/venv/bin/bilat", "-c", "import time; time.sleep(30)"],
                            executable=sys.executable)
    try:
        time.sleep(0.2)
        assert describe_process(proc.pid) == f"'bilat -c import time; time.sleep(30)' (pid {proc.pid})"
    finally:
        proc.kill()
        proc.wait()
    assert describe_process(proc.pid) == f"another process (pid {proc.pid})"


def test_sharing_snapshot_is_a_consistent_copy(path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    version = snapshot(path, copy)
    assert version == file_version(path)
    with Store(copy, read_only=True) as store:
        assert [d.id for d in store.documents()] == ["d1", "d2"]
    with Store(path) as store:
        store.add_processed(processed("d3", "h3"))
    assert file_version(path) != version  # a write is seen as a new version


def test_sharing_snapshot_waits_out_a_writer(path, tmp_path):
    holder = _hold(path, 1.0)
    snapshot(path, tmp_path / "copy.duckdb", wait=20)
    holder.wait(10)
    with Store(tmp_path / "copy.duckdb", read_only=True) as store:
        assert len(store.documents()) == 2


def test_sharing_a_document_stored_meanwhile_is_not_written_twice(path):
    with Store(path) as store:
        again = processed("d9", "h1")  # same content as d1, found after this writer started
        assert store.add_processed(again) == "d1"
        assert [d.id for d in store.documents()] == ["d1", "d2"]


def test_sharing_threads_and_release_do_not_mix_connections(path):
    store = Store(path, read_only=True)
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(len(store.documents())))
    thread.start()
    thread.join()
    store.release()
    thread = threading.Thread(target=lambda: seen.append(len(store.documents())))
    thread.start()
    thread.join()
    store.close()
    assert seen == [2, 2]
