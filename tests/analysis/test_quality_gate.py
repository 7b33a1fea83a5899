"""Quality gate: figures and recommendations on the shared gold documents, with pinned F1 floors.

Run as a script to write the JSONL that score.py reads:
    .venv/bin/python tests/analysis/test_quality_gate.py seeds /tmp/figures.jsonl /tmp/recs.jsonl
    python3 ../shared/eval/score.py figures ../shared/eval/gold /tmp/figures.jsonl
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FLOORS = json.loads((ROOT / "tests" / "data" / "analysis_floors.json").read_text())
# name -> (texts, gold, gold file pattern); dev is scored as its x* and y* parts
SETS = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "eval" / "gold", "*.json"),
    "dev-x": (SHARED / "eval" / "dev" / "texts", SHARED / "eval" / "dev" / "gold", "x*.json"),
    "dev-y": (SHARED / "eval" / "dev" / "texts", SHARED / "eval" / "dev" / "gold", "y*.json"),
}


def _score_module():
    spec = importlib.util.spec_from_file_location("bilat_shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def predictions(texts: Path, gold: Path, nlp, pattern: str = "*.json") -> tuple[list[dict], list[dict]]:
    """Figure and recommendation lines (score.py's format) for every gold document."""
    from bilat.nlp.figures import extract_figures
    from bilat.nlp.recommendations import extract_recommendations
    from bilat.model import Document

    figures, recs = [], []
    for path in sorted(gold.glob(pattern)):
        if path.name == "clusters.json":
            continue
        meta = json.loads(path.read_text())["doc"]
        source = texts / meta["file"]
        doc = Document(id=path.stem, source=str(source), text=source.read_text(encoding="utf-8"),
                       published=meta.get("published"), publisher=meta.get("publisher"))
        parsed = nlp(doc.text)
        figures += [{"doc": doc.name, "subject": f.subject, "value": f.value, "unit": f.unit, "period": f.period,
                     "quote": f.quote} for f in extract_figures(doc, parsed)]
        recs += [{"doc": doc.name, "actor": r.actor, "text": r.text, "theme": r.theme, "quote": r.quote}
                 for r in extract_recommendations(doc, parsed)]
    return figures, recs


@pytest.fixture(scope="module")
def scored(nlp):
    if not SHARED.exists():
        pytest.skip("../shared not found: shared gold material is absent")
    score = _score_module()
    out = {}
    for name, (texts, gold_dir, pattern) in SETS.items():
        stems = {p.stem for p in gold_dir.glob(pattern)}
        gold = {k: v for k, v in score.load_gold(gold_dir, None).items() if k in stems}
        figures, recs = predictions(texts, gold_dir, nlp, pattern)
        by_doc = {}
        for kind, lines in (("figures", figures), ("recommendations", recs)):
            pred = {stem: [] for stem in gold}
            for line in lines:
                pred[score.stem_of(line["doc"])].append(line)
            ok = score.same_figure if kind == "figures" else (lambda g, p: True)
            by_doc[kind] = score.score_spans(gold, pred, kind, ok)["f1"]
        out[name] = by_doc
    return out


@pytest.mark.parametrize("kind", ["figures", "recommendations"])
@pytest.mark.parametrize("which", list(SETS))
def test_quality_gate_floor(scored, which, kind):
    assert scored[which][kind] >= FLOORS[which][kind], (which, kind, scored[which][kind])


def test_quality_gate_characterizations_on_dev_y():
    """Characterizations (relations over a period) scored on the dev y* documents, which annotate them."""
    if not SHARED.exists():
        pytest.skip("../shared not found: shared gold material is absent")
    from bilat.engines.files import extract_files

    score = _score_module()
    texts, gold_dir, pattern = SETS["dev-y"]
    stems = {p.stem for p in gold_dir.glob(pattern)}
    gold = {k: v for k, v in score.load_gold(gold_dir, None).items() if k in stems}
    pred: dict[str, list[dict]] = {stem: [] for stem in gold}
    files = sorted(texts.glob(pattern.replace(".json", ".txt")))
    for line in extract_files(files, records="characterizations"):
        if "label" in line:
            pred[score.stem_of(line["doc"])].append(line)
    f1 = score.score_spans(gold, pred, "characterizations", score.same_characterization)["f1"]
    assert f1 >= FLOORS["dev-y"]["characterizations"], f1


if __name__ == "__main__":  # pragma: no cover - helper for measuring by hand
    from bilat.nlp.pipeline import load_nlp

    texts_dir, gold_dir, pattern = SETS[sys.argv[1]]
    figs, rs = predictions(texts_dir, gold_dir, load_nlp(), pattern)
    Path(sys.argv[2]).write_text("".join(json.dumps(x) + "\n" for x in figs))
    Path(sys.argv[3]).write_text("".join(json.dumps(x) + "\n" for x in rs))
