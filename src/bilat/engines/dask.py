"""Run ingest on Dask distributed: workers load, extract and write; the client only decides.

The client sends each worker a batch of document *references* (paths and URLs, never texts)
with the settings and the contents of the user's vocabulary files (a path on the client means
nothing on a remote worker). The worker reads and cleans each document itself, extracts with
the spaCy pipeline it loaded once (cached per worker process), takes each document's MinHash
signature and writes the batch as a Parquet partition into the shared folder
(`bilat.store.partitions`, through the `write` function the caller passes in). It returns only
the partition's path and the inputs that failed.

At most `2 x workers` batches are in flight; partitions come back in input order, so the caller
can de-duplicate (content hash, MinHash) and load each in one transaction exactly as the local
engine's results would be stored. With no scheduler address a LocalCluster bound to 127.0.0.1
runs for the call; with `--scheduler tcp://HOST:PORT` any cluster whose workers see the shared
folder and have bilat installed will do.
"""
from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bilat.config import Settings
from bilat.engines.local import batched, process_batch
from bilat.errors import BilatError, printable
from bilat.model import Document, ProcessedDocument

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2  # LocalCluster workers when --workers is not given

# write(processed documents, {doc id: MinHash bytes}, folder) -> folder
PartitionWriter = Callable[[list[ProcessedDocument], dict[str, bytes], Path], str]


@dataclass
class Partition:
    """What a worker sends back for one batch: its input references, the folder of its
    Parquet partition, and (input, message) for each input that could not be read or extracted."""

    sources: list[str]
    path: str | None
    failures: list[tuple[str, str]]


class DaskEngine:
    def __init__(self, settings: Settings):
        from dask.distributed import Client, LocalCluster

        self.settings = settings
        self.cluster = None
        if settings.scheduler:
            self.client = Client(settings.scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=settings.workers or DEFAULT_WORKERS,
                threads_per_worker=1,
                host="127.0.0.1",
                # no dashboard, but the scheduler's health endpoints still listen: on this
                # machine and a free port, never on a fixed one another cluster may hold
                dashboard_address="127.0.0.1:0",
                scheduler_kwargs={"dashboard": False},
                processes=True,
            )
            self.client = Client(self.cluster)
        log.info("dask engine on %s", self.client.scheduler.address)

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def run_sources(self, sources: Iterable[str], shared: Path, write: PartitionWriter) -> Iterator[Partition]:
        """Partitions of `sources`, in input order, written under `shared` (a folder every
        worker can write and this process read) by `write`. Each worker gets batches of
        `batch_size / 2` references; at most two batches per worker are in flight."""
        from dask.distributed import as_completed

        size = max(1, self.settings.batch_size // 2)
        vocab = {Path(p).name: Path(p).read_text(encoding="utf-8") for p in self.settings.vocab_files}
        settings = replace(self.settings, vocab_files=[])
        window = 2 * self._workers()
        pending: dict[int, object] = {}
        done: dict[int, Partition] = {}
        batches = batched(sources, size)
        next_out = submitted = 0
        exhausted = False
        completions = as_completed()
        while True:
            while not exhausted and submitted - next_out < window:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                folder = str(Path(shared) / f"part-{submitted:06d}")
                future = self.client.submit(_load_and_extract, batch, settings, vocab, folder, write, pure=False)
                future.batch = (submitted, batch)  # type: ignore[attr-defined]
                pending[submitted] = future
                completions.add(future)
                submitted += 1
            if next_out == submitted:
                return
            while next_out not in done:
                future = next(completions)
                n, batch = future.batch  # type: ignore[attr-defined]
                done[n] = _outcome(future, batch)
                pending.pop(n, None)
            yield done.pop(next_out)
            next_out += 1

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        """Documents already loaded in this process (bilat.extract): texts go to the workers."""
        size = max(1, self.settings.batch_size // 2)
        for batch in batched(docs, size):
            future = self.client.submit(_run_batch, batch, self.settings, pure=False)
            try:
                yield from zip(batch, future.result())
            except Exception as exc:  # noqa: BLE001 - a worker died: every document of it failed
                yield from ((doc, exc) for doc in batch)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _outcome(future, batch: list[str]) -> Partition:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker died: every input of its batch failed
        reason = f"worker failed ({type(exc).__name__}: {exc})"
        return Partition(batch, None, [(s, printable(f"{s}: {reason}")) for s in batch])


def _load_and_extract(
    sources: list[str], settings: Settings, vocab: dict[str, str], folder: str, write: PartitionWriter
) -> Partition:
    """On a worker: read, clean and extract each input, write the batch's partition."""
    from bilat.ingest import load_document
    from bilat.ingest.identity import minhash, signature_bytes

    with tempfile.TemporaryDirectory(prefix="bilat-vocab-") as tmp:
        files = []
        for name, text in vocab.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
            files.append(Path(tmp) / name)
        settings = replace(settings, vocab_files=files)
        docs, failures = [], []
        for source in sources:
            try:
                docs.append(load_document(source, settings))
            except BilatError as exc:
                failures.append((source, str(exc)))
        try:
            outcomes = process_batch(docs, settings) if docs else []
        except Exception as exc:  # noqa: BLE001 - a one-document batch failed: report it
            outcomes = [exc] * len(docs)
        processed = []
        for doc, outcome in zip(docs, outcomes):
            if isinstance(outcome, Exception):
                reason = f"{doc.source}: extraction failed ({type(outcome).__name__}: {outcome})"
                failures.append((doc.source, printable(reason)))
            else:
                processed.append(outcome)
    signatures = {p.document.id: signature_bytes(minhash(p.document.text)) for p in processed}
    return Partition(sources, write(processed, signatures, Path(folder)), failures)


def _run_batch(batch: list[Document], settings: Settings) -> list[ProcessedDocument | Exception]:
    try:
        return process_batch(batch, settings)
    except Exception as exc:  # noqa: BLE001
        return [exc]
