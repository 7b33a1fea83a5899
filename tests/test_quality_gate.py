"""Quality gate: extraction scored on the shared gold sets must stay above pinned floors.

Scoring uses the shared eval/score.py itself; floors live in tests/data/quality_floors.json
and only go up.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[1].parent / "shared"
SCORE_PY = SHARED / "eval/score.py"
FLOORS = json.loads((Path(__file__).parent / "data/quality_floors.json").read_text())
# name -> (texts, gold, file pattern). The dev set is scored as its two parts, x* (news,
# speeches, statements) and y* (histories, telegrams; added later), each with its own floor.
SETS = {
    "seeds": (SHARED / "corpus/seeds", SHARED / "eval/gold", "*.txt"),
    "dev-x": (SHARED / "eval/dev/texts", SHARED / "eval/dev/gold", "x*.txt"),
    "dev-y": (SHARED / "eval/dev/texts", SHARED / "eval/dev/gold", "y*.txt"),
    "plover-gsr": (SHARED / "eval/plover-gsr/texts", SHARED / "eval/plover-gsr/gold", "*.txt"),
}


@pytest.fixture(scope="module")
def score_module():
    if not SCORE_PY.exists():
        pytest.skip("../shared not found: shared gold material is absent")
    spec = importlib.util.spec_from_file_location("bilat_shared_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(score_module, nlp):
    from bilat.engines.files import extract_files

    out = {}
    for name, (texts, gold_dir, pattern) in SETS.items():
        files = sorted(texts.glob(pattern))
        rows = list(extract_files(files))
        assert not [r for r in rows if "error" in r or "warning" in r], f"{name}: documents failed to load"
        stems = {f.stem for f in files}
        gold = {k: v for k, v in score_module.load_gold(gold_dir, None).items() if k in stems}
        pred = {stem: [] for stem in gold}
        for row in rows:
            stem = score_module.stem_of(row["doc"])
            for g in gold:
                if stem.startswith(g) or g.startswith(stem):
                    pred[g].append(row)
                    break
        out[name] = score_module.score_events(gold, pred)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SETS))
def test_quality_gate_strict_f1(results, name):
    got = results[name]["strict"]["f1"]
    assert got >= FLOORS[name]["strict_f1"], f"{name}: strict F1 {got} below floor {FLOORS[name]['strict_f1']}"


@pytest.mark.slow
@pytest.mark.parametrize("metric", ["modality_accuracy", "date_exact_accuracy"])
def test_quality_gate_seeds_accuracy(results, metric):
    got = results["seeds"][metric]
    assert got >= FLOORS["seeds"][metric], f"seeds: {metric} {got} below floor {FLOORS['seeds'][metric]}"


HOLDOUT = SHARED / "train/ngec-voa/verify.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not HOLDOUT.exists(), reason="../shared/train not found: the ngec-voa holdout is absent")
def test_quality_gate_holdout_category_accuracy(nlp):
    """Each positive quote of the ngec-voa holdout split (never trained on), extracted alone,
    counts as right when one of its mentions has the labelled PLOVER category."""
    from bilat.model import Document
    from bilat.nlp.process import process_documents

    rows = [json.loads(line) for line in HOLDOUT.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == "holdout" and r["label"] == 1 and r["quote"].strip()]
    docs = [Document(id=f"h{n}", source=f"h{n}", text=r["quote"]) for n, r in enumerate(rows)]
    right = sum(r["category"] in {m.category for m in p.mentions} for r, p in zip(rows, process_documents(docs)))
    floor = FLOORS["holdout"]["category_accuracy"]
    assert right / len(rows) >= floor, f"holdout: category accuracy {right / len(rows):.3f} below floor {floor}"
