"""Score event extraction on every shared set at once, with the shared scorer.

Sets: seeds, dev x*, dev y* (and dev together), the PLOVER gold-standard sentences, and the
holdout split of ../shared/train/ngec-voa for category accuracy: each positive verify quote is
extracted on its own and counts as right when one of its mentions has the labelled category
(a quote with no mention is wrong). Every extraction change is judged on all of these together:
keep it only if it helps broadly.

Usage: .venv/bin/python bench/score_all.py [--sets seeds,dev-x,dev-y,plover-gsr,holdout]
       [--limit N] (holdout quotes, default all) [--json FILE]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (SHARED / "corpus/seeds", SHARED / "eval/gold", "*.txt"),
    "dev-x": (SHARED / "eval/dev/texts", SHARED / "eval/dev/gold", "x*.txt"),
    "dev-y": (SHARED / "eval/dev/texts", SHARED / "eval/dev/gold", "y*.txt"),
    "dev": (SHARED / "eval/dev/texts", SHARED / "eval/dev/gold", "*.txt"),
    "plover-gsr": (SHARED / "eval/plover-gsr/texts", SHARED / "eval/plover-gsr/gold", "*.txt"),
}
HOLDOUT = SHARED / "train/ngec-voa/verify.jsonl"


def score_module():
    spec = importlib.util.spec_from_file_location("bilat_shared_score", SHARED / "eval/score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bilat_shared_score"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def score_set(name: str, sm) -> dict:
    """Strict scores of one gold set: {"strict": {precision, recall, f1, ...}, modality ...}."""
    from bilat.engines.files import extract_files

    texts, gold_dir, pattern = SETS[name]
    files = sorted(texts.glob(pattern))
    stems = {f.stem for f in files}
    gold = {k: v for k, v in sm.load_gold(gold_dir, None).items() if k in stems}
    pred: dict[str, list] = {g: [] for g in gold}
    for row in extract_files(files):
        if "error" in row:
            raise SystemExit(f"{name}: {row['doc']}: {row['error']}")
        if "category" not in row:  # a warning line
            continue
        stem = sm.stem_of(row["doc"])
        for g in gold:
            if stem.startswith(g) or g.startswith(stem):
                pred[g].append(row)
                break
    return sm.score_events(gold, pred)


def holdout_accuracy(limit: int | None = None) -> dict:
    """Category accuracy on the positive holdout quotes of ../shared/train/ngec-voa."""
    from bilat.model import Document
    from bilat.nlp.process import process_documents

    rows = [json.loads(line) for line in HOLDOUT.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == "holdout" and r["label"] == 1 and r["quote"].strip()]
    rows = rows[:limit] if limit else rows
    docs = [Document(id=f"h{n}", source=f"h{n}", text=r["quote"]) for n, r in enumerate(rows)]
    right = found = 0
    for row, processed in zip(rows, process_documents(docs)):
        categories = {m.category for m in processed.mentions}
        found += bool(categories)
        right += row["category"] in categories
    return {"n": len(rows), "accuracy": round(right / len(rows), 3), "with_mention": round(found / len(rows), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seeds,dev-x,dev-y,dev,plover-gsr,holdout")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if not (SHARED / "eval/score.py").exists():
        print("../shared not found", file=sys.stderr)
        return 2
    sm = score_module()
    out = {}
    for name in args.sets.split(","):
        started = time.perf_counter()
        if name == "holdout":
            result = holdout_accuracy(args.limit)
            print(f"{name:<11} category accuracy {result['accuracy']:.3f}  (n {result['n']}, "
                  f"with a mention {result['with_mention']:.3f})  {time.perf_counter() - started:.0f} s")
        else:
            result = score_set(name, sm)
            s = result["strict"]
            print(f"{name:<11} strict F1 {s['f1']:.3f}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
                  f"(tp {s['tp']}, pred {s['pred']}, gold {s['gold']})  modality "
                  f"{result.get('modality_accuracy')}  exact date {result.get('date_exact_accuracy')}  "
                  f"{time.perf_counter() - started:.0f} s")
        out[name] = result
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
