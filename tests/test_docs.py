"""The README documents every CLI command (sqlite-utils' test_docs habit)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_readme_documents_command(command):
    assert f"`bilat {command}" in README, f"README does not document `bilat {command}`"


def test_docs_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


@pytest.mark.slow
def test_docs_readme_python_example_prints_what_it_says():
    import bilat

    sentence = "Washington imposed sanctions on Pakistan in 1998."
    assert f'bilat.extract("{sentence}", published="2024-09-16")' in README
    [m] = bilat.extract(sentence, published="2024-09-16")
    shown = f"# {m.category} {m.source_actor} {m.target_actor} {m.date} {m.modality}"
    assert shown in README
