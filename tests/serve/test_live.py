"""`bilat serve` as a user runs it: its own process on 127.0.0.1, under concurrent load, while
`bilat ingest` writes to the same database, and stopped by SIGTERM.

The load helpers are the benchmark's own (bench/bench_serve.py); here they run short.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.serve.corpus_fixture import build_store

ROOT = Path(__file__).resolve().parents[2]
BILAT = Path(sys.executable).with_name("bilat")
_spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "bench" / "bench_serve.py")
bench = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["bench_serve"] = bench  # dataclasses look their module up while it loads
_spec.loader.exec_module(bench)  # type: ignore[union-attr]

pytestmark = pytest.mark.skipif(not BILAT.exists(), reason=f"{BILAT} not installed (run make install)")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "live.duckdb")


def test_live_serve_holds_under_concurrent_load_and_stops_on_sigterm(db):
    with bench.serving(db) as server:
        paths = [*bench.PATHS, *bench.event_path(server.url)]
        result = bench.run_load(server.url, paths, clients=20, seconds=3)
    assert result.errors == 0, result.samples
    # every client was answered: a hang leaves a client with none (its requests time out as
    # errors); how many answers fit in the 3 s is the benchmark's question, not this test's
    assert min(result.answered) >= 1, result.answered
    assert result.seconds < 3 + 10 + 5  # the run stopped by itself
    assert server.stopped_in is not None and server.stopped_in < 10


def test_live_serve_sees_documents_ingested_while_it_serves(db, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name in ("18_2022_blinken_bhutto_readout.txt", "19_2024_trade_exports.txt"):
        shutil.copy(ROOT / "samples" / "corpus" / name, news / name)
    with bench.serving(db) as server:
        before = httpx.get(server.url + "/api/documents").json()["total"]
        reader = _Reader(server.url, ["/api/documents", "/", "/timeline", "/api/phases"])
        reader.start()
        try:
            ingest = subprocess.run([str(BILAT), "ingest", str(news), "--db", str(db)],
                                    capture_output=True, text=True, timeout=180)
            assert ingest.returncode == 0, ingest.stderr
            assert "ingested 2, duplicates 0, failed 0" in ingest.stdout
            seen_after = _wait_for_total(server.url, before + 2, seconds=10)
        finally:
            reader.stop()
    assert seen_after is not None, "the new documents never appeared in /api/documents"
    assert seen_after < 10
    assert reader.requests > 10 and reader.errors == [], reader.errors[:3]


def test_live_ingest_names_the_bilat_process_that_holds_the_database(db, tmp_path):
    # a writer that never lets go: `bilat ingest` gives up after --wait with one clear line
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        doc = tmp_path / "note.txt"
        doc.write_text("Pakistan and the United States held talks in Islamabad on Monday.\n")
        started = time.monotonic()
        run = subprocess.run([str(BILAT), "ingest", str(doc), "--db", str(db), "--wait", "1"],
                             capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"error: {db}: the database is in use by another process")
    assert f"(pid {holder.pid})" in lines[0]
    assert "bilat serve and bilat ingest share a database" in lines[0] and "--wait SECONDS" in lines[0]
    assert "-readonly" not in run.stderr and "duckdb.org" not in run.stderr
    assert waited < 60


class _Reader:
    """One client requesting pages in a loop until stopped; records errors."""

    def __init__(self, base_url: str, paths: list[str]):
        self.base_url, self.paths = base_url, paths
        self.requests, self.errors = 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(20)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as http:
            while not self._stop.is_set():
                path = self.paths[self.requests % len(self.paths)]
                try:
                    status = http.get(path).status_code
                    if status != 200:
                        self.errors.append(f"{path}: HTTP {status}")
                except httpx.HTTPError as exc:
                    self.errors.append(f"{path}: {type(exc).__name__}")
                self.requests += 1
                time.sleep(0.02)


def _wait_for_total(base_url: str, total: int, seconds: float) -> float | None:
    """Seconds until /api/documents counts `total` documents, or None after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if httpx.get(base_url + "/api/documents", timeout=10).json()["total"] >= total:
            return time.monotonic() - started
        time.sleep(0.2)
    return None

