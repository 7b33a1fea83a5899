"""A large store behind `bilat serve` and the CLI: first and steady-state latency per endpoint.

Builds a synthetic store of N events (100,000 by default; --big: 1,000,000) in bulk: a pool of
up to 12,500 documents is made as bench_query.py makes them (documents, sentences and mentions
as ingest writes them, events and fusion keys as fusion stores them, with bilat's own
functions), then copied with new ids into the store by one INSERT ... SELECT per table from
Arrow, in one transaction (a copy differs from its original by ids and ingestion order only).
The search index is built once beside it, as the first `bilat search` or search request would.

Then it starts `bilat serve` on 127.0.0.1 and a free port over that store and measures, for each
endpoint, the first request after the server is ready (and the server's time to ready), then
the steady state: p50 and p95 over --requests requests with varied filters (actors,
categories, date ranges, page offsets, event ids, search words), one client at a time. Last, the
CLI: wall time of `bilat timeline --db FILE` with filters against `bilat --help` (the ratio is
the cost of opening the store and answering). Targets (issue #11): steady p95 < 50 ms and
first request < 2 s per endpoint; PASS/MISS per row.

Usage: .venv/bin/python bench/bench_store.py [--events 100000 | --big] [--requests 50] [--keep FILE]
(`make bench` runs the quick default, about 2 minutes; --big is the README's 1,000,000-event
table, about 10 minutes with the build; --keep FILE builds the store there once and reuses it.)
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_query import ACTORS, CATEGORIES, WORDS, _document, _events_of  # noqa: E402
from bench_serve import free_port  # noqa: E402

from bilat.analysis.fusion import quote_terms  # noqa: E402
from bilat.analysis.index import load_weights  # noqa: E402
from bilat.corpus import Corpus  # noqa: E402
from bilat.store import Store, schema  # noqa: E402
from bilat.store.db import _DOC_COLUMNS, _MENTION_COLUMNS, _document_row, _mention_row  # noqa: E402
from bilat.store.events import _STORED_COLUMNS, _stored_row  # noqa: E402

BILAT = Path(sys.executable).with_name("bilat")
POOL_DOCS = 12_500  # documents made in Python (about 49,000 events, 20 s); the rest are copies
EVENTS_PER_DOC = 3.92  # what bench_query's generator gives: 4 mentions, sometimes two fused
P95_TARGET_MS = 50.0
FIRST_TARGET_MS = 2000.0


# -- the store -----------------------------------------------------------------------------------
def build(path: Path, events: int, seed: int = 11) -> dict[str, float]:
    """Write a synthetic store of about `events` events at `path` (a new file); returns
    {"seconds", "pool", "copies"}. Raises RuntimeError when the copies' order is not the
    documents' (first_seq must be the seq of the event's first document)."""
    started = time.perf_counter()
    docs = max(1, round(events / EVENTS_PER_DOC))
    copies = -(-docs // POOL_DOCS)
    pool = -(-docs // copies)
    rng, weights = random.Random(seed), load_weights()
    made = [_document(rng, d) for d in range(pool)]
    added: list = []
    keys: list = []
    for n, p in enumerate(made):
        _events_of(p, weights, n + 1, added, keys)
    terms = Counter(t for p in made for m in p.mentions for t in quote_terms(m.quote))
    tables = {
        "documents": _arrow(_DOC_COLUMNS, [_document_row(p.document) for p in made]),
        "sentences": _arrow("doc_id, idx, paragraph, start_char, end_char, text",
                            [(s.doc_id, s.index, s.paragraph, s.start, s.end, s.text)
                             for p in made for s in p.sentences]),
        "mentions": _arrow(_MENTION_COLUMNS, [_mention_row(m) for p in made for m in p.mentions]),
        "events": _arrow(_STORED_COLUMNS, [_stored_row(s) for s in added]),
        "event_mentions": _arrow("mention_id, event_id, family, actor_a, actor_b, day_lo, day_hi",
                                 [(k.mention_id, k.event_id, k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi)
                                  for k in keys]),
    }
    # how a copy k renames: document numbers move up by k pools, event ids get a new hash
    doc = f"('doc' || lpad((CAST(substr({{c}}, 4, 7) AS BIGINT) + k * {pool})::VARCHAR, 7, '0'))"
    mention = f"({doc.format(c='split_part({c}, chr(58), 1)')} || chr(58) || split_part({{c}}, chr(58), 2))"
    event = "(CASE WHEN k = 0 THEN {c} ELSE 'ev_' || substr(md5({c} || '/' || k::VARCHAR), 1, 12) END)"
    renames = {
        "documents": {"id": doc, "content_hash": doc, "source": f"('/synthetic/' || {doc.format(c='id')} || '.txt')",
                      "name": f"({doc.format(c='id')} || '.txt')"},
        "sentences": {"doc_id": doc},
        "mentions": {"id": mention, "doc_id": doc, "doc": f"({doc.format(c='doc_id')} || '.txt')"},
        "events": {"id": event, "first_seq": f"(first_seq + k * {pool})", "first_mention": mention},
        "event_mentions": {"mention_id": mention, "event_id": event},
    }
    with Store(path) as store:
        conn = store.conn
        with store.transaction():
            for table, arrow in tables.items():
                conn.register(f"pool_{table}", arrow)
                cols = arrow.column_names
                exprs = [renames[table].get(c, "{c}").format(c=c) for c in cols]
                # documents in (copy, pool) order: their seq (a sequence default) is then k * pool + n + 1
                order = " ORDER BY k, CAST(substr(id, 4, 7) AS BIGINT)" if table == "documents" else ""
                conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                             f"FROM pool_{table}, range({copies}) copies(k){order}")
                conn.unregister(f"pool_{table}")
            conn.register("pool_terms", pa.table({"term": list(terms), "df": [n * copies for n in terms.values()]}))
            conn.execute("INSERT INTO fusion_terms SELECT term, df FROM pool_terms")
            conn.unregister("pool_terms")
            if hasattr(schema, "block_rows"):  # fusion's look-up table, derived from the members
                conn.execute("INSERT INTO fusion_blocks " + schema.block_rows("event_mentions"))
            wrong = conn.execute(
                "SELECT count(*) FROM events e JOIN documents d ON d.id = split_part(e.first_mention, ':', 1) "
                "WHERE d.seq <> e.first_seq").fetchone()
            if wrong and wrong[0]:
                raise RuntimeError(f"{wrong[0]} events whose first_seq is not their document's seq")
    return {"seconds": time.perf_counter() - started, "pool": pool, "copies": copies}


def _arrow(columns: str, rows: list[Sequence]) -> pa.Table:
    names = [c.strip() for c in columns.split(",")]
    return pa.table({name: list(values) for name, values in zip(names, zip(*rows))})


def build_search(path: Path) -> float:
    """Build the stored search index beside `path` (what the first search does); seconds."""
    started = time.perf_counter()
    with Corpus(path, read_only=True) as corpus:
        corpus.search("aid")
    return time.perf_counter() - started


# -- the requests ------------------------------------------------------------------------------
def request_sets(path: Path, n: int, seed: int = 3) -> dict[str, list[str]]:
    """Endpoint -> `n` + 1 URLs with varied filters (the first is the first request's)."""
    rng = random.Random(seed)
    with Store(path, read_only=True) as store:
        total = store.event_count()
        ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM events USING SAMPLE reservoir(200 ROWS) REPEATABLE (7)").fetchall()]
    actors = [a for a in ACTORS if a and "." not in a]  # codes the filters accept

    def year_range() -> dict[str, str]:
        start = rng.randint(1980, 2022)
        return {"from": str(start), "to": str(start + rng.randint(0, 2))}

    def events() -> str:
        params: dict[str, str | int] = {"limit": 50}
        kind = rng.randrange(4)
        if kind == 0:  # a page deep into every event
            params["offset"] = rng.randrange(0, max(1, total - 50))
        if kind in (1, 3):
            params |= {"actor": rng.choice(actors), "category": rng.choice(CATEGORIES)}
        if kind in (2, 3):
            params |= year_range()
        if kind == 1:
            params["offset"] = rng.choice([0, 50, 200])
        return "/api/events?" + urlencode(params)

    def timeline() -> str:
        return "/api/timeline?" + urlencode({"actor": rng.choice(actors), "category": rng.choice(CATEGORIES),
                                             **year_range()})

    def index() -> str:
        return "/api/index?" + urlencode({"freq": "month", **rng.choice(
            [{}, {}, {}, {"per_100": "true"}, {"dyad": "IND,CHN"}, {"dyad": "USA,CHN"}])})

    def search() -> str:
        return "/api/search?" + urlencode({"q": " ".join(rng.sample(WORDS, rng.randint(1, 3)))})

    return {
        "/api/events (filters, pages)": ["/api/events?limit=50&actor=PAK&category=ASSAULT&from=2001&to=2011",
                                         *(events() for _ in range(n))],
        "/api/events/{id}": [f"/api/events/{i}" for i in (ids * (1 + n // len(ids)))[: n + 1]],
        "/api/index?freq=month": ["/api/index?freq=month", *(index() for _ in range(n))],
        "/api/timeline (filters)": ["/api/timeline?actor=PAK&category=ASSAULT&from=2011&to=2011",
                                    *(timeline() for _ in range(n))],
        "/api/search": ["/api/search?q=drone+strike+border", *(search() for _ in range(n))],
    }


def measure_server(path: Path, urls: dict[str, list[str]], timeout: float = 600.0) -> tuple[float, list[tuple]]:
    """Start `bilat serve` over `path`; (seconds to ready, [(endpoint, first ms, p50 ms, p95 ms,
    server CPU ms per steady request)]). CPU time is the server process's (all its threads):
    on a shared machine it says what a request costs when wall time says how long it waited."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    started = time.perf_counter()
    process = subprocess.Popen([str(BILAT), "serve", "--db", str(path), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    rows = []
    try:
        with httpx.Client(base_url=base, timeout=timeout) as http:
            ready = _wait_ready(http, process, log, started + timeout) - started
            for endpoint, paths in urls.items():
                times = [_timed(http, paths[0])]
                cpu = _cpu_seconds(process.pid)
                times += [_timed(http, p) for p in paths[1:]]
                cpu = 1000 * (_cpu_seconds(process.pid) - cpu) / max(1, len(paths) - 1)
                steady = times[1:]
                cuts = statistics.quantiles(steady, n=100, method="inclusive")
                rows.append((endpoint, times[0], statistics.median(steady), cuts[94], cpu))
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
    return ready, rows


def _wait_ready(http: httpx.Client, process: subprocess.Popen, log, deadline: float) -> float:
    """When the server first answers (a static file: the snapshot is ready before it listens)."""
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"bilat serve exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if http.get("/static/style.css", timeout=2).status_code == 200:
                return time.perf_counter()
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("bilat serve did not answer in time")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(http: httpx.Client, path: str) -> float:
    begun = time.perf_counter()
    response = http.get(path)
    took = 1000 * (time.perf_counter() - begun)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:300]}")
    return took


def cli_times(path: Path, repeat: int = 3) -> tuple[float, float]:
    """(median ms of `bilat --help`, of `bilat timeline` with filters on the store)."""
    def run(*args: str) -> float:
        runs = []
        for _ in range(repeat):
            begun = time.perf_counter()
            subprocess.run([str(BILAT), *args], check=True, stdout=subprocess.DEVNULL)
            runs.append(1000 * (time.perf_counter() - begun))
        return statistics.median(runs)

    return run("--help"), run("timeline", "--db", str(path), "--actor", "PAK", "--category", "ASSAULT",
                              "--from", "2011", "--to", "2011", "--format", "json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="store size (quick default, about 2 minutes)")
    parser.add_argument("--big", action="store_true", help="1,000,000 events (about 10 minutes): the README's table")
    parser.add_argument("--requests", type=int, default=50, help="steady-state requests per endpoint")
    parser.add_argument("--keep", type=Path, help="build the store here (reused when it exists)")
    args = parser.parse_args()
    if args.big:
        args.events = 1_000_000
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bilat-bench-store-") as tmp:
        path = args.keep or Path(tmp) / "store.duckdb"
        if not path.exists():
            built = build(path, args.events)
            search = build_search(path)
            print(f"built in {built['seconds']:.0f} s ({built['pool']:,} documents made, "
                  f"{built['copies']} copies); search index built in {search:.0f} s")
        with Store(path, read_only=True) as store:
            counts, events = store.counts(), store.event_count()
        print(f"store: {events:,} events, {counts['mentions']:,} mentions, {counts['documents']:,} documents, "
              f"{counts['sentences']:,} sentences, {path.stat().st_size / 1e6:,.0f} MB")
        urls = request_sets(path, args.requests)
        ready, rows = measure_server(path, urls)
        help_ms, timeline_ms = cli_times(path)
    print(f"\n`bilat serve` ready {ready:.1f} s after start (copies the file, opens the copy); "
          f"targets: first request < {FIRST_TARGET_MS / 1000:g} s, steady p95 < {P95_TARGET_MS:g} ms, "
          f"{args.requests} requests each, one at a time")
    print("\n| endpoint | first | steady p50 | steady p95 | server CPU per request | target |")
    print("|---|---|---|---|---|---|")
    missed = 0
    for endpoint, first, p50, p95, cpu in rows:
        ok = first < FIRST_TARGET_MS and p95 < P95_TARGET_MS
        missed += not ok
        print(f"| {endpoint} | {first:,.0f} ms | {p50:.1f} ms | {p95:.1f} ms | {cpu:.1f} ms | {'PASS' if ok else 'MISS'} |")
    print(f"\nCLI: `bilat --help` {help_ms:.0f} ms; `bilat timeline --db FILE --actor PAK --category ASSAULT "
          f"--from 2011 --to 2011` {timeline_ms:.0f} ms (ratio {timeline_ms / help_ms:.2f})")
    print(f"{len(rows) - missed} of {len(rows)} endpoints within the targets; load average now "
          f"{os.getloadavg()[0]:.2f} (2 cores shared with other work: wall times include waiting)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
