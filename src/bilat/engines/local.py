"""Run the per-document pipeline on this machine, in batches through spaCy's `nlp.pipe`.

With one worker (the default) every batch runs in this process. With `workers=N > 1`, N
processes (spawned, each loading the spaCy pipeline and vocabularies once) parse and extract
batches in parallel while this process goes on reading the next documents and storing the
finished ones: results come back in input order, and batches are cut exactly as with one
process, so what is stored is the same. At most `2 x N` batches are in flight, so memory stays
bounded whatever the number of documents. Workers run at a lower priority (nice 10) than the
process that stores and fuses, which is the serial part.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from bilat.config import Settings
from bilat.model import Document, ProcessedDocument

log = logging.getLogger(__name__)

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

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workers = max(1, settings.workers or 1)
        self._pool: ProcessPoolExecutor | None = None

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        if self.workers > 1:
            yield from self._run_parallel(docs)
            return
        for batch in batched(docs, self.settings.batch_size):
            yield from zip(batch, _safe_batch(batch, self.settings))

    def _run_parallel(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        import multiprocessing

        if self._pool is None:
            # spawn, not fork: this process holds a DuckDB connection and its threads
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm_up, initargs=(self.settings,))
        window = 2 * self.workers
        in_flight: deque[tuple[list[Document], Future | Exception]] = deque()
        for batch in batched(docs, self.settings.batch_size):
            in_flight.append((batch, self._submit(batch)))
            # the oldest batch is stored while the others are being parsed
            while len(in_flight) >= window:
                yield from _collect(*in_flight.popleft())
        while in_flight:
            yield from _collect(*in_flight.popleft())

    def _submit(self, batch: list[Document]) -> Future | Exception:
        assert self._pool is not None
        try:
            return self._pool.submit(_safe_batch, batch, self.settings)
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


def _collect(batch: list[Document], outcome: Future | Exception
             ) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
    """The batch's documents with their results, or each with the error that lost the batch."""
    if isinstance(outcome, Future):
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
