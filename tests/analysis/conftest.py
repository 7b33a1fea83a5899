"""Hand-built events shared by the analysis tests."""
from __future__ import annotations

import pytest

from bilat.model import Citation, Event


def make_event(n: int, category: str, date: str | None, precision: str | None = None, src: str | None = "USA",
               tgt: str | None = "PAK", modality: str = "occurred", quote: str = "", docs: int = 1,
               intensity: float = 0.0, themes: list[str] | None = None) -> Event:
    if precision is None and date:
        precision = {4: "year", 7: "month", 10: "day"}[len(date)]
    quote = quote or f"Event number {n} of category {category}."
    cites = [Citation(mention_id=f"d{k}:m{n}", doc_id=f"d{k}", doc=f"d{k}.txt", source=f"/x/d{k}.txt",
                      quote=quote, start=0, end=len(quote), publisher=f"P{k}") for k in range(docs)]
    return Event(id=f"ev{n}", category=category, source_actor=src, target_actor=tgt, date=date,
                 date_precision=precision, modality=modality, quote=quote, intensity=intensity,
                 themes=themes or [], citations=cites)


@pytest.fixture
def event_factory():
    return make_event
