"""What a newcomer following the README meets: a missing input, a dyad by name in Python, an
output path that cannot be written, a port in use, a missing database, an empty query, a
misspelt category, the index's interval and notes, export's files and report --pdf."""
from __future__ import annotations

import pytest

from tests.cli_runner import run_bilat


def test_ingest_cli_missing_folder_and_mistyped_scheme_say_why(capsys, tmp_path):
    db = tmp_path / "m.duckdb"
    missing = tmp_path / "briefs"
    run = run_bilat(capsys, "ingest", f"{missing}/", "htp://127.0.0.1/x", "--db", db)
    assert run.code == 1
    assert run.out.strip() == "ingested 0, duplicates 0, failed 2"
    assert run.err.splitlines() == [
        f"error: {missing}/: no such file or folder",
        "error: htp://127.0.0.1/x: unsupported URL scheme 'htp' (supported: http, https)",
    ]


def test_corpus_ingest_missing_folder_result_message(tmp_path):
    from bilat.corpus import Corpus

    with Corpus(tmp_path / "c.duckdb") as corpus:
        report = corpus.ingest([str(tmp_path / "briefs") + "/"])
    assert [(r.status, r.message) for r in report.results] == [
        ("failed", f"{tmp_path}/briefs/: no such file or folder")]


def test_corpus_dyad_by_name_resolves_as_the_cli_does(tmp_path):
    from bilat import Settings
    from bilat.corpus import Corpus
    from bilat.errors import UsageError
    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "d.duckdb")
    with Corpus(settings=Settings(db_path=db), read_only=True) as corpus:
        by_code = corpus.index(dyad=("USA", "PAK"))
        assert by_code and corpus.index(dyad=("United States", "pakistan")) == by_code
        assert corpus.phases(dyad=("Islamabad", "usa")) == corpus.phases(dyad=("PAK", "USA"))
        with pytest.raises(UsageError) as caught:
            corpus.index(dyad=("Pakistn", "USA"))
    assert str(caught.value).startswith("unknown actor 'Pakistn'; did you mean Pakistan (PAK)")
    with Corpus(settings=Settings(db_path=db, dyad=("Pakistan", "United States")), read_only=True) as corpus:
        assert corpus.settings.dyad == ("PAK", "USA")
        assert corpus.index() == by_code


def test_settings_is_importable_from_the_package():
    import bilat
    from bilat.config import Settings

    assert bilat.Settings is Settings


def test_cli_unknown_category_names_the_closest(capsys, tmp_path):
    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "c.duckdb")
    run = run_bilat(capsys, "events", "--db", db, "--category", "SANCTIONS")
    assert run.code == 2
    assert run.err == ("error: unknown category 'SANCTIONS'; did you mean SANCTION? (choose from AGREE, CONSULT, "
                       "SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, "
                       "SANCTION, MOBILIZE, COERCE, ASSAULT)\n")


@pytest.mark.parametrize("query", ["", "  "])
def test_cli_search_refuses_an_empty_query_as_the_api_does(capsys, tmp_path, query):
    from bilat.corpus import Corpus
    from bilat.errors import UsageError
    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "s.duckdb")
    run = run_bilat(capsys, "search", query, "--db", db)
    assert (run.code, run.out, run.err) == (2, "", "error: QUERY: String should have at least 1 character\n")
    with Corpus(db, read_only=True) as corpus, pytest.raises(UsageError, match="^q: String should have at least 1 character$"):
        corpus.search(query)


def test_cli_rebuild_of_a_missing_database_creates_nothing(capsys, tmp_path):
    db = tmp_path / "none.duckdb"
    run = run_bilat(capsys, "rebuild", "--db", db)
    assert (run.code, run.out) == (1, "")
    assert run.err == f"error: {db}: no such database (run 'bilat ingest' first)\n"
    assert list(tmp_path.iterdir()) == []


def test_cli_report_pdf_prints_both_files(capsys, tmp_path, monkeypatch):
    from bilat.report import html
    from tests.serve.corpus_fixture import build_store

    def fake_pdf(html_path, pdf_path, timeout=120.0):
        pdf_path.write_bytes(b"%PDF-1.4")
        return pdf_path

    monkeypatch.setattr(html, "print_pdf", fake_pdf)
    db = build_store(tmp_path / "r.duckdb")
    run = run_bilat(capsys, "report", "--db", db, "--pdf", "-o", tmp_path / "X.html")
    assert (run.code, run.err) == (0, "")
    assert run.out == f"wrote {tmp_path / 'X.html'}\nwrote {tmp_path / 'X.pdf'}\n"


