"""Which corpus a request reads, and how a running server sees newly ingested documents.

DuckDB lets one process write a database file or several read it, never both at once. A server
that kept the file open would lock `bilat ingest` out for its whole life, so `bilat serve`
reads a *snapshot*: a copy of the database taken while a read-only connection briefly holds
the file, opened from a private temporary folder. When the file changes (an ingest wrote to
it), the next request starts a new snapshot in the background; requests go on reading the
old one until the new one is ready and its fused events are built, then switch over. An old
snapshot is closed and deleted when the last request that leased it finishes.

    holder = SnapshotHolder(Path("bilat.duckdb"), settings)
    corpus = holder.acquire()          # never blocks on the database file
    try:
        corpus.events()
    finally:
        holder.release(corpus)
"""
from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from bilat.config import Settings
from bilat.corpus import Corpus
from bilat.errors import StoreError
from bilat.store import Store, file_version, snapshot

log = logging.getLogger(__name__)

# how often (seconds) a request may look whether the database file changed
POLL_SECONDS = 1.0
# how long (seconds) a background refresh waits for an ingest to let go of the file
REFRESH_WAIT = 10.0
# longest pause (seconds) between a snapshot and the next look at the file
MAX_PAUSE = 5.0


_PREFIX = "bilat-serve-"


def _remove_orphans() -> None:
    """Delete snapshot folders left by servers that were killed (their pid is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


class Holder(Protocol):
    def acquire(self) -> Any: ...
    def release(self, corpus: Any) -> None: ...
    def close(self) -> None: ...


class FixedHolder:
    """Serves one open Corpus (or whatever a factory makes, opened on first use) as it is."""

    def __init__(self, source: Any):
        self._source = source
        self._corpus: Any = None
        self._lock = threading.Lock()

    def acquire(self) -> Any:
        if self._corpus is None:
            with self._lock:
                if self._corpus is None:
                    made = callable(self._source) and not hasattr(self._source, "events")
                    self._corpus = self._source() if made else self._source
        return self._corpus

    def release(self, corpus: Any) -> None:
        """Nothing to do: the corpus stays open for the app's life."""

    def close(self) -> None:
        # only close what we opened ourselves
        if self._corpus is not None and self._corpus is not self._source:
            self._corpus.close()
        self._corpus = None


class _Snapshot:
    def __init__(self, corpus: Corpus, path: Path, version: tuple[int, ...]):
        self.corpus = corpus
        self.path = path
        self.version = version
        self.leases = 0
        self.retired = False


class SnapshotHolder:
    """Serves the database at `db_path` from snapshots, refreshed when the file changes.

    `acquire()` returns the current snapshot's Corpus (read-only) and counts the lease;
    `release()` gives it back. Raises StoreError at construction when the database cannot be
    read (missing, not bilat's, locked for longer than `settings.wait`).
    """

    def __init__(self, db_path: Path | str, settings: Settings | None = None,
                 poll_seconds: float = POLL_SECONDS):
        self.db_path = Path(db_path)
        self.settings = settings or Settings()
        self.poll_seconds = poll_seconds
        if not self.db_path.exists():
            raise StoreError(f"{self.db_path}: no such database (run 'bilat ingest' first)")
        _remove_orphans()
        self._dir = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._refreshing = False
        self._retired: list[_Snapshot] = []
        self._next_check = time.monotonic() + poll_seconds
        try:
            self._current = self._take(self.settings.wait, first=True)
        except BaseException:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise

    def _take(self, wait: float, first: bool = False) -> _Snapshot:
        """Copy the database, open the copy and sort its events before anyone reads it; a
        refresh also builds the phases (the old snapshot serves meanwhile), the first snapshot
        leaves them to the first page that shows them, so the server listens sooner."""
        path = self._dir / f"snapshot-{next(self._names)}.duckdb"
        version = snapshot(self.db_path, path, wait=wait)
        # the copy is ours: a database of an older schema is upgraded here, not refused
        Store(path).close()
        # the search index stays beside the database: its stamp says which documents it covers,
        # so every snapshot (and `bilat search`) loads the same one instead of building its own
        search = self.db_path.with_name(self.db_path.name + ".search")
        corpus = Corpus(settings=replace(self.settings, db_path=path, search_dir=search), read_only=True)
        corpus.event_page(1)  # every event in date order: any page of /api/events is then a slice
        corpus.index("month")  # the dyad's events and its index per month and year: the charts
        corpus.index("year")
        if not first:
            corpus.phases()  # yearly index and phases: what the overview shows
        log.info("serving a snapshot of %s (%s)", self.db_path, path.name)
        return _Snapshot(corpus, path, version)

    def acquire(self) -> Corpus:
        with self._lock:
            current = self._current
            current.leases += 1
            due = time.monotonic() >= self._next_check
            if due:
                self._next_check = time.monotonic() + self.poll_seconds
        if due and not self._refreshing and file_version(self.db_path) != current.version:
            self._start_refresh()
        return current.corpus

    def release(self, corpus: Corpus) -> None:
        with self._lock:
            snap = self._find(corpus)
            if snap is None:
                return
            snap.leases -= 1
            done = snap.retired and snap.leases == 0
        if done:
            self._discard(snap)

    def _find(self, corpus: Corpus) -> _Snapshot | None:
        if self._current.corpus is corpus:
            return self._current
        return next((s for s in self._retired if s.corpus is corpus), None)

    def _start_refresh(self) -> None:
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True
        threading.Thread(target=self._refresh, name="bilat-snapshot", daemon=True).start()

    def _refresh(self) -> None:
        started = time.monotonic()
        try:
            fresh = self._take(REFRESH_WAIT)
        except Exception as exc:  # noqa: BLE001 - keep serving the old snapshot; retry at next poll
            log.warning("could not refresh the snapshot of %s: %s", self.db_path, exc)
            with self._lock:
                self._refreshing = False
            return
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            self._retired = [*self._retired, old]
            idle = old.leases == 0
            self._refreshing = False
            # a large database takes long to copy and read: while documents stream in, spend
            # at most a fifth of the time on snapshots, but never wait more than MAX_PAUSE
            took = time.monotonic() - started
            self._next_check = max(self._next_check, time.monotonic() + min(4 * took, MAX_PAUSE))
        if idle:
            self._discard(old)

    def _discard(self, snap: _Snapshot) -> None:
        with self._lock:
            self._retired = [s for s in self._retired if s is not snap]
        snap.corpus.close()
        for path in (snap.path, snap.path.with_name(snap.path.name + ".wal")):
            path.unlink(missing_ok=True)
        shutil.rmtree(snap.path.with_name(snap.path.name + ".search"), ignore_errors=True)  # its search index

    def refresh_now(self) -> None:
        """Take a new snapshot now, in this thread, unless a refresh is under way."""
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True
        self._refresh()

    def close(self) -> None:
        """Close every snapshot and delete the temporary folder."""
        with self._lock:
            snaps = [self._current, *self._retired]
            self._retired = []
        for snap in snaps:
            snap.corpus.close()
        shutil.rmtree(self._dir, ignore_errors=True)
