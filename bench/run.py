"""Run every benchmark under bench/ (bench_*.py) in one process each, one after another.

Each benchmark prints its own figures and ratios against a baseline measured in the same run
(e.g. raw spaCy `nlp.pipe` on the same text); this script only runs them, times them and reports
failures. Every benchmark's default is its quick mode (`make bench`: under 10 minutes in all on
2 cores); `--big` (`make bench BIG=1`) passes `--big` to each benchmark that takes it, for the
long runs behind the README's tables.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--big", action="store_true", help="pass --big to every benchmark that takes it")
    args = ap.parse_args()
    here = Path(__file__).parent
    failed = 0
    start = time.perf_counter()
    for script in sorted(here.glob("bench_*.py")):
        # a benchmark takes --big when its argument parser names it
        extra = ["--big"] if args.big and '"--big"' in script.read_text(encoding="utf-8") else []
        print(f"== {script.name} {' '.join(extra)}".rstrip(), flush=True)
        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *extra], check=False)
        print(f"== {script.name}: {time.perf_counter() - t0:.0f} s", flush=True)
        if result.returncode:
            print(f"error: {script.name} exited {result.returncode}", file=sys.stderr)
            failed += 1
    print(f"== all benchmarks: {time.perf_counter() - start:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
