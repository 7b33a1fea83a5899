"""`bilat serve` under concurrent load, on 127.0.0.1 only, bounded in clients and seconds.

Starts `bilat serve` on a free port over a database (by default the sample corpus, ingested
into a temporary folder), then runs N client threads for S seconds, each requesting a mix of
API endpoints and dashboard pages. Reports requests/s, latency percentiles and errors (any
status other than 200, or no answer within the client timeout). The baseline, measured in the
same run against the same server, is a static file (`/static/style.css`): the ratio says what
share of the server's raw request rate the corpus views keep.

After the load the server is sent SIGTERM and must exit within 10 s.

Usage: .venv/bin/python bench/bench_serve.py [--clients 50] [--seconds 30] [--db FILE]
Tests import `run_load` and `serving` from here (a short run: 20 clients x 3 s).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BILAT = Path(sys.executable).with_name("bilat")
PATHS = (
    "/api/documents", "/api/events?limit=50", "/api/timeline", "/api/index", "/api/phases",
    "/api/themes", "/api/figures", "/api/recommendations", "/api/sources", "/api/search?q=aid",
    "/", "/timeline", "/documents", "/figures", "/sources",
)


@dataclass
class LoadResult:
    """What a load run saw: counts, seconds per request, the first few errors."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)  # answers (HTTP 200) per client

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency in milliseconds at quantile q (0-100)."""
        if len(self.latencies) < 2:
            return 1000 * (self.latencies[0] if self.latencies else 0.0)
        return 1000 * statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1]

    def line(self, label: str) -> str:
        return (f"{label:<12} {self.requests:>7} requests  {self.rate:8.1f} req/s  "
                f"p50 {self.percentile(50):7.1f} ms  p95 {self.percentile(95):7.1f} ms  "
                f"p99 {self.percentile(99):7.1f} ms  errors {self.errors}")


def run_load(base_url: str, paths: Sequence[str], clients: int, seconds: float,
             timeout: float = 10.0) -> LoadResult:
    """`clients` threads request `paths` in turn against `base_url` for `seconds`; stops by
    itself (each request is bounded by `timeout` seconds)."""
    if not base_url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError(f"load runs only against this machine, not {base_url}")
    result = LoadResult(answered=[0] * clients)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        with httpx.Client(base_url=base_url, timeout=timeout) as http:
            while time.monotonic() < deadline:
                path = paths[n % len(paths)]
                n += 1
                started = time.perf_counter()
                try:
                    status = http.get(path).status_code
                    problem = None if status == 200 else f"{path}: HTTP {status}"
                except httpx.HTTPError as exc:
                    problem = f"{path}: {type(exc).__name__}"
                took = time.perf_counter() - started
                with lock:
                    result.requests += 1
                    result.latencies.append(took)
                    result.answered[offset] += problem is None
                    if problem:
                        result.errors += 1
                        if len(result.samples) < 5:
                            result.samples.append(problem)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 5)
    result.seconds = time.monotonic() - started
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    stopped_in: float | None = None  # seconds from SIGTERM to exit, once stopped


@contextmanager
def serving(db: Path, *extra: str, start_timeout: float = 60.0) -> Iterator[Server]:
    """`bilat serve` on 127.0.0.1 and a free port, in its own process; on leaving, SIGTERM and
    up to 10 s to exit (then SIGKILL). Raises RuntimeError when it does not start."""
    port = free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [str(BILAT), "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_ready(server, log, start_timeout)
        yield server
    finally:
        begun = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
            server.stopped_in = time.monotonic() - begun
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()


def _wait_ready(server: Server, log, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"bilat serve exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(server.url + "/api/documents?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"bilat serve did not answer within {timeout:g} s")


def sample_database(folder: Path) -> Path:
    """The sample corpus ingested into `folder`/bench.duckdb."""
    db = folder / "bench.duckdb"
    subprocess.run([str(BILAT), "ingest", str(ROOT / "samples" / "corpus"), "--db", str(db)],
                   check=True, stdout=subprocess.DEVNULL)
    return db


def event_path(base_url: str) -> list[str]:
    """One event's page and JSON, when the corpus has events."""
    items = httpx.get(base_url + "/api/events?limit=1", timeout=10).json().get("items", [])
    return [f"/api/events/{items[0]['id']}", f"/events/{items[0]['id']}"] if items else []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--db", type=Path, help="database to serve (default: the sample corpus)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or sample_database(Path(tmp))
        with serving(db) as server:
            paths = [*PATHS, *event_path(server.url)]
            baseline = run_load(server.url, ["/static/style.css"], args.clients, min(args.seconds, 10))
            views = run_load(server.url, paths, args.clients, args.seconds)
        print(f"bilat serve, {args.clients} clients on 127.0.0.1; {len(paths)} views in turn")
        print(baseline.line("static file"))
        print(views.line("views"))
        print(f"ratio of request rates (views / static file): {views.rate / max(baseline.rate, 1e-9):.2f}")
        print(f"stopped {server.stopped_in:.1f} s after SIGTERM" if server.stopped_in is not None
              else "did NOT stop within 10 s of SIGTERM")
        for sample in views.samples + baseline.samples:
            print(f"  error: {sample}")
    ok = views.errors == 0 and baseline.errors == 0 and server.stopped_in is not None
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
