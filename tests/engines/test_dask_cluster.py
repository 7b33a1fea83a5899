"""The Dask engine against a scheduler and a worker started as separate processes on 127.0.0.1:
workers read the inputs themselves, write Parquet partitions, get the vocabulary's contents with
the task, and the database ends as the local engine leaves it."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.corpus import Corpus

DATA = Path(__file__).parents[1] / "data" / "engines"
DASK = Path(sys.executable).with_name("dask")
VOCAB = "plover:\n  weights:\n    ASSAULT: -9.75\n    AGREE: 7.25\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """tcp://127.0.0.1:PORT of a `dask scheduler` with one `dask worker`, both stopped after."""
    from dask.distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask-logs")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=open(logs / "scheduler.log", "w"), stderr=subprocess.STDOUT)]
    try:
        procs.append(subprocess.Popen(
            [str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
             "--no-dashboard"], stdout=open(logs / "worker.log", "w"), stderr=subprocess.STDOUT))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=90)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def inputs(tmp_path: Path) -> list[str]:
    """The two fixture articles and an exact copy of one (a duplicate to tell apart)."""
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    shutil.copy(folder / "raid.txt", folder / "raid-copy.txt")
    return [str(folder / "raid.txt"), str(folder / "treaty.txt"), str(folder / "raid-copy.txt"),
            str(folder / "missing.txt")]


def stored(settings: Settings, sources: list[str]) -> tuple[str, list, list, list]:
    with Corpus(settings=settings) as corpus:
        summary = corpus.ingest(sources).summary()
        docs = [(d.id, d.name, d.title, d.published, d.content_hash, d.duplicate_of, d.words)
                for d in corpus.documents()]
        mentions = [m.to_dict() for m in corpus.mentions()]
        events = [e.to_dict() for e in corpus.store.events(by_date=False)]
    return summary, docs, mentions, events


@pytest.mark.slow
def test_dask_cluster_stores_what_the_local_engine_stores(tmp_path, scheduler):
    sources = inputs(tmp_path)
    vocab = tmp_path / "client-only" / "weights.yaml"
    vocab.parent.mkdir()
    vocab.write_text(VOCAB)
    local = stored(Settings(db_path=tmp_path / "local.duckdb", vocab_files=[vocab]), sources)
    shared = tmp_path / "shared"
    remote = stored(Settings(db_path=tmp_path / "dask.duckdb", engine="dask", scheduler=scheduler,
                             vocab_files=[vocab], shared_dir=shared, batch_size=2), sources)
    assert remote[0] == local[0] == "ingested 2, duplicates 1, failed 1"
    assert remote[1:] == local[1:]
    intensities = {m["category"]: m["intensity"] for m in remote[2]}
    assert intensities["ASSAULT"] == -9.75 and intensities["AGREE"] == 7.25  # the vocabulary travelled
    assert list(shared.iterdir()) == []  # partitions are removed once loaded


@pytest.mark.slow
def test_dask_cluster_sends_references_not_texts(tmp_path, scheduler, monkeypatch):
    from bilat.engines import dask as engine

    sent: list[list] = []
    submit = engine.DaskEngine.run_sources

    def spy(self, sources, shared, write):
        sources = list(sources)
        sent.append(sources)
        yield from submit(self, sources, shared, write)

    monkeypatch.setattr(engine.DaskEngine, "run_sources", spy)
    summary, *_ = stored(Settings(db_path=tmp_path / "d.duckdb", engine="dask", scheduler=scheduler,
                                  shared_dir=tmp_path / "shared"), inputs(tmp_path)[:2])
    assert summary == "ingested 2, duplicates 0, failed 0"
    assert all(isinstance(s, str) and s.endswith(".txt") for s in sent[0])
