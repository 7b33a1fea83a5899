"""Records of files without a database (bilat extract's library twin)."""
from __future__ import annotations

import json
from pathlib import Path

from bilat.engines.files import extract_files


def test_files_extract_files_yields_schema_dicts(nlp, tmp_path: Path):
    path = tmp_path / "briefing.txt"
    path.write_text("A Briefing\n\nSouth Korea provided $5 million in aid to Laos in 2021.\n")
    rows = list(extract_files([path]))
    assert rows and all(r["doc"] == "briefing.txt" for r in rows)
    required = {"doc", "quote", "category", "source_actor", "target_actor", "date", "modality"}
    assert required <= set(rows[0])
    json.dumps(rows)
    aid = [r for r in rows if r["category"] == "AID"][0]
    assert aid["amount"]["value"] == 5_000_000 and aid["date"] == "2021"


def test_files_extract_files_reports_unreadable_file(nlp, tmp_path: Path):
    rows = list(extract_files([tmp_path / "missing.txt"]))
    assert len(rows) == 1 and rows[0]["doc"] == "missing.txt" and "error" in rows[0]
