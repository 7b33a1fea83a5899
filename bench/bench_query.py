"""Querying a large store: each view in SQL against the Python filtering it replaced, same run.

Builds a synthetic store (20,000 mentions by default; --big: 100,000 in 25,000 documents;
1980-2024, a dozen actors, the PLOVER categories, themes on a third) in a temporary folder: documents and mentions
are written as ingest writes them, and events are stored as fusion stores them (groups of one to
three mentions of one happening, made directly: fusing 100k random mentions is not what is
measured here). Then, for each view, it times the SQL path (`Corpus` as the CLI and the API
call it) and the Python path it replaced (every event read into Python, then filtered) on the
same database: first call (a new process's first request) and steady state (median of repeats).

It also times incremental fusion at that size (a new document's mentions assigned to stored
events inside its transaction) against the same on a store of 1,000 mentions: the work per
document should stay bounded as the corpus grows.

Usage: .venv/bin/python bench/bench_query.py [--mentions 20000 | --big] [--repeat 5] [--keep FILE]
(`make bench` runs the quick default; `--big` is the README's 100k table.)
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bilat.analysis.assign import fusing, mention_key, stored_event  # noqa: E402
from bilat.analysis.fusion import quote_terms, to_event  # noqa: E402
from bilat.analysis.index import cooperation_index, load_weights  # noqa: E402
from bilat.analysis.figures import find_conflicts, stored_conflicts  # noqa: E402
from bilat.analysis.phases import find_phases  # noqa: E402
from bilat.analysis.recommendations import link_to_events, stored_links  # noqa: E402
from bilat.analysis.search import SearchIndex  # noqa: E402
from bilat.analysis.sources import source_profiles, stored_source_profiles  # noqa: E402
from bilat.analysis.themes import theme_shares  # noqa: E402
from bilat.analysis.timeline import filter_events  # noqa: E402
from bilat.corpus import Corpus  # noqa: E402
from bilat.model import (  # noqa: E402
    Characterization, Document, EventMention, Figure, ProcessedDocument, Recommendation, Sentence)
from bilat.store import Store  # noqa: E402
from bilat.store.db import (  # noqa: E402 - the bench writes rows in bulk, as one ingest of many
    _CHARACTERIZATION_COLUMNS, _DOC_COLUMNS, _FIGURE_COLUMNS, _MENTION_COLUMNS, _RECOMMENDATION_COLUMNS,
    _characterization_row, _document_row, _insert_rows, _mention_row)
from bilat.store.events import EventFilters  # noqa: E402

ACTORS = ["USA", "PAK", "IND", "CHN", "AFG", "RUS", "IRN", "GBR", "SAU", "USA.GOV", "PAK.MIL", None]
CATEGORIES = ["AGREE", "AID", "CONSULT", "COOPERATE", "ACCUSE", "ASSAULT", "SANCTION", "THREATEN",
              "REQUEST", "SUPPORT", "PROTEST", "MOBILIZE"]
WORDS = ("aid talks sanctions border drone trade visit minister army loan deal nuclear missile "
         "China India Afghanistan security investment IMF routes strike summit treaty envoy "
         "corridor refugees flood relief wheat cotton textile visa students").split()
THEMES = [[], [], ["security and counterterrorism"], ["trade and investment"], ["economic aid and IMF"]]


def build(path: Path, mentions: int, seed: int = 11) -> tuple[int, int]:
    """Write the synthetic store in batches of documents; returns (documents, events)."""
    rng = random.Random(seed)
    weights = load_weights()
    docs = max(1, mentions // 4)
    n_events = 0
    with Store(path) as store:
        for first in range(0, docs, BATCH):
            batch = [_document(rng, d) for d in range(first, min(docs, first + BATCH))]
            with store.transaction() as conn:
                _insert_rows(conn, "documents", _DOC_COLUMNS, [tuple(_document_row(p.document)) for p in batch])
                _insert_rows(conn, "sentences", None, [(s.doc_id, s.index, s.paragraph, s.start, s.end, s.text)
                                                       for p in batch for s in p.sentences])
                _insert_rows(conn, "mentions", _MENTION_COLUMNS, [_mention_row(m) for p in batch for m in p.mentions])
                _insert_rows(conn, "figures", _FIGURE_COLUMNS, [
                    (f.id, f.doc_id, f.doc, f.subject, f.subject_key, f.value, f.unit, f.period, f.qualifier,
                     f.quote, f.start, f.end, f.concept, f.source_actor, f.target_actor)
                    for p in batch for f in p.figures])
                _insert_rows(conn, "recommendations", _RECOMMENDATION_COLUMNS, [
                    (r.id, r.doc_id, r.doc, r.actor, r.text, r.theme, r.quote, r.start, r.end, r.recommender)
                    for p in batch for r in p.recommendations])
                _insert_rows(conn, "characterizations", _CHARACTERIZATION_COLUMNS,
                             [_characterization_row(c) for p in batch for c in p.characterizations])
                added, keys = [], []
                for n, p in enumerate(batch):
                    _events_of(p, weights, first + n + 1, added, keys)
                store.replace_events((), added, keys)
                store.add_terms(Counter(t for p in batch for m in p.mentions for t in quote_terms(m.quote)))
                n_events += len(added)
    return docs, n_events


BATCH = 500


def _document(rng: random.Random, d: int) -> ProcessedDocument:
    doc_id = f"doc{d:07d}"
    year = rng.randint(1980, 2024)
    sentences, ms, pos = [], [], 0
    for n in range(4):
        quote = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
        sentences.append(Sentence(doc_id, n, pos, pos + len(quote), quote))
        date, prec = rng.choice([(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "day"),
                                 (f"{year}-{rng.randint(1, 12):02d}", "month"), (str(year), "year"),
                                 (None, None)])
        ms.append(EventMention(doc_id, quote, pos, pos + len(quote), rng.choice(CATEGORIES),
                               rng.choice(ACTORS), rng.choice(ACTORS), date, prec,
                               id=f"{doc_id}:m{n}", doc=f"{doc_id}.txt", themes=rng.choice(THEMES),
                               modality=rng.choice(["occurred"] * 4 + ["planned", "negated"]),
                               confidence=rng.random(), intensity=rng.uniform(-8, 8)))
        pos += len(quote) + 1
    text = " ".join(s.text for s in sentences)
    doc = Document(id=doc_id, source=f"/synthetic/{doc_id}.txt", text=text, content_hash=doc_id,
                   publisher=rng.choice(["Daily Ledger", "Policy Forum", "Foreign Office", None]),
                   published=f"{year}-06-01", words=len(text.split()))
    return ProcessedDocument(doc, sentences=sentences, mentions=ms, **_extras(doc_id, year, d))


def _extras(doc_id: str, year: int, d: int) -> dict[str, list]:
    """A figure in every other document (a few thousand groups of concept, parties and unit, a
    few holding values that disagree), a characterization of USA-PAK relations in one in 20,
    a recommendation in one in 250. Drawn apart from the mentions, which stay as they were."""
    rng, codes = random.Random(d), [a for a in ACTORS if a]
    out: dict[str, list] = {"figures": [], "recommendations": [], "characterizations": []}
    if d % 2 == 0:
        unit = rng.choice(["USD", "soldiers"])
        out["figures"].append(Figure(
            doc_id, "trade", rng.choice([1.0, 2.0, 2.0, 2.5, 3.0]) * (1e9 if unit == "USD" else 1e3), unit,
            "A figure.", 0, 9, period=rng.choice([str(year), None]), id=f"{doc_id}:f0", doc=f"{doc_id}.txt",
            concept=rng.choice(["trade", "aid", "arms sale", "investment", "casualties"]),
            source_actor=rng.choice(codes), target_actor=rng.choice([*codes, None])))
    if d % 20 == 0:
        out["characterizations"].append(Characterization(
            doc_id, ["USA", "PAK"], rng.choice(["engagement", "estrangement", "mixed"]), "Relations.", 0, 10,
            start=str(year), id=f"{doc_id}:c0", doc=f"{doc_id}.txt"))
    if d % 250 == 0:
        out["recommendations"].append(Recommendation(
            doc_id, rng.choice(["USA", "PAK", "PAK, USA"]), " ".join(rng.choice(WORDS) for _ in range(10)) + ".",
            "A recommendation.", 0, 17, theme=rng.choice([t[0] for t in THEMES if t] + [None]),
            id=f"{doc_id}:r0", doc=f"{doc_id}.txt"))
    return out


def _events_of(p: ProcessedDocument, weights: dict, seq: int, added: list, keys: list) -> None:
    """One event per mention, or the first two as one: what fusion would store for a document."""
    ms = p.mentions
    groups = [ms[:2], ms[2:3], ms[3:]] if ms[0].category == ms[1].category else [[m] for m in ms]
    for group in groups:
        event = to_event(group, {p.document.id: p.document}, weights)
        added.append(stored_event(event, (seq, group[0].start, group[0].id)))
        keys += [mention_key(m, event.id, weights) for m in group]


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first call, median of the next `repeat`) in milliseconds; a call over 5 s is repeated
    once only (the Python baselines at 100k events)."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat if first < 5 else min(repeat, 1)):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return 1000 * first, 1000 * (statistics.median(runs) if runs else first)


def fusion_cost(path: Path, docs: int = 50) -> float:
    """Milliseconds per new 4-mention document to assign its mentions to stored events."""
    rng = random.Random(5)
    with Store(path) as store:
        start = time.perf_counter()
        for d in range(docs):
            doc_id = f"new{os.getpid()}-{d:05d}"  # new in every run, also on a kept store
            ms, pos = [], 0
            for n in range(4):
                quote = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
                ms.append(EventMention(doc_id, quote, pos, pos + len(quote), rng.choice(CATEGORIES),
                                       rng.choice(ACTORS[:4]), rng.choice(ACTORS[:4]),
                                       f"2011-05-{rng.randint(1, 28):02d}", "day", id=f"{doc_id}:m{n}"))
                pos += len(quote) + 1
            doc = Document(id=doc_id, source=f"/new/{doc_id}", text="x", content_hash=f"new-{doc_id}")
            store.add_processed(ProcessedDocument(doc, mentions=ms), then=fusing(store))
        return 1000 * (time.perf_counter() - start) / docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=20_000, help="store size (quick default, about 3 minutes)")
    parser.add_argument("--big", action="store_true", help="100,000 mentions (about 10 minutes): the README's table")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the big store here (reused when it exists)")
    args = parser.parse_args()
    if args.big:
        args.mentions = 100_000
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.duckdb", args.keep or Path(tmp) / "big.duckdb"
        build(small, 1000)
        start = time.perf_counter()
        if not big.exists():
            build(big, args.mentions)
        with Store(big, read_only=True) as store:
            docs, events = store.counts()["documents"], store.event_count()
        print(f"store: {args.mentions:,} mentions, {docs:,} documents, {events:,} events "
              f"(built in {time.perf_counter() - start:.0f} s, {big.stat().st_size / 1e6:.0f} MB)")
        rows = views(big, args.repeat)
        print(f"\n| view | SQL first | SQL steady | Python first | Python steady | steady ratio |")
        print("|---|---|---|---|---|---|")
        for name, sql, py in rows:
            print(f"| {name} | {sql[0]:.0f} ms | {sql[1]:.1f} ms | {py[0]:.0f} ms | {py[1]:.1f} ms | "
                  f"{py[1] / max(sql[1], 1e-3):.0f}x |")
        small_cost, big_cost = fusion_cost(small), fusion_cost(big)  # (adds 50 documents to each)
        print(f"\nincremental fusion per new 4-mention document: {small_cost:.1f} ms at 1,000 mentions, "
              f"{big_cost:.1f} ms at {args.mentions:,} (ratio {big_cost / small_cost:.2f})")
    return 0


def views(path: Path, repeat: int) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """(view, SQL (first, steady) ms, Python (first, steady) ms) for each view."""
    filters = dict(actor="PAK", category="ASSAULT", date_from="2001", date_to="2011")
    out = []
    with Corpus(path, read_only=True) as corpus:
        store = corpus.store
        cache: dict[str, object] = {}

        def everything():  # the Python path's first step: every event in memory
            if "events" not in cache:
                cache["events"] = store.events(by_date=False)
            return cache["events"]

        sql_first, _ = timed(lambda: corpus.event_page(50, 0), 0)
        py_first, _ = timed(lambda: filter_events(everything())[:50], 0)  # the load is the first call
        out.append(("/api/events page of 50, first request", (sql_first, sql_first), (py_first, py_first)))
        cases = [
            ("events, actor+category+dates", lambda: corpus.events(**filters),
             lambda: filter_events(everything(), **filters)),
            ("/api/events?limit=50&offset=5000", lambda: corpus.event_page(50, 5000),
             lambda: filter_events(everything())[5000:5050]),
            ("event by id", lambda: corpus.event(cache["id"]),
             lambda: next(e for e in everything() if e.id == cache["id"])),
            ("timeline 2011", lambda: corpus.events(date_from="2011", date_to="2011"),
             lambda: filter_events(everything(), date_from="2011", date_to="2011")),
            ("themes per year", lambda: corpus.store.theme_counts("year"),
             lambda: theme_shares(everything(), "year")),
            ("index per month (USA-PAK)", lambda: cooperation_index(corpus._index_events(("USA", "PAK")), "month"),
             lambda: cooperation_index(everything(), "month")),
            ("documents without text", lambda: store.documents(with_text=False),
             lambda: store.documents(with_text=True)),
            # the analyses that read every event into Python before (the same results, see
            # tests/store/test_analyses.py); the SQL side reads what Corpus reads, uncached
            ("source profiles", lambda: stored_source_profiles(store),
             lambda: source_profiles(store.documents(with_text=False), everything(), store.recommendations(),
                                     characterizations=store.characterizations())),
            ("figure conflicts", lambda: stored_conflicts(store),
             lambda: find_conflicts(store.figures(), published={
                 d.id: d.published for d in store.documents(with_text=False)})),
            ("phases per year (USA-PAK)", lambda: find_phases(
                cache["points"], store.events(EventFilters(dyad=pair, modality="occurred"), by_date=False),
                dyad=pair, characterizations=store.characterizations()),
             lambda: find_phases(cache["points"], everything(), dyad=pair,
                                 characterizations=store.characterizations())),
            ("recommendation links", lambda: stored_links(store),
             lambda: link_to_events(store.recommendations(), everything(),
                                    {d.id: d for d in store.documents(with_text=False)})),
        ]
        pair = ("USA", "PAK")
        cache["points"] = corpus.index("year", dyad=pair)
        import ruptures  # noqa: F401 - phases import it on first use: not the view's cost
        cache["id"] = store.events(limit=1, offset=1234)[0].id
        everything()
        for name, sql, py in cases:
            out.append((name, timed(sql, repeat), timed(py, repeat)))
        search_first = timed(lambda: corpus.search("drone strike border"), repeat)
        memory = SearchIndex(store.sentences(), store.documents(with_text=False), reranker=None)
        out.append(("search (stored index vs built in memory)", search_first,
                    timed(lambda: memory.search("drone strike border"), repeat)))
    with Corpus(path, read_only=True) as again:  # the next process loads the stored index
        out.append(("search, next process (index loaded)", timed(lambda: again.search("drone strike border"), repeat),
                    search_first))
    return out


if __name__ == "__main__":
    sys.exit(main())
