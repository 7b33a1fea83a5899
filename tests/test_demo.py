"""`bilat demo` runs the whole job on the bundled samples: what `make demo` shows a newcomer."""
from __future__ import annotations

import pytest

from bilat.demo import bundled_corpus
from tests.cli_runner import run_bilat

pytestmark = pytest.mark.slow


def test_demo_ingests_analyses_and_writes_the_report(capsys, tmp_path):
    samples = sorted(p for p in bundled_corpus().iterdir() if p.is_file())
    assert {p.suffix for p in samples} == {".txt", ".html", ".pdf"}
    run = run_bilat(capsys, "demo", "--dir", tmp_path / "demo")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    # the syndicated HTML copy of a text article is a near-duplicate, kept but not analysed
    assert f"ingested {len(samples) - 1}, duplicates 1, failed 0" in lines
    phases = lines[lines.index("Phases of the relationship:") + 1:]
    labels = [line.split()[1] for line in phases[: phases.index("")]]
    assert {"engagement", "estrangement"} <= set(labels)
    report = tmp_path / "demo" / "report.html"
    assert f"Report:   {report}" in lines
    assert 0 < report.stat().st_size < 5 * 1024 * 1024
    assert (tmp_path / "demo" / "bilat.duckdb").exists()


def test_demo_refuses_a_missing_corpus(capsys, tmp_path):
    run = run_bilat(capsys, "demo", "--dir", tmp_path / "d", "--corpus", tmp_path / "nothing")
    assert (run.code, run.err.strip()) == (
        2, f"error: {tmp_path / 'nothing'}: sample corpus not found (pass --corpus DIR)")
