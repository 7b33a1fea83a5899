"""The small frictions a newcomer hits: --version and -h, quiet library logging, progress
bars only on a terminal, the timeline's event id and first source."""
from __future__ import annotations

from tests.cli_runner import run_bilat


def test_cli_version_and_short_help(capsys):
    from importlib.metadata import version

    run = run_bilat(capsys, "--version")
    assert (run.code, run.out.strip()) == (0, f"bilat {version('bilat')}")
    for args in (("-h",), ("timeline", "-h"), ("themes", "-h")):
        run = run_bilat(capsys, *args)
        assert run.code == 0 and "Usage:" in run.out and "[OPTIONS]" in run.out, args


def test_cli_library_logging_stays_off_the_terminal_unless_verbose(capsys, tmp_path):
    import logging

    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "log.duckdb")
    run = run_bilat(capsys, "search", "supply routes", "--db", db)
    assert run.code == 0 and "supply routes" in run.out.lower()
    assert run.err == ""
    logging.getLogger("bilat.test").warning("a library warning")
    assert capsys.readouterr().err == ""
    run = run_bilat(capsys, "--verbose", "search", "supply routes", "--db", db)
    assert run.code == 0
    logging.getLogger("bilat.test").info("a library note")
    assert "INFO bilat.test: a library note" in capsys.readouterr().err


def test_cli_timeline_table_and_csv_carry_event_id_and_first_source(capsys, tmp_path):
    import csv
    import io

    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "tl.duckdb")
    run = run_bilat(capsys, "timeline", "--db", db, "--format", "csv", "--category", "AID")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    # reported by two documents: the first is the one published first
    assert rows and rows[0]["id"] and rows[0]["first_source"] == "ledger-aid.txt"
    assert list(rows[0])[:2] == ["id", "date"]
    table = run_bilat(capsys, "timeline", "--db", db, "--category", "AID").out
    assert rows[0]["id"][:8] in table and "first_source" in table


def test_cli_report_and_export_draw_no_progress_when_piped(capsys, tmp_path):
    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "p.duckdb")
    run = run_bilat(capsys, "report", "--db", db, "-o", tmp_path / "r.html")
    assert (run.code, run.err) == (0, "") and run.out == f"wrote {tmp_path / 'r.html'}\n"
    run = run_bilat(capsys, "export", "--db", db, "--format", "csv", "-o", tmp_path / "x")
    assert run.code == 0 and run.err == "" and all(line.startswith("wrote ") for line in run.out.splitlines())


def test_cli_progress_bar_follows_the_steps_on_a_terminal(monkeypatch):
    from bilat import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    with cli._steps("report") as step:
        for name in ("events", "index", "render"):
            step(name, 3)
        task = step.bar.tasks[0]
        assert (task.description, task.completed, task.total) == ("report: render", 2, 3)


def test_cli_sources_table_lists_publishers_within_100_columns(capsys, tmp_path):
    import json

    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "s.duckdb")
    run = run_bilat(capsys, "sources", "--db", db)
    assert run.code == 0
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert [c.strip() for c in lines[1].split("┃")[1:-1]] == [
        "publisher", "kind", "docs", "events", "coop/conf", "themes", "eng/est/mix", "recs"]
    assert "Daily Ledger" in run.out and "ledger-aid.txt" not in run.out
    full = json.loads(run_bilat(capsys, "sources", "--db", db, "--format", "json").out)
    ledger = next(p for p in full if p["name"] == "Daily Ledger")
    assert ledger["characterizations"] == {"engagement": 0, "estrangement": 1, "mixed": 0}
