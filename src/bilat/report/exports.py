"""Export a corpus as tables other tools can read: CSV, JSON Lines, Parquet, TimelineJS.

Tables: documents, mentions, events, citations (which sources back which event), figures,
recommendations, characterizations. Every format carries the same rows and columns; list columns (themes,
mention ids, disagreements) are JSON arrays inside a CSV cell, JSON arrays in JSON Lines and
LIST columns in Parquet. Parquet is written by DuckDB's relational API from the JSON Lines
file with explicit column types, so DuckDB and pandas read it back with the same types.
"""
from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from bilat.errors import UsageError
from bilat.model import Characterization, Document, Event, EventMention, Figure, Recommendation
from bilat.output import writing

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet", "timelinejs")

# Column name -> DuckDB type, per table; the order is the column order of every file.
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "VARCHAR", "name": "VARCHAR", "source": "VARCHAR", "kind": "VARCHAR",
        "title": "VARCHAR", "author": "VARCHAR", "publisher": "VARCHAR", "published": "VARCHAR",
        "published_precision": "VARCHAR", "language": "VARCHAR", "words": "BIGINT",
        "content_hash": "VARCHAR", "duplicate_of": "VARCHAR", "ingested_at": "VARCHAR",
        "text": "VARCHAR",
    },
    "mentions": {
        "id": "VARCHAR", "doc_id": "VARCHAR", "doc": "VARCHAR", "sentence_index": "BIGINT",
        "quote": "VARCHAR", "start": "BIGINT", "end": "BIGINT", "category": "VARCHAR",
        "source_actor": "VARCHAR", "target_actor": "VARCHAR", "date": "VARCHAR",
        "date_precision": "VARCHAR", "date_text": "VARCHAR", "modality": "VARCHAR",
        "amount_value": "DOUBLE", "amount_unit": "VARCHAR", "amount_text": "VARCHAR",
        "intensity": "DOUBLE", "themes": "VARCHAR[]", "confidence": "DOUBLE", "trigger": "VARCHAR",
        "date_start": "VARCHAR", "date_end": "VARCHAR",
    },
    "events": {
        "id": "VARCHAR", "category": "VARCHAR", "source_actor": "VARCHAR",
        "target_actor": "VARCHAR", "date": "VARCHAR", "date_precision": "VARCHAR",
        "date_start": "VARCHAR", "date_end": "VARCHAR",
        "modality": "VARCHAR", "quote": "VARCHAR", "intensity": "DOUBLE", "themes": "VARCHAR[]",
        "amount_value": "DOUBLE", "amount_unit": "VARCHAR", "amount_text": "VARCHAR",
        "sources": "BIGINT", "mention_ids": "VARCHAR[]", "disagreements": "VARCHAR[]",
    },
    "citations": {
        "event_id": "VARCHAR", "mention_id": "VARCHAR", "doc_id": "VARCHAR", "doc": "VARCHAR",
        "source": "VARCHAR", "publisher": "VARCHAR", "published": "VARCHAR", "quote": "VARCHAR",
        "start": "BIGINT", "end": "BIGINT", "modality": "VARCHAR",
    },
    "figures": {
        "id": "VARCHAR", "doc_id": "VARCHAR", "doc": "VARCHAR", "subject": "VARCHAR",
        "subject_key": "VARCHAR", "value": "DOUBLE", "unit": "VARCHAR", "period": "VARCHAR",
        "qualifier": "VARCHAR", "quote": "VARCHAR", "start": "BIGINT", "end": "BIGINT",
        "concept": "VARCHAR", "source_actor": "VARCHAR", "target_actor": "VARCHAR",
    },
    "recommendations": {
        "id": "VARCHAR", "doc_id": "VARCHAR", "doc": "VARCHAR", "actor": "VARCHAR",
        "text": "VARCHAR", "theme": "VARCHAR", "quote": "VARCHAR", "start": "BIGINT", "end": "BIGINT",
        "recommender": "VARCHAR",
    },
    "characterizations": {
        "id": "VARCHAR", "doc_id": "VARCHAR", "doc": "VARCHAR", "actor_a": "VARCHAR", "actor_b": "VARCHAR",
        "label": "VARCHAR", "start": "VARCHAR", "end": "VARCHAR", "date_precision": "VARCHAR",
        "date_text": "VARCHAR", "quote": "VARCHAR", "char_start": "BIGINT", "char_end": "BIGINT",
        "cue": "VARCHAR",
    },
}


class ExportSource(Protocol):
    """What export needs from a Corpus."""

    def documents(self, with_text: bool = ...) -> list[Document]: ...
    def mentions(self) -> list[EventMention]: ...
    def events(self) -> list[Event]: ...
    def figures(self) -> list[Figure]: ...
    def recommendations(self) -> list[Recommendation]: ...
    def characterizations(self) -> list[Characterization]: ...


def _amount(obj: EventMention | Event) -> dict[str, Any]:
    a = obj.amount
    return {
        "amount_value": a.value if a else None,
        "amount_unit": a.unit if a else None,
        "amount_text": a.text if a else None,
    }


