"""Where the per-document pipeline runs: in this process, or on a Dask cluster.

An engine maps `process_documents` over documents and yields, in input order, each document
with its `ProcessedDocument` or the exception it raised, so that one bad document never stops a
batch.
"""
from __future__ import annotations

from bilat.config import Settings
from bilat.engines.local import LocalEngine
from bilat.errors import UsageError

ENGINES = ("local", "dask")


def get_engine(settings: Settings):
    if settings.engine == "local":
        return LocalEngine(settings)
    if settings.engine == "dask":
        from bilat.engines.dask import DaskEngine

        return DaskEngine(settings)
    raise UsageError(f"unknown engine {settings.engine!r} (choose from {', '.join(ENGINES)})")


__all__ = ["ENGINES", "LocalEngine", "get_engine"]
