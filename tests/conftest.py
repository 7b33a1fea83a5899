"""Fixtures shared by every test package."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The English pipeline, loaded once per test session."""
    from bilat.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The bundled sample corpus ingested once per session (what `make demo` builds), for
    tests that check what a user sees on it: the README examples and the browser tests."""
    from bilat.config import Settings
    from bilat.corpus import Corpus
    from bilat.demo import bundled_corpus

    path = tmp_path_factory.mktemp("demo") / "bilat.duckdb"
    with Corpus(settings=Settings(db_path=path)) as corpus:
        report = corpus.ingest(sorted(str(p) for p in bundled_corpus().iterdir() if p.is_file()))
    assert not report.failed, report.summary()
    return path
