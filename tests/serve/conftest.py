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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (the browser tests skip where it is absent)."""
    from tests.serve.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs, page errors and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()
