"""Ablation of the trained event scorer: patterns only vs patterns + scorer.

For each shared gold set (seeds, dev x*, dev y*, dev, PLOVER GSR) the strict P/R/F1 of bilat's
extraction with the scorer switched off and on (../shared/eval/score.py), then words/s of both
against raw spaCy `nlp.pipe` on the same texts (seeds + dev), in the same run.

The shipped model was fitted on the dev and GSR documents among others, so their "+ scorer" rows
here are in-sample; bench/train_scorer.py --cv gives the grouped-CV figures (each document
extracted with a model fitted without it). The seed documents were never used for training.

Usage: .venv/bin/python bench/bench_scorer.py [--sets seeds,dev-x,dev-y,dev,plover-gsr] [--repeat 2]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


def strict(name: str, sm, settings) -> dict:
    """Strict scores of one set extracted with `settings`."""
    from score_all import SETS

    from bilat.engines.files import extract_files

    texts, gold_dir, pattern = SETS[name]
    files = sorted(texts.glob(pattern))
    stems = {f.stem for f in files}
    gold = {k: v for k, v in sm.load_gold(gold_dir, None).items() if k in stems}
    pred: dict[str, list] = {g: [] for g in gold}
    for row in extract_files(files, settings):
        stem = sm.stem_of(row["doc"])
        if stem in pred:
            pred[stem].append(row)
    return sm.score_events(gold, pred)["strict"]


def speed(settings_by_name: dict, repeat: int) -> dict[str, float]:
    """Words/s of raw spaCy and of each extraction setting on seeds + dev texts."""
    from bilat.ingest import load_document
    from bilat.nlp.pipeline import load_nlp
    from bilat.nlp.process import process_documents

    files = sorted((SHARED / "corpus/seeds").glob("*.txt")) + sorted((SHARED / "eval/dev/texts").glob("*.txt"))
    docs = [load_document(str(f)) for f in files]
    words = sum(len(d.text.split()) for d in docs)
    nlp = load_nlp()
    for settings in settings_by_name.values():
        list(process_documents(docs[:1], settings))  # warm caches (lexicons, the model)
    times = dict.fromkeys(["spaCy"] + list(settings_by_name), 0.0)
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe((d.text for d in docs), batch_size=16):
            pass
        times["spaCy"] += time.perf_counter() - t0
        for name, settings in settings_by_name.items():
            t0 = time.perf_counter()
            for _ in process_documents(docs, settings):
                pass
            times[name] += time.perf_counter() - t0
    return {name: words * repeat / t for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seeds,dev-x,dev-y,dev,plover-gsr")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if not (SHARED / "eval/score.py").exists():
        print("../shared not found", file=sys.stderr)
        return 2
    from score_all import score_module

    from bilat.config import Settings

    sm = score_module()
    variants = {"patterns": Settings(event_scorer=False), "patterns+scorer": Settings(event_scorer=True)}
    print(f"{'set':<11} {'variant':<16} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold")
    for name in args.sets.split(","):
        for variant, settings in variants.items():
            s = strict(name, sm, settings)
            print(f"{name:<11} {variant:<16} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
                  f"{s['tp']}/{s['pred']}/{s['gold']}")
    wps = speed(variants, args.repeat)
    for name, value in wps.items():
        ratio = value / wps["spaCy"]
        print(f"{name:<16} {value:10.0f} words/s  ratio vs spaCy {ratio:.2f}")
    print("target: ratio >= 0.80 with the scorer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
