"""Embedded storage: the only package that speaks SQL."""
from bilat.store.db import Store, connect, file_version, snapshot

__all__ = ["Store", "connect", "file_version", "snapshot"]
