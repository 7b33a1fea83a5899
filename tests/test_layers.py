"""The import contract: stages import only downward.

    core (model, config, vocab, errors, dates)
      -> ingest, nlp (siblings: neither imports the other)
      -> engines -> store -> analysis
      -> corpus, filters, output, views (the facade, and what the CLI, dashboard and report render)
      -> serve, report (siblings)
      -> cli, demo, the package's own __init__ and __main__ (entry points)

Every import counts, those inside functions too (they hid the cycles before). There is no
list of exceptions: an upward import fails, and the fix is to move the code down to the stage
both sides can import, or to pass in what it needs.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bilat"
RANK = {
    "model": 0, "config": 0, "vocab": 0, "errors": 0, "dates": 0,
    "ingest": 1, "nlp": 1,
    "engines": 2,
    "store": 3,
    "analysis": 4,
    "corpus": 5, "filters": 5, "output": 5, "views": 5,
    "serve": 6, "report": 6,
    "cli": 7, "demo": 7, "__init__": 7, "__main__": 7,
}
SIBLINGS_APART = {1, 6}  # ingest and nlp, serve and report: neither imports the other


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> set[str]:
    """Every bilat module `path` imports, anywhere in the file."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            found.add(base)
            if base == "bilat":  # `from bilat import vocab` imports bilat.vocab; `extract`, the package
                found |= {f"bilat.{a.name}" if a.name in RANK else "bilat.__init__" for a in node.names}
    return {name for name in found if name.startswith("bilat.") and name.split(".")[1] in RANK}


def violations() -> set[tuple[str, str]]:
    out = set()
    for path in sorted(SRC.rglob("*.py")):
        importer = module_name(path)
        mine = stage(importer)
        for imported in imports(path):
            theirs = stage(imported)
            if theirs == mine:
                continue
            if RANK[theirs] > RANK[mine] or (RANK[theirs] == RANK[mine] and RANK[mine] in SIBLINGS_APART):
                out.add((importer, imported))
    return out


def test_layers_every_stage_has_a_rank():
    stages = {stage(module_name(p)) for p in SRC.rglob("*.py")}
    assert stages <= set(RANK), f"give these a place in the layers: {sorted(stages - set(RANK))}"


def test_layers_no_upward_import():
    found = violations()
    assert not found, "upward imports (move the code down, or pass what it needs in): " + ", ".join(
        f"{a} -> {b}" for a, b in sorted(found))


@pytest.mark.parametrize(("importer", "imported", "upward"), [
    ("bilat.store.db", "bilat.analysis.fusion", True),
    ("bilat.nlp.events", "bilat.ingest.text", True),
    ("bilat.analysis.assign", "bilat.store", False),
    ("bilat.cli", "bilat.serve", False),
])
def test_layers_rule(importer, imported, upward):
    a, b = stage(importer), stage(imported)
    breaks = RANK[b] > RANK[a] or (RANK[a] == RANK[b] and a != b and RANK[a] in SIBLINGS_APART)
    assert breaks == upward
