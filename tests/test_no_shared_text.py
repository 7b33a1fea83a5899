"""No trace of the evaluation texts in the project: no run of eight or more consecutive words
of a shared document (seeds, dev, PLOVER sentences) appears in the package, its tests, its
benchmarks or its samples. Rules and examples are written in the project's own words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RUN = 8  # words
CHECKED = ("src", "tests", "bench", "samples")
SUFFIXES = {".py", ".yaml", ".yml", ".json", ".html", ".js", ".css", ".txt", ".md", ".tsv", ".csv"}
_WORD = re.compile(r"[a-z0-9]+")  # an apostrophe of any shape splits a word, as in "author's" and "author’s"


def words(text: str) -> list[str]:
    """Lower-case word tokens, punctuation and layout ignored."""
    return _WORD.findall(text.lower())


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i: i + n]) for i in range(len(tokens) - n + 1)}


def shared_runs() -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in [*SHARED.glob("corpus/**/*.txt"), *SHARED.glob("eval/*/texts/*.txt")]:
        found |= runs(words(path.read_text(encoding="utf-8", errors="replace")))
    return found


def project_files() -> list[Path]:
    out = []
    for folder in CHECKED:
        out += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in SUFFIXES
                and "__pycache__" not in p.parts]
    return sorted(out)


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared not found: nothing to compare against")
def test_no_shared_text_in_the_project():
    shared = shared_runs()
    assert len(shared) > 1000  # the shared texts were read
    offending = []
    for path in project_files():
        tokens = words(path.read_text(encoding="utf-8", errors="replace"))
        last = -RUN
        for i in range(len(tokens) - RUN + 1):
            if i >= last + RUN and tuple(tokens[i: i + RUN]) in shared:
                offending.append(f"{path.relative_to(ROOT)}: '{' '.join(tokens[i: i + RUN])}'")
                last = i
    assert offending == []


def test_no_shared_text_finds_a_copied_run():
    sentence = "the two governments agreed on Tuesday to resume their talks next month"
    assert runs(words(sentence)) & runs(words("Officials said The two governments agreed on Tuesday to resume their talks next month."))
    assert not runs(words(sentence)) & runs(words("the two governments agreed on Tuesday"))
