"""End-to-end ingest speed and memory against raw spaCy, in the same run.

Ingests the bundled sample corpus plus the shared documents (when ../shared is present) into a
fresh database: reading and cleaning, extraction, analysis records and the DuckDB writes. The
baseline is spaCy's `nlp.pipe` alone over the same cleaned texts. Prints words/s for both, their
ratio, and the peak resident memory of the process.

Usage: .venv/bin/python bench/bench_ingest.py [--engine local|dask]
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs() -> list[str]:
    found = sorted(str(p) for p in (ROOT / "samples" / "corpus").iterdir() if p.is_file())
    for folder in (SHARED / "corpus" / "seeds", SHARED / "eval" / "dev" / "texts"):
        if folder.is_dir():
            found += sorted(str(p) for p in folder.glob("*.txt"))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", default="local", choices=("local", "dask"))
    args = ap.parse_args()
    from bilat.config import Settings
    from bilat.corpus import Corpus
    from bilat.ingest import load_document
    from bilat.nlp.pipeline import load_nlp

    sources = inputs()
    texts = [load_document(s).text for s in sources]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:2]))  # warm up

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    raw = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.duckdb", engine=args.engine)
        t0 = time.perf_counter()
        with Corpus(settings=settings) as corpus:
            report = corpus.ingest(sources)
            ingest = time.perf_counter() - t0
            t0 = time.perf_counter()
            corpus.index()
            corpus.phases()
            analyse = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(sources)} ({report.summary()}), words: {words}")
    print(f"raw spaCy nlp.pipe: {words / raw:,.0f} words/s")
    print(f"bilat ingest ({args.engine}): {words / ingest:,.0f} words/s "
          f"(read, clean, extract, store)")
    print(f"ratio ingest / raw spaCy: {raw / ingest:.2f}")
    print(f"analysis (fusion, index, phases): {analyse:.2f} s")
    print(f"peak resident memory: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
