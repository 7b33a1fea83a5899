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
