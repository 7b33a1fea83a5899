"""A random corpus of hand-built mentions, stored and fused as ingest would (no spaCy): for
the tests that compare stored events with batch fusion and SQL filters with Python ones."""
from __future__ import annotations

import random

from bilat.analysis.assign import fusing
from bilat.model import Document, EventMention, ProcessedDocument
from bilat.store import Store

WORDS = ("strike aid talks sanctions border drone trade visit minister army loan deal nuclear "
         "missile China India Afghanistan security investment IMF").split()
CATEGORIES = ("ASSAULT", "AID", "CONSULT", "SANCTION", "ACCUSE", "AGREE")
ACTORS = ("USA", "PAK", "IND", "USA.GOV", None)
DATES = (("2011-05-02", "day"), ("2011-05", "month"), ("2011", "year"), ("2012-11-30", "day"),
         ("1990", "decade"), ("2012-02", "month"), (None, None))


def random_corpus(store: Store, docs: int = 25, seed: int = 3) -> None:
    rng = random.Random(seed)
    for d in range(docs):
        doc_id = f"d{d:02d}"
        mentions, start = [], 0
        for n in range(rng.randint(1, 7)):
            date, prec = rng.choice(DATES)
            quote = " ".join(rng.choice(WORDS) for _ in range(9)).capitalize() + "."
            themes = rng.choice([[], [], ["security"], ["trade", "economic aid"]])
            mentions.append(EventMention(
                doc_id, quote, start, start + len(quote), rng.choice(CATEGORIES), rng.choice(ACTORS),
                rng.choice(ACTORS), date, prec, id=f"{doc_id}:m{n}", doc=f"{doc_id}.txt", themes=themes,
                modality=rng.choice(["occurred", "occurred", "planned", "negated"]),
                confidence=rng.random()))
            start += len(quote) + 1
        doc = Document(id=doc_id, source=f"/c/{doc_id}.txt", text="x", content_hash=f"h{d}",
                       publisher=rng.choice(["Ledger", "Forum", None]), published="2013")
        store.add_processed(ProcessedDocument(doc, mentions=mentions), then=fusing(store))
