"""Local and Dask engines run the same per-document pipeline and give the same results."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.corpus import Corpus
from bilat.engines import get_engine
from bilat.errors import UsageError

DATA = Path(__file__).parents[1] / "data" / "engines"


def ingest_with(engine: str, tmp_path: Path) -> list[tuple]:
    settings = Settings(db_path=tmp_path / f"{engine}.duckdb", engine=engine, workers=2)
    with Corpus(settings=settings) as corpus:
        report = corpus.ingest([str(DATA)])
        assert report.summary() == "ingested 2, duplicates 0, failed 0"
        return sorted((m.doc, m.category, m.source_actor, m.target_actor, m.start, m.end)
                      for m in corpus.mentions())


@pytest.mark.slow
def test_engines_dask_matches_local(tmp_path):
    local = ingest_with("local", tmp_path)
    assert local, "the fixture documents report events"
    assert ingest_with("dask", tmp_path) == local


def test_engines_unknown_engine_names_choices():
    with pytest.raises(UsageError, match=r"unknown engine 'spark' \(choose from local, dask\)"):
        get_engine(Settings(engine="spark"))


SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


def stored_with_workers(workers: int, inputs: list[str], tmp_path: Path) -> tuple:
    """Everything one ingest stores: results per input, documents, mentions, fused events."""
    from dataclasses import asdict

    settings = Settings(db_path=tmp_path / f"workers-{workers}.duckdb", workers=workers, batch_size=3)
    with Corpus(settings=settings) as corpus:
        report = corpus.ingest(inputs)
        results = sorted((r.source, r.status, r.doc_id) for r in report.results)
        documents = sorted(({**asdict(d), "ingested_at": None} for d in corpus.documents(with_text=True)),
                           key=lambda d: d["id"])
        mentions = [asdict(m) for m in corpus.mentions()]
        events = [asdict(e) for e in corpus.events()]
    return results, documents, mentions, events


@pytest.mark.slow
def test_engines_local_workers_store_what_one_process_stores(tmp_path):
    # 11 inputs in batches of 3 (4 batches, all in flight at once with 2 workers): a syndicated
    # copy of a story, a feed-less HTML page, a PDF, and an input that cannot be read
    names = ["04_1960_u2_peshawar.txt", "09_1998_nuclear_tests.txt", "14_2011_raymond_davis.txt",
             "15_2011_abbottabad_raid.txt", "16_2011_salala_supply_routes.txt",
             "17_2018_security_assistance_suspended.txt", "23_2011_abbottabad_raid_syndicated.html",
             "24_2019_imran_khan_white_house.html", "29_brief_aid_as_leverage.pdf",
             "21_2020_galwan_clash.txt"]
    inputs = [str(SAMPLES / n) for n in names] + [str(tmp_path / "missing.txt")]
    one = stored_with_workers(1, inputs, tmp_path)
    results, documents, mentions, events = one
    assert [s for _, s, _ in results].count("failed") == 1
    assert len(documents) == 10 and len(mentions) > 30 and len(events) > 20
    assert stored_with_workers(2, inputs, tmp_path) == one


@pytest.mark.slow
def test_engines_ingest_cli_workers(capsys, tmp_path):
    from tests.cli_runner import run_bilat

    run = run_bilat(capsys, "ingest", str(DATA), "--workers", "2", "--db", tmp_path / "w.duckdb")
    assert (run.code, run.out.strip()) == (0, "ingested 2, duplicates 0, failed 0")
    bad = run_bilat(capsys, "ingest", str(DATA), "--workers", "0", "--db", tmp_path / "w.duckdb")
    assert bad.code == 2
    assert "Error: Invalid value for '--workers': Input should be greater than or equal to 1" in bad.err