def test_docs_readme_example_outputs_are_ignored_by_git():
    import re
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).parents[1]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    readme = (root / "README.md").read_text(encoding="utf-8")
    examples = readme.split("## Examples", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    outputs = re.findall(r"(?:-o|--plot) (\S+)", examples)
    assert sorted(outputs) == ["export", "index.png", "report.html", "themes.svg", "timeline.json"]
    for name in outputs:
        probe = f"{name}/x.csv" if "." not in name else name
        found = subprocess.run(["git", "check-ignore", "-q", probe], cwd=root)
        assert found.returncode == 0, f"{probe} is not in .gitignore"


def test_docs_readme_lists_exactly_the_exported_tables():
    import re
    from pathlib import Path

    from bilat.report.exports import SCHEMAS

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `bilat export"))
    listed = row.split("one file per table: ", 1)[1].split(" (", 1)[0].split(", ")
    assert listed == list(SCHEMAS)
    prose = readme.split("writes one file per table into DIR: ", 1)[1].split("`--format timelinejs`", 1)[0]
    assert re.findall(r"`(\w+)`", prose) == list(SCHEMAS)


def test_cli_export_writes_the_tables_the_readme_lists(capsys, tmp_path):
    from bilat.report.exports import SCHEMAS
    from tests.serve.corpus_fixture import build_store

    db = build_store(tmp_path / "e.duckdb")
    run = run_bilat(capsys, "export", "--db", db, "--format", "csv", "-o", tmp_path / "x")
    assert run.code == 0
    assert run.out.splitlines() == [f"wrote {tmp_path / 'x' / name}.csv" for name in SCHEMAS]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory):
    from tests.serve.corpus_fixture import build_store

    return build_store(tmp_path_factory.mktemp("out") / "o.duckdb")


@pytest.mark.parametrize("args, written", [
    (["index", "--plot", "nodir/x.png"], "nodir/x.png"),
    (["themes", "--plot", "nodir/t.svg"], "nodir/t.svg"),
    (["timeline", "-o", "nodir/t.json"], "nodir/t.json"),
    (["report", "-o", "nodir/r.html"], "nodir/r.html"),
    (["export", "-o", "nodir/xx"], "nodir/xx/documents.csv"),
])
def test_cli_output_path_creates_missing_folders(capsys, tmp_path, store_db, args, written):
    run = run_bilat(capsys, *[str(tmp_path / a) if a.startswith("nodir") else a for a in args], "--db", store_db)
    assert run.code == 0, run.err
    assert (tmp_path / written).is_file()


@pytest.mark.parametrize("args, shown", [
    (["index", "--plot", "/proc/x.png"], "/proc/x.png"),
    (["themes", "--plot", "/proc/t.svg"], "/proc/t.svg"),
    (["timeline", "-o", "/proc/t.json"], "/proc/t.json"),
    (["report", "-o", "/proc/nc.html"], "/proc/nc.html"),
    (["export", "-o", "/proc/xx"], "/proc/xx"),
])
def test_cli_output_path_that_cannot_be_written_is_one_line(capsys, store_db, args, shown):
    run = run_bilat(capsys, *args, "--db", store_db)
    assert run.code == 1
    assert run.err == f"error: {shown}: cannot write (no such file or directory)\n"


def test_cli_serve_refuses_a_port_out_of_range(capsys, store_db):
    run = run_bilat(capsys, "serve", "--db", store_db, "--port", "99999")
    assert (run.code, run.out, run.err) == (2, "", "error: bad port 99999 (choose 1 to 65535)\n")


def test_cli_serve_on_a_port_in_use_says_so_in_one_line(capsys, store_db):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_bilat(capsys, "serve", "--db", store_db, "--host", "127.0.0.1", "--port", str(port))
    assert (run.code, run.out, run.err) == (1, "", f"error: 127.0.0.1:{port}: address already in use\n")


def test_cli_index_table_and_csv_show_spread(capsys, store_db):
    import csv
    import io

    run = run_bilat(capsys, "index", "--db", store_db, "--format", "csv")
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert list(rows[0]) == ["period", "score", "ci_low", "ci_high", "n_events", "spread", "cooperative",
                             "conflictual"]
    table = run_bilat(capsys, "index", "--db", store_db).out
    assert "spread" in table.splitlines()[1]
