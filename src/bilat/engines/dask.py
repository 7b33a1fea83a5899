"""Run the per-document pipeline on Dask distributed.

Each worker process loads the spaCy pipeline once (it is cached per process) and handles whole
batches, so the model is not shipped with every task. With no scheduler address a LocalCluster
bound to 127.0.0.1 is started for the run and closed after it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from bilat.config import Settings
from bilat.engines.local import process_batch
from bilat.model import Document, ProcessedDocument

log = logging.getLogger(__name__)


class DaskEngine:
    def __init__(self, settings: Settings):
        from dask.distributed import Client, LocalCluster

        self.settings = settings
        self.cluster = None
        if settings.scheduler:
            self.client = Client(settings.scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=settings.workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                processes=True,
            )
            self.client = Client(self.cluster)
        log.info("dask engine on %s", self.client.scheduler.address)

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        size = max(1, self.settings.batch_size // 2)
        docs = list(docs)
        batches = [docs[i : i + size] for i in range(0, len(docs), size)]
        futures = [self.client.submit(_run_batch, b, self.settings, pure=False) for b in batches]
        for batch, future in zip(batches, futures):
            try:
                yield from zip(batch, future.result())
            except Exception as exc:  # noqa: BLE001 - a worker died: every document of it failed
                yield from ((doc, exc) for doc in batch)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _run_batch(batch: list[Document], settings: Settings) -> list[ProcessedDocument | Exception]:
    try:
        return process_batch(batch, settings)
    except Exception as exc:  # noqa: BLE001
        return [exc]
