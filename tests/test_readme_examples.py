"""Every `bilat ...` line of the README's Examples section runs as written against the demo
database (BILAT_DB, as the README says, from a checkout): exit 0 and something to show."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.cli_runner import run_bilat

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.slow


def example_lines() -> list[str]:
    """The `bilat` lines of the first sh block under "## Examples", comments removed."""
    section = README.split("\n## Examples\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    lines = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "bilat":
            lines.append(line)
    return lines


def test_readme_examples_are_found():
    lines = example_lines()
    assert len(lines) >= 15 and any("--actor Pakistan" in line for line in lines)


def _shows_something(out: str, cwd: Path) -> bool:
    text = out.strip()
    if not text:
        return False
    if text.startswith("wrote "):
        return all((cwd / line[len("wrote "):]).stat().st_size > 0 for line in text.splitlines())
    if text.startswith("┏"):  # a table: at least one row under the header
        return "│" in text
    if text.startswith("["):
        return bool(json.loads(text))
    return True


@pytest.mark.parametrize("line", example_lines())
def test_readme_example_runs_as_written(line, demo_db, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BILAT_DB", str(demo_db))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")  # "from the checkout"
    run = run_bilat(capsys, *shlex.split(line, comments=True)[1:])
    assert run.code == 0, f"{line}\n{run.err}"
    assert _shows_something(run.out, tmp_path), f"{line} printed nothing to show:\n{run.out[:500]}"
