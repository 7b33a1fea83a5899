"""Run the per-document pipeline in this process, in batches through spaCy's `nlp.pipe`."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from bilat.config import Settings
from bilat.model import Document, ProcessedDocument

log = logging.getLogger(__name__)


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
    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, ProcessedDocument | Exception]]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.settings.batch_size:
                yield from zip(batch, _safe_batch(batch, self.settings))
                batch = []
        if batch:
            yield from zip(batch, _safe_batch(batch, self.settings))

    def close(self) -> None:
        pass


def _safe_batch(batch: list[Document], settings: Settings) -> list[ProcessedDocument | Exception]:
    try:
        return process_batch(batch, settings)
    except Exception as exc:  # noqa: BLE001 - a one-document batch failed: report it
        return [exc]
