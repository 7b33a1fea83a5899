"""Embedded storage: the only package that speaks SQL."""
from bilat.store.db import Store

__all__ = ["Store"]
