"""The local engine's worker processes: a worker that dies loses only its own batch."""
from __future__ import annotations

import os

import pytest

from bilat.config import Settings
from bilat.engines.local import LocalEngine, _safe_batch
from bilat.model import Document, ProcessedDocument


def crash_on_marker(batch: list[Document], settings: Settings) -> list:
    """A batch function for the workers that kills its process, as an out-of-memory kill or a
    crash in a compiled library would, when a document asks for it."""
    if any("WORKER-CRASH" in d.text for d in batch):
        os._exit(1)
    return _safe_batch(batch, settings)


@pytest.mark.slow
def test_local_a_dead_worker_costs_only_its_batch():
    texts = [f"Peru and Chile signed a water treaty in {2000 + n}." for n in range(9)]
    texts[2] = "WORKER-CRASH " + texts[2]
    docs = [Document(id=f"d{n}", source=f"d{n}.txt", text=t) for n, t in enumerate(texts)]
    engine = LocalEngine(Settings(workers=2, batch_size=1), work=crash_on_marker)
    try:
        results = list(engine.run(docs))
    finally:
        engine.close()
    assert [d.id for d, _ in results] == [d.id for d in docs]  # input order kept
    failed = [d.id for d, r in results if not isinstance(r, ProcessedDocument)]
    assert failed == ["d2"], results
    assert "worker failed" in str(results[2][1])
    # the batches that were in flight when the worker died were run again, not lost
    assert all(r.mentions for d, r in results if d.id != "d2")
