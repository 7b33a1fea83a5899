"""Run every benchmark under bench/ (bench_*.py) in one process each, one after another.

Each benchmark prints its own figures and ratios against a baseline measured in the same run
(e.g. raw spaCy `nlp.pipe` on the same text); this script only runs them and reports failures.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failed = 0
    for script in sorted(here.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], check=False)
        if result.returncode:
            print(f"error: {script.name} exited {result.returncode}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
