"""Run the per-document pipeline on this machine, in batches through spaCy's `nlp.pipe`.

With one worker (the default) every batch runs in this process. With `workers=N > 1`, N
processes (spawned, each loading the spaCy pipeline and vocabularies once) parse and extract
batches in parallel while this process goes on reading the next documents and storing the
finished ones: results come back in input order, and batches are cut exactly as with one
process, so what is stored is the same. At most `2 x N` batches are in flight, so memory stays
bounded whatever the number of documents. Workers run at a lower priority (nice 10) than the
process that stores and fuses, which is the serial part. A worker that dies (out of memory, a
crash in a compiled library) breaks the pool: a new one is started, the batches that were in
flight are sent again, and a batch that breaks a pool twice fails, one line per document.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from bilat.config import Settings
from bilat.model import Document, ProcessedDocument

log = logging.getLogger(__name__)

Outcome = Future | Exception | list  # a batch in flight (or lost to a dead worker), or its results
WORKER_NICENESS = 10  # workers yield to the process that stores and fuses (see _warm_up)


def process_batch(docs: list[Document], settings: Settings) -> list[ProcessedDocument | Exception]:
    """Process documents together; if the batch fails, retry one by one to isolate the culprit."""
    from bilat.nlp.process import process_documents

    try:
        return list(process_documents(docs, settings))
    except Exception:  # noqa: BLE001 - isolate below, each failure is reported per document
        if len(docs) == 1:
            raise
    results: list[ProcessedDocument | Exception] = []
    for doc in docs:
        try:
            results.extend(process_documents([doc], settings))
        except Exception as exc:  # noqa: BLE001 - reported to the caller with the document
            log.debug("processing %s failed", doc.source, exc_info=True)
            results.append(exc)
    return results


class LocalEngine:
    """Batches of `settings.batch_size` documents, processed here (`workers` 1 or unset) or in
    `settings.workers` processes; `run` yields (document, result or exception) in input order."""

    def __init__(self, settings: Settings, work: Callable[..., list[ProcessedDocument | Exception]] | None = None):
        """`work(batch, settings)` processes a batch in a worker (default: the pipeline); it must
        be a module-level function, as spawned workers import it by name."""
        self.settings = settings
        self.workers = max(1, settings.workers or 1)
        self.work = work or _safe_batch
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False  # a worker died and took the pool with it

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        if self.workers > 1:
            yield from self._run_parallel(docs)
            return
        for batch in batched(docs, self.settings.batch_size):
            yield from zip(batch, self.work(batch, self.settings))

    def _run_parallel(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        if self._pool is None:
            self._start_pool()
        window = 2 * self.workers
        in_flight: deque[tuple[list[Document], Outcome]] = deque()
        for batch in batched(docs, self.settings.batch_size):
            in_flight.append((batch, self._submit(batch)))
            # the oldest batch is stored while the others are being parsed
            while len(in_flight) >= window:
                yield from self._collect(in_flight)
        while in_flight:
            yield from self._collect(in_flight)

    def _start_pool(self) -> None:
        """A new pool of workers (the old one, if any, let go)."""
        import multiprocessing

        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._broken = False
        # spawn, not fork: this process holds a DuckDB connection and its threads
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_warm_up, initargs=(self.settings,))

    def _collect(self, in_flight: deque[tuple[list[Document], Outcome]]
                 ) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        """The oldest batch's documents with their results. A broken pool lost every batch in
        flight, not only the one whose worker died: each is run again alone on a new pool, so
        the one that breaks it again is known, and only that one fails."""
        batch, outcome = in_flight.popleft()
        if _broke_pool(outcome):
            log.warning("a worker died with %d documents in flight: running their batches again one by one",
                        len(batch) + sum(len(b) for b, _ in in_flight))
            self._broken = True
            lost = [(batch, outcome), *in_flight]
            in_flight.clear()
            broken = [_broke_pool(o) for _, o in lost]  # before any new pool cancels what is pending
            in_flight.extend((b, self._alone(b) if gone else o) for (b, o), gone in zip(lost, broken))
            if self._broken:  # the last one run again was the cause: new workers for the rest
                self._start_pool()
            batch, outcome = in_flight.popleft()
        yield from _results(batch, outcome)

    def _alone(self, batch: list[Document]) -> Outcome:
        """The batch run with nothing else in flight, on a new pool when the last one broke:
        its results, or the exception of the worker it killed."""
        if self._broken:
            self._start_pool()
        outcome = self._submit(batch)
        if isinstance(outcome, Future):
            try:
                return outcome.result()
            except Exception as exc:  # noqa: BLE001 - this batch kills its worker: it fails alone
                self._broken = isinstance(exc, BrokenProcessPool)
                return exc
        return outcome

    def _submit(self, batch: list[Document]) -> Future | Exception:
        assert self._pool is not None
        try:
            return self._pool.submit(self.work, batch, self.settings)
        except Exception as exc:  # noqa: BLE001 - a worker died and broke the pool: the batch fails
            return exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of `size` items (the last may be shorter), read lazily."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _broke_pool(outcome: Outcome) -> bool:
    """Whether a batch was lost to a broken pool (waits for the batch to finish)."""
    if isinstance(outcome, Future):
        return outcome.cancelled() or isinstance(outcome.exception(), BrokenProcessPool)
    return isinstance(outcome, BrokenProcessPool)


def _results(batch: list[Document], outcome: Outcome) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
    """The batch's documents with their results, or each with the error that lost the batch."""
    if isinstance(outcome, list):
        results = outcome
    elif isinstance(outcome, Future):
        try:
            results = outcome.result()
        except Exception as exc:  # noqa: BLE001 - a worker died (or a result would not pickle)
            results = [RuntimeError(f"worker failed ({type(exc).__name__}: {exc})")] * len(batch)
    else:
        results = [RuntimeError(f"worker failed ({type(outcome).__name__}: {outcome})")] * len(batch)
    yield from zip(batch, results)


def _warm_up(settings: Settings) -> None:
    """In a worker, once: step back in priority, then load the pipeline, vocabularies and
    scorer before the first batch."""
    import os

    from bilat.nlp.process import process_documents

    # the storing process is the serial part: on a machine with as many cores as workers, an
    # even share would let the workers slow it down; at lower priority they use what it leaves
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)

    warm = Document(id="warm-up", source="warm-up", text="Pakistan and India signed a trade agreement in 2004.")
    list(process_documents([warm], settings))


def _safe_batch(batch: list[Document], settings: Settings) -> list[ProcessedDocument | Exception]:
    try:
        return process_batch(batch, settings)
    except Exception as exc:  # noqa: BLE001 - a one-document batch failed: report it
        return [exc]
