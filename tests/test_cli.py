"""The CLI parses, calls the library, and turns errors into one line and an exit code."""
from __future__ import annotations

import json

import pytest

from bilat.analysis.assign import fusing
from bilat.model import Document, EventMention, ProcessedDocument
from bilat.store import Store
from tests.cli_runner import run_bilat


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.duckdb"
    text = "Pakistan and the United States signed a treaty in 1954."
    with Store(path) as store:
        store.add_processed(ProcessedDocument(
            Document(id="d1", source="/c/brief.txt", text=text, title="Brief", content_hash="h",
                     published="2024-09-16", published_precision="day"),
            mentions=[EventMention("d1", text, 0, len(text), "AGREE", "PAK", "USA", "1954", "year",
                                   id="d1:m0", doc="brief.txt", intensity=2.5)],
        ), then=fusing(store))
    return path


def test_cli_docs_lists_documents_as_json(capsys, db):
    run = run_bilat(capsys, "docs", "--db", db, "--format", "json")
    assert run.code == 0
    [doc] = json.loads(run.out)
    assert (doc["id"], doc["title"], doc["published"], doc["published_precision"]) == (
        "d1", "Brief", "2024-09-16", "day")
    assert set(doc["provenance"]) == {"title", "author", "publisher", "published"}


def test_cli_db_comes_from_environment(capsys, db, monkeypatch):
    monkeypatch.setenv("BILAT_DB", str(db))
    run = run_bilat(capsys, "docs", "--format", "jsonl")
    assert run.code == 0 and json.loads(run.out)["id"] == "d1"


def test_cli_events_filters_by_category(capsys, db):
    agree = run_bilat(capsys, "events", "--db", db, "--format", "jsonl", "--category", "AGREE")
    assert json.loads(agree.out)["source_actor"] == "PAK"
    none = run_bilat(capsys, "events", "--db", db, "--format", "jsonl", "--category", "ASSAULT")
    assert none.code == 0 and none.out.strip() == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["docs", "--format", "xml"], "error: unknown format 'xml' (choose from table, json, jsonl)"),
        (["events", "--category", "HUG"], "error: unknown category 'HUG' (choose from AGREE, "),
        (["events", "--modality", "maybe"], "error: unknown modality 'maybe' (choose from occurred"),
        (["events", "--from", "last week"], "error: bad date 'last week' for --from (use YYYY"),
        (["events", "--to", "2011-13-45"], "error: bad date '2011-13-45' for --to (use YYYY"),
    ],
)
def test_cli_bad_option_values_exit_2_with_one_line(capsys, db, args, message):
    run = run_bilat(capsys, *args, "--db", db)
    assert run.code == 2
    assert run.err.startswith(message)
    assert len(run.err.strip().splitlines()) == 1


def test_cli_unknown_option_is_a_usage_error(capsys, db):
    assert run_bilat(capsys, "docs", "--db", db, "--colour").code == 2


def test_cli_missing_database_exits_1(capsys, tmp_path):
    run = run_bilat(capsys, "docs", "--db", tmp_path / "none.duckdb")
    assert run.code == 1
    assert run.err.strip() == f"error: {tmp_path / 'none.duckdb'}: no such database (run 'bilat ingest' first)"


def test_cli_index_follows_the_dyad(capsys, db, monkeypatch):
    pak_usa = json.loads(run_bilat(capsys, "index", "--db", db, "--format", "json").out)
    assert [(p["period"], p["score"], p["n_events"]) for p in pak_usa] == [("1954", 2.5, 1)]
    assert json.loads(run_bilat(capsys, "index", "--db", db, "--format", "json", "--dyad", "IND,CHN").out) == []
    monkeypatch.setenv("BILAT_DYAD", "CHN,IND")
    assert json.loads(run_bilat(capsys, "index", "--db", db, "--format", "json").out) == []


def test_cli_bad_dyad_is_a_usage_error(capsys, db):
    run = run_bilat(capsys, "index", "--db", db, "--dyad", "USA")
    assert (run.code, run.err.strip()) == (2, "error: bad dyad 'USA' (two different actor codes or names, e.g. USA,PAK)")
