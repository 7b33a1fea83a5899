"""Fixtures for the web tests: a real Corpus over a hand-made DuckDB store."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bilat.corpus import Corpus
from bilat.serve.app import create_app
from tests.serve.corpus_fixture import build_store


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory):
    return build_store(tmp_path_factory.mktemp("serve") / "corpus.duckdb")


@pytest.fixture(scope="session")
def corpus(corpus_db):
    with Corpus(corpus_db, read_only=True) as c:
        yield c


@pytest.fixture(scope="session")
def client(corpus):
    with TestClient(create_app(corpus), base_url="http://127.0.0.1") as c:
        yield c
