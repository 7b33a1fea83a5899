"""A small hand-written corpus in a real DuckDB store, shared by the serve and report tests.

Every sentence here was written for these tests. Records are built by hand (no spaCy), the
way the pipeline would build them, and stored with `Store.add_processed`.
"""
from __future__ import annotations

import re
from pathlib import Path

from bilat.model import (
    Amount,
    Characterization,
    Document,
    EventMention,
    Figure,
    ProcessedDocument,
    Recommendation,
    Sentence,
)
from bilat.analysis.assign import fusing
from bilat.store import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(2)>"

DOCS = {
    "ledger": dict(
        source="/corpus/ledger-aid.txt", title="Aid flows and frictions", publisher="Daily Ledger",
        published="2012-06-02", text=(
            "Washington pledged $1.5 billion in economic aid to Pakistan in 2009.\n\n"
            "In 2011, the United States suspended $800 million in military aid to Pakistan. "
            "Pakistani officials condemned the suspension in July 2011. "
            "The two governments plan to resume talks in Islamabad in 2012."
        ),
    ),
    "forum": dict(
        source="/corpus/forum-brief.txt", title="Rebuilding the partnership", publisher="Policy Forum",
        published="2012-09-10", text=(
            "Congress approved $7.5 billion in civilian aid to Pakistan in 2009. "
            "Pakistan closed the supply routes in November 2011. "
            "Washington should restore military aid once the routes reopen. "
            "Pakistan should expand trade with its neighbours."
        ),
    ),
    "office": dict(
        source="/corpus/office-statement.txt", title="Statement on cooperation", publisher="Foreign Office",
        published="2002-01-15", text=(
            "The United States lifted sanctions on Pakistan in September 2001. "
            "Pakistan joined the coalition against terrorism in September 2001. "
            "Pakistani troops deployed to the western border in December 2001."
        ),
    ),
    "hostile": dict(
        source="/corpus/hostile.html", title=f"Markup test {XSS_SCRIPT}", publisher="<b>Odd</b> Press",
        published="2005-03-01", text=(
            f"Officials met in Islamabad in 2005 to discuss trade {XSS_SCRIPT} quietly. "
            f"A second note read {XSS_IMG} and nothing else."
        ),
    ),
}

# (doc key, sentence number, category, source, target, date, modality, amount, themes)
MENTIONS = [
    ("ledger", 0, "AID", "USA", "PAK", "2009", "occurred", Amount(1.5e9, "USD", "$1.5 billion"), ["economy"]),
    ("ledger", 1, "SANCTION", "USA", "PAK", "2011", "occurred", Amount(8e8, "USD", "$800 million"), ["security"]),
    ("ledger", 2, "ACCUSE", "PAK", "USA", "2011-07", "occurred", None, []),
    ("ledger", 3, "CONSULT", "USA", "PAK", "2012", "planned", None, ["diplomacy"]),
    ("forum", 0, "AID", "USA", "PAK", "2009", "occurred", Amount(7.5e9, "USD", "$7.5 billion"), ["economy"]),
    ("forum", 1, "COERCE", "PAK", "USA", "2011-11", "occurred", None, ["security"]),
    ("office", 0, "CONCEDE", "USA", "PAK", "2001-09", "occurred", None, ["security"]),
    ("office", 1, "COOPERATE", "PAK", "USA", "2001-09", "occurred", None, ["terrorism"]),
    ("office", 2, "MOBILIZE", "PAK", None, "2001-12", "occurred", None, ["security"]),
    ("hostile", 0, "CONSULT", "USA", "PAK", "2005", "occurred", None, ["trade"]),
]

# (doc key, sentence number, label, period start): statements about the relationship's state
CHARACTERIZATIONS = [
    ("ledger", 2, "estrangement", "2011"),
    ("hostile", 1, "mixed", None),
]

WEIGHTS = {"AID": 10.0, "SANCTION": -6.0, "ACCUSE": -3.0, "CONSULT": 2.5, "COERCE": -7.0,
           "CONCEDE": 4.5, "COOPERATE": 9.5, "MOBILIZE": -5.5}


def split_sentences(doc_id: str, text: str) -> list[Sentence]:
    out = []
    for n, m in enumerate(re.finditer(r"[^\s][^\n]*?[.!?](?=\s|$)", text)):
        out.append(Sentence(doc_id=doc_id, index=n, start=m.start(), end=m.end(), text=m.group(0),
                            paragraph=text.count("\n\n", 0, m.start())))
    return out


def _document(key: str) -> Document:
    spec = DOCS[key]
    return Document(
        id=f"doc-{key}", source=spec["source"], text=spec["text"], title=spec["title"],
        publisher=spec["publisher"], published=spec["published"], published_precision="day",
        words=len(spec["text"].split()), content_hash=f"hash-{key}", kind="text",
    )


def processed_documents() -> list[ProcessedDocument]:
    out = []
    for key in DOCS:
        doc = _document(key)
        sentences = split_sentences(doc.id, doc.text)
        mentions = []
        for n, (dkey, idx, cat, src, tgt, date, modality, amount, themes) in enumerate(
            m for m in MENTIONS if m[0] == key
        ):
            s = sentences[idx]
            precision = {4: "year", 7: "month", 10: "day"}[len(date)]
            mentions.append(EventMention(
                doc_id=doc.id, quote=s.text, start=s.start, end=s.end, category=cat,
                source_actor=src, target_actor=tgt, date=date, date_precision=precision,
                date_text=date, modality=modality, amount=amount, intensity=WEIGHTS[cat],
                themes=themes, confidence=0.8, sentence_index=idx, id=f"{doc.id}:m{n}", doc=doc.name,
            ))
        p = ProcessedDocument(doc, sentences, mentions)
        if key in ("ledger", "forum"):
            s = sentences[0]
            value = 1.5e9 if key == "ledger" else 7.5e9
            p.figures.append(Figure(
                doc_id=doc.id, subject="US aid to Pakistan", value=value, unit="USD", quote=s.text,
                start=s.start, end=s.end, period="2009", subject_key="aid usa pak",
                id=f"{doc.id}:f0", doc=doc.name, concept="aid", source_actor="USA", target_actor="PAK",
            ))
        if key == "forum":
            for n, idx, actor, theme in ((0, 2, "USA", "security"), (1, 3, "PAK", "trade")):
                s = sentences[idx]
                p.recommendations.append(Recommendation(
                    doc_id=doc.id, actor=actor, text=s.text.rstrip("."), quote=s.text, start=s.start,
                    end=s.end, theme=theme, id=f"{doc.id}:r{n}", doc=doc.name,
                ))
        for n, (_, idx, label, start) in enumerate(c for c in CHARACTERIZATIONS if c[0] == key):
            s = sentences[idx]
            p.characterizations.append(Characterization(
                doc_id=doc.id, actors=["PAK", "USA"], label=label, quote=s.text, char_start=s.start,
                char_end=s.end, start=start, date_precision="year" if start else None,
                date_basis="explicit" if start else None, cue="condemned", id=f"{doc.id}:c{n}", doc=doc.name,
            ))
        out.append(p)
    return out


def build_store(path: Path) -> Path:
    """Write the hand-made corpus to a new DuckDB file at `path`."""
    with Store(path) as store:
        for p in processed_documents():
            store.add_processed(p, then=fusing(store))
    return path
