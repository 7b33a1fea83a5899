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
