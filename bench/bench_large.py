"""Work per document stays bounded: time per MB and peak memory for texts of growing size.

Builds news-like texts of 10 KB, 100 KB, 1 MB and 5 MB (paragraphs from bench/newsgen.py,
varied by seeded choices of actors, years, amounts and verbs), extracts each in a
fresh subprocess (`process_documents` on one Document, as `bilat extract` does) and prints
seconds, seconds per MB and the subprocess's peak RSS. The baseline, measured in the same run:
raw spaCy `nlp.pipe` on the same 1 MB text, cut into the same chunks extraction parses.

Targets: time per MB roughly constant (ratio of s/MB at the largest size to s/MB at 100 KB
near 1); peak RSS under 1 GB at 5 MB. CPU seconds are printed beside wall seconds: on a shared
machine they are the steadier measure.

Usage: .venv/bin/python bench/bench_large.py [--big | --sizes 10k,100k,1m,5m]
(quick default: 10k,100k; --big: all four sizes)
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

from newsgen import build_text, paragraph

MB = 1_000_000
SIZES = {"10k": 10_000, "100k": 100_000, "1m": MB, "5m": 5 * MB}

def _child_extract(chars: int) -> dict[str, float]:
    """In the child: extract one document of `chars` characters; time, CPU time, peak RSS."""
    from bilat.config import Settings
    from bilat.model import Document
    from bilat.nlp.process import process_documents

    text = build_text(chars)
    warm = Document(id="warm", source="warm.txt", text=paragraph(random.Random(0)))
    list(process_documents([warm], Settings()))  # load the model, vocabularies and lexicons
    rss_loaded = _peak_rss_mb()
    document = Document(id="large", source="large.txt", text=text, published="2024-06-30")
    t0, c0 = time.perf_counter(), time.process_time()
    processed = next(iter(process_documents([document], Settings())))
    return {"chars": len(text), "words": len(text.split()), "seconds": time.perf_counter() - t0,
            "cpu": time.process_time() - c0, "rss": _peak_rss_mb(), "rss_loaded": rss_loaded,
            "mentions": len(processed.mentions)}


def _child_spacy(chars: int) -> dict[str, float]:
    """In the child: raw spaCy `nlp.pipe` over the chunks extraction would parse."""
    from bilat.nlp.chunks import chunk_spans
    from bilat.nlp.pipeline import load_nlp

    nlp = load_nlp()
    text = build_text(chars)
    list(nlp.pipe([paragraph(random.Random(0))]))
    t0, c0 = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe((text[a:b] for a, b in chunk_spans(text)), batch_size=1):
        pass
    return {"chars": len(text), "words": len(text.split()), "seconds": time.perf_counter() - t0,
            "cpu": time.process_time() - c0, "rss": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _run_child(mode: str, size: str) -> dict[str, float] | str:
    """Run one measurement in a fresh interpreter; its figures, or the reason it failed."""
    proc = subprocess.run([sys.executable, __file__, "--child", mode, size], capture_output=True,
                          text=True, check=False)
    if proc.returncode:
        lines = proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"]
        return lines[-1][:120]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _parse_sizes(value: str) -> list[str]:
    sizes = [s.strip().lower() for s in value.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or not sizes:
        raise argparse.ArgumentTypeError(f"unknown size {', '.join(unknown) or value!r} "
                                         f"(choose from {', '.join(SIZES)})")
    return sizes


def _report(rows: dict[str, dict[str, float] | str], baseline: dict[str, float] | str | None) -> None:
    print(f"{'size':>5} {'chars':>10} {'seconds':>9} {'s/MB':>8} {'CPU s/MB':>9} {'peak RSS MB':>12} "
          f"{'(model loaded)':>15} {'mentions':>9}")
    for size, row in rows.items():
        if isinstance(row, str):
            print(f"{size:>5} failed: {row}")
            continue
        mb = row["chars"] / MB
        print(f"{size:>5} {row['chars']:>10,.0f} {row['seconds']:>9.1f} {row['seconds'] / mb:>8.1f} "
              f"{row['cpu'] / mb:>9.1f} {row['rss']:>12.0f} {row['rss_loaded']:>15.0f} {row['mentions']:>9.0f}")
    done = {s: r for s, r in rows.items() if not isinstance(r, str)}
    if len(done) >= 2:
        base = "100k" if "100k" in done and list(done)[-1] != "100k" else list(done)[0]
        last = list(done)[-1]
        per_mb = {s: r["seconds"] / r["chars"] for s, r in done.items()}
        cpu_mb = {s: r["cpu"] / r["chars"] for s, r in done.items()}
        print(f"time per MB, {last} / {base}: {per_mb[last] / per_mb[base]:.2f} wall, "
              f"{cpu_mb[last] / cpu_mb[base]:.2f} CPU  (target ~1)")
    if isinstance(baseline, str):
        print(f"spaCy baseline failed: {baseline}")
    elif baseline is not None and "1m" in done:
        ours = done["1m"]
        for clock, label in (("seconds", "wall"), ("cpu", "CPU")):
            raw_wps, ours_wps = baseline["words"] / baseline[clock], ours["words"] / ours[clock]
            print(f"1 MB ({label}): spaCy nlp.pipe {raw_wps:,.0f} words/s, bilat extraction "
                  f"{ours_wps:,.0f} words/s, ratio {ours_wps / raw_wps:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=_parse_sizes,
                    help="comma-separated sizes to run, from 10k,100k,1m,5m (default: 10k,100k; --big: all)")
    ap.add_argument("--big", action="store_true", help="every size, 10 KB to 5 MB (the README's table)")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, size = args.child
        measure = _child_extract if mode == "extract" else _child_spacy
        print(json.dumps(measure(SIZES[size])))
        return 0
    sizes = args.sizes or (list(SIZES) if args.big else ["10k", "100k"])
    rows = {}
    for size in sizes:
        rows[size] = _run_child("extract", size)
        print(f"{size}: {rows[size] if isinstance(rows[size], str) else 'done'}", file=sys.stderr, flush=True)
    baseline = _run_child("spacy", "1m") if "1m" in sizes else None
    _report(rows, baseline)
    return 1 if any(isinstance(r, str) for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