def document_rows(docs: Iterable[Document]) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id, "name": d.name, "source": d.source, "kind": d.kind, "title": d.title,
            "author": d.author, "publisher": d.publisher, "published": d.published,
            "published_precision": d.published_precision, "language": d.language,
            "words": d.words, "content_hash": d.content_hash, "duplicate_of": d.duplicate_of,
            "ingested_at": str(d.ingested_at) if d.ingested_at is not None else None,
            "text": d.text,
        }
        for d in docs
    ]


def mention_rows(mentions: Iterable[EventMention]) -> list[dict[str, Any]]:
    rows = []
    for m in mentions:
        row = {k: getattr(m, k) for k in SCHEMAS["mentions"] if not k.startswith("amount_")}
        row.update(_amount(m))
        row["themes"] = list(m.themes)
        rows.append({k: row[k] for k in SCHEMAS["mentions"]})
    return rows


def event_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    rows = []
    for e in events:
        row: dict[str, Any] = {
            "id": e.id, "category": e.category, "source_actor": e.source_actor,
            "target_actor": e.target_actor, "date": e.date, "date_precision": e.date_precision,
            "date_start": e.date_start, "date_end": e.date_end, "modality": e.modality, "quote": e.quote, "intensity": e.intensity,
            "themes": list(e.themes), **_amount(e),
            "sources": len({c.doc_id for c in e.citations}),
            "mention_ids": [c.mention_id for c in e.citations],
            "disagreements": list(e.disagreements),
        }
        rows.append(row)
    return rows


def citation_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    return [
        {"event_id": e.id, **{k: getattr(c, k) for k in list(SCHEMAS["citations"])[1:]}}
        for e in events
        for c in e.citations
    ]


def figure_rows(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    return [{k: getattr(f, k) for k in SCHEMAS["figures"]} for f in figures]


def recommendation_rows(recs: Iterable[Recommendation]) -> list[dict[str, Any]]:
    return [{k: getattr(r, k) for k in SCHEMAS["recommendations"]} for r in recs]


def characterization_rows(items: Iterable[Characterization]) -> list[dict[str, Any]]:
    rows = []
    for c in items:
        a, b = (list(c.actors) + [None, None])[:2]
        row = {k: getattr(c, k, None) for k in SCHEMAS["characterizations"]}
        rows.append({**row, "actor_a": a, "actor_b": b})
    return rows


def tables(corpus: ExportSource) -> dict[str, list[dict[str, Any]]]:
    """Every exported table as rows (dicts in schema column order)."""
    events = corpus.events()
    return {
        "documents": document_rows(corpus.documents(with_text=True)),
        "mentions": mention_rows(corpus.mentions()),
        "events": event_rows(events),
        "citations": citation_rows(events),
        "figures": figure_rows(corpus.figures()),
        "recommendations": recommendation_rows(corpus.recommendations()),
        "characterizations": characterization_rows(corpus.characterizations()),
    }


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def write_csv(rows: list[dict[str, Any]], columns: Iterable[str], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_parquet(rows: list[dict[str, Any]], schema: dict[str, str], path: Path) -> None:
    import duckdb

    staging = path.with_suffix(".staging.jsonl")
    write_jsonl(rows, staging)
    try:
        con = duckdb.connect()
        try:
            rel = con.read_json(str(staging), format="newline_delimited", columns=schema)
            rel.write_parquet(str(path))
        finally:
            con.close()
    finally:
        staging.unlink(missing_ok=True)


def read_csv_rows(path: Path, table: str) -> list[dict[str, Any]]:
    """Read an exported CSV back with the table's types (empty cell -> None)."""
    schema = SCHEMAS[table]
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for raw in csv.DictReader(fh):
            row: dict[str, Any] = {}
            for name, kind in schema.items():
                cell = raw[name]
                if kind.endswith("[]"):
                    row[name] = json.loads(cell) if cell else []
                elif cell == "":
                    row[name] = None
                elif kind == "BIGINT":
                    row[name] = int(cell)
                elif kind == "DOUBLE":
                    row[name] = float(cell)
                else:
                    row[name] = cell
            out.append(row)
    return out


def export(corpus: ExportSource, fmt: str, out_dir: Path,
           progress: Callable[[str, int], None] | None = None) -> list[Path]:
    """Write the corpus's tables to `out_dir` in `fmt`; returns the files written.
    `progress(table, n_tables)` is called before each table is written (a progress bar).
    A missing folder is created; BilatError "PATH: cannot write (reason)" when it cannot be."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    with writing(Path(out_dir), folder=True) as out_dir:
        return _export(corpus, fmt, out_dir, progress)


def _export(corpus: ExportSource, fmt: str, out_dir: Path,
            progress: Callable[[str, int], None] | None) -> list[Path]:
    if fmt == "timelinejs":
        from bilat.analysis.timeline import to_timelinejs

        path = out_dir / "timeline.json"
        data = to_timelinejs(corpus.events(), title="bilat timeline")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return [path]
    written = []
    if progress:
        progress("reading", len(SCHEMAS) + 1)
    for table, rows in tables(corpus).items():
        if progress:
            progress(table, len(SCHEMAS) + 1)
        path = out_dir / f"{table}.{fmt}"
        if fmt == "csv":
            write_csv(rows, SCHEMAS[table], path)
        elif fmt == "jsonl":
            write_jsonl(rows, path)
        else:
            write_parquet(rows, SCHEMAS[table], path)
        log.info("exported %d %s rows to %s", len(rows), table, path)
        written.append(path)
    return written
