"""Extraction speed against raw spaCy on the same text, in the same run.

Parses the shared documents (seeds + dev texts, or --files) with `nlp.pipe` alone, then runs
bilat's whole per-document extraction (`process_documents`: the same `nlp.pipe` plus actors,
events, dates, amounts, modality, themes, figures, recommendations) and prints words/s for
both and their ratio (target >= 0.8: the rules should cost little on top of spaCy).

Usage: .venv/bin/python bench/bench_extract.py [--big | --repeat 3] [--files FILE ...]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _documents(files: list[Path]):
    from bilat.ingest import load_document

    return [load_document(str(f)) for f in files]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, help="passes over the texts (default 1, the quick run; --big: 3)")
    ap.add_argument("--big", action="store_true", help="three passes (the README's row)")
    ap.add_argument("--files", type=Path, nargs="*")
    args = ap.parse_args()
    args.repeat = args.repeat or (3 if args.big else 1)
    files = args.files or sorted((SHARED / "corpus/seeds").glob("*.txt")) + sorted((SHARED / "eval/dev/texts").glob("*.txt"))
    if not files:
        print("no input files (../shared absent?); pass --files", file=sys.stderr)
        return 2
    from bilat.config import Settings
    from bilat.nlp.pipeline import load_nlp
    from bilat.nlp.process import process_documents

    nlp = load_nlp()
    docs = _documents(files)
    words = sum(len(d.text.split()) for d in docs)
    settings = Settings()
    list(process_documents(docs[:1], settings))  # warm caches (vocabularies, lexicons)

    raw_t = ours_t = 0.0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe((d.text for d in docs), batch_size=settings.batch_size):
            pass
        raw_t += time.perf_counter() - t0
        t0 = time.perf_counter()
        n_mentions = sum(len(p.mentions) for p in process_documents(docs, settings))
        ours_t += time.perf_counter() - t0
    raw_wps = words * args.repeat / raw_t
    ours_wps = words * args.repeat / ours_t
    print(f"documents {len(docs)}, words {words}, mentions {n_mentions}")
    print(f"spaCy nlp.pipe      {raw_wps:10.0f} words/s")
    print(f"bilat extraction    {ours_wps:10.0f} words/s")
    print(f"ratio               {ours_wps / raw_wps:10.2f}  (target >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
