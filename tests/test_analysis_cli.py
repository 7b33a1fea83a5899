"""Every analysis command answers in JSON that reads back as the records the library returns."""
from __future__ import annotations

import json

import pytest

from tests.cli_runner import run_bilat
from tests.serve.corpus_fixture import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("cli") / "corpus.duckdb")


def as_json(capsys, db, *args):
    run = run_bilat(capsys, *args, "--db", db, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_analysis_cli_timeline_lists_fused_events_with_citations(capsys, db):
    events = as_json(capsys, db, "timeline")
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates)
    for event in events:
        assert {"id", "date", "date_precision", "category", "source_actor", "target_actor",
                "modality", "quote", "citations"} <= set(event)
        for citation in event["citations"]:
            assert {"doc", "source", "quote", "start", "end"} <= set(citation)
    pledge = next(e for e in events if e["category"] == "AID")
    assert len({c["doc"] for c in pledge["citations"]}) == 2  # two sources, one event


def test_analysis_cli_timeline_filters(capsys, db):
    in_2011 = as_json(capsys, db, "timeline", "--from", "2011", "--to", "2011")
    assert {e["date"][:4] for e in in_2011} == {"2011"}
    planned = as_json(capsys, db, "timeline", "--modality", "planned")
    assert planned and all(e["modality"] == "planned" for e in planned)


def test_analysis_cli_timelinejs_file(capsys, db, tmp_path):
    out = tmp_path / "tl.json"
    run = run_bilat(capsys, "timeline", "--db", db, "--format", "timelinejs", "-o", out)
    assert run.code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["events"] and all("start_date" in e and "year" in e["start_date"] for e in data["events"])


def test_analysis_cli_index_and_phases_tell_the_same_story(capsys, db):
    index = as_json(capsys, db, "index")
    # occurred events only: the planned 2012 talks are not in the index
    assert [p["period"] for p in index] == [str(y) for y in range(2001, 2012)]
    assert index[1]["score"] is None and index[1]["n_events"] == 0  # a gap, not a zero
    assert index[0]["score"] > 0 > next(p for p in index if p["period"] == "2011")["score"]
    phases = as_json(capsys, db, "phases")
    assert [p["label"] for p in phases] == ["engagement", "estrangement"]
    assert phases[1]["start"].startswith("2011")


def test_analysis_cli_figures_and_conflicts(capsys, db):
    figures = as_json(capsys, db, "figures")
    assert {"doc", "subject", "value", "unit", "period", "quote"} <= set(figures[0])
    conflicts = as_json(capsys, db, "figures", "--conflicts")
    [conflict] = conflicts
    assert sorted(v["value"] for v in conflict["values"]) == [1.5e9, 7.5e9]
    assert (conflict["concept"], conflict["dyad"]) == ("aid", "USA → PAK")
    assert all(v["period"] == "2009" and v["quote"] for v in conflict["values"])
    # the table shows one line per source: its value, period and document
    table = run_bilat(capsys, "figures", "--conflicts", "--db", db).out
    lines = [line for line in table.splitlines() if "c1" in line]
    assert len(lines) == 2 and all("aid" in line and "2009" in line for line in lines)
    assert "1,500,000,000" in table and "7,500,000,000" in table


def test_analysis_cli_recommendations_themes_sources(capsys, db):
    recs = as_json(capsys, db, "recommendations")
    assert {r["actor"] for r in recs} == {"USA", "PAK"}
    assert all({"doc", "text", "theme", "quote", "acted_on_by"} <= set(r) for r in recs)
    themes = as_json(capsys, db, "themes")
    assert themes and all(0 < t["share"] <= 1 for t in themes)
    sources = as_json(capsys, db, "sources")
    assert {s["name"] for s in sources} >= {"Daily Ledger"}


def test_analysis_cli_search_returns_quotes_with_offsets(capsys, db):
    hits = as_json(capsys, db, "search", "supply routes")
    assert hits and "supply routes" in hits[0]["quote"]
    assert {"doc", "quote", "start", "end", "score"} <= set(hits[0])


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_analysis_cli_export_writes_every_table(capsys, db, tmp_path, fmt):
    run = run_bilat(capsys, "export", "--db", db, "--format", fmt, "-o", tmp_path / "out")
    assert run.code == 0
    written = {line.removeprefix("wrote ").rsplit("/", 1)[-1] for line in run.out.splitlines()}
    for table in ("documents", "mentions", "events", "figures", "recommendations"):
        assert f"{table}.{fmt}" in written


def test_analysis_cli_report_is_one_offline_file(capsys, db, tmp_path):
    out = tmp_path / "r.html"
    run = run_bilat(capsys, "report", "--db", db, "-o", out)
    assert (run.code, run.out.strip()) == (0, f"wrote {out}")
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link rel=\"stylesheet\" href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003cscript\\u003e" in html


def test_analysis_cli_characterizations(capsys, db):
    items = as_json(capsys, db, "characterizations")
    assert [(c["label"], c["start"]) for c in items] == [("estrangement", "2011"), ("mixed", None)]
    assert as_json(capsys, db, "characterizations", "--label", "mixed")[0]["actors"] == ["PAK", "USA"]
    run = run_bilat(capsys, "characterizations", "--db", db, "--label", "friendly")
    assert run.code == 2 and "choose from engagement, estrangement, mixed" in run.err


def test_analysis_cli_index_per_100_events(capsys, db):
    plain = {p["period"]: p for p in as_json(capsys, db, "index")}
    per_100 = as_json(capsys, db, "index", "--per-100")
    for p in per_100:
        if p["score"] is None:
            continue
        base = plain[p["period"]]
        assert p["volume"] >= p["n_events"] == base["n_events"]
        assert p["score"] == pytest.approx(100 * base["score"] * base["n_events"] / p["volume"])
    table = run_bilat(capsys, "index", "--per-100", "--db", db).out
    assert "volume" in table.splitlines()[1]
