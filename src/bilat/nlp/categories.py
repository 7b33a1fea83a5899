"""The PLOVER event categories, read from the data (`weights` in data/plover.yaml lists the 16
in the order of the PLOVER manual, cooperative first), never repeated in code.

`from bilat.nlp.categories import CATEGORIES` still works: the tuple is built on first use.
"""
from __future__ import annotations

from functools import lru_cache

from bilat import vocab


@lru_cache(maxsize=1)
def categories() -> tuple[str, ...]:
    """The PLOVER categories, upper case, in the manual's order (source: data/plover.yaml)."""
    return tuple(str(name).upper() for name in vocab.load("plover")["weights"])


def __getattr__(name: str) -> tuple[str, ...]:
    # a module constant built lazily (PEP 562), so importing this module reads no file
    if name == "CATEGORIES":
        return categories()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
