"""bilat: a sourced record of the relationship between two countries.

Imports are lazy: `import bilat` loads nothing heavy; `bilat.extract` loads spaCy on first use.
`bilat.Settings` is the settings object `bilat.corpus.Corpus` takes (bilat.config).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bilat.config import Settings  # a dataclass over os and pathlib: cheap at import

if TYPE_CHECKING:
    from bilat.model import EventMention

__all__ = ["Settings", "extract"]


def extract(text: str, published: str | None = None) -> list["EventMention"]:
    """Event mentions of one text: category, actors, date, modality, amount, quote."""
    from bilat.nlp.process import extract as _extract

    return _extract(text, published)
