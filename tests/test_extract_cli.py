"""`bilat extract` prints SCHEMA.md lines without a database, and goes on past bad files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import run_bilat

pytestmark = pytest.mark.slow

REQUIRED = {"doc", "quote", "category", "source_actor", "target_actor", "date", "modality",
            "start", "end", "date_precision", "date_text", "date_basis", "amount", "intensity", "themes",
            "confidence"}

RAID = """Militants strike a border post

June 5, 2013

The Zarqa Front attacked a Pakistani border post on Tuesday, killing two soldiers.
"""


def test_extract_cli_prints_schema_lines_with_offsets(capsys, tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text(RAID, encoding="utf-8")
    run = run_bilat(capsys, "extract", path, "--format", "jsonl")
    assert run.code == 0
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert lines and all(REQUIRED <= set(line) for line in lines)
    attack = next(line for line in lines if line["category"] == "ASSAULT")
    assert attack["doc"] == "raid.txt" and attack["target_actor"] == "PAK"
    assert attack["date"] == "2013-06-04"  # "on Tuesday" before the dateline
    assert RAID[attack["start"]:attack["end"]] == attack["quote"]


def test_extract_cli_reads_user_vocabulary(capsys, tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text(RAID, encoding="utf-8")
    vocab = tmp_path / "groups.yaml"
    vocab.write_text("groups:\n  Zarqa Front: [Zarqa Front]\n", encoding="utf-8")
    without = [json.loads(x) for x in run_bilat(capsys, "extract", path).out.splitlines()]
    with_vocab = [json.loads(x) for x in run_bilat(capsys, "extract", path, "--vocab", vocab).out.splitlines()]
    assert "Zarqa Front" not in {m["source_actor"] for m in without}
    assert "Zarqa Front" in {m["source_actor"] for m in with_vocab}


def test_extract_cli_reports_bad_files_and_goes_on(capsys, tmp_path):
    good = tmp_path / "raid.txt"
    good.write_text(RAID, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    run = run_bilat(capsys, "extract", empty, good)
    assert run.code == 1
    assert run.err.strip() == f"error: {empty}: empty file"
    assert any(json.loads(x)["doc"] == "raid.txt" for x in run.out.splitlines())


def test_extract_cli_refuses_text_over_max_chars_and_goes_on(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Islamabad welcomed the talks.\n" * 10, encoding="utf-8")
    good = tmp_path / "raid.txt"
    good.write_text(RAID, encoding="utf-8")
    run = run_bilat(capsys, "extract", big, good, "--max-chars", 200)
    assert run.code == 1
    assert run.err.strip() == f"error: {big}: text has 299 characters, over the --max-chars limit of 200"
    assert {json.loads(x)["doc"] for x in run.out.splitlines()} == {"raid.txt"}


def test_extract_cli_max_chars_below_one_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text(RAID, encoding="utf-8")
    assert run_bilat(capsys, "extract", path, "--max-chars", 0).code == 2


def test_extract_cli_warns_about_a_language_it_does_not_read(capsys):
    languages = Path(__file__).parent / "data" / "ingest" / "languages"
    french, english = languages / "notes_fr.txt", languages / "notes_en.txt"
    run = run_bilat(capsys, "extract", french, english)
    assert run.code == 0
    assert run.err == (f"warning: {french}: language 'fr' detected, only English is extracted; "
                       "stored without events\n")
    docs = {json.loads(line)["doc"] for line in run.out.splitlines()}
    assert docs == {"notes_en.txt"}


def test_extract_cli_says_a_folder_is_for_ingest(capsys, tmp_path):
    folder = tmp_path / "today"
    folder.mkdir()
    run = run_bilat(capsys, "extract", folder)
    assert run.code == 1
    assert run.err == f"error: {folder}: is a folder (bilat extract reads files; bilat ingest reads folders)\n"
