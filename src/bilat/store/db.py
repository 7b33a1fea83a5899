"""`Store`: the DuckDB database behind a corpus.

Writes go through `add_processed`, which puts a document and everything extracted from it in one
transaction, so a failure leaves nothing half-written. Reads return model records.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from bilat.errors import StoreError
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
from bilat.store.analyses import AnalysisQueries
from bilat.store.events import EventFilters, EventTables
from bilat.store.partitions import PartitionReads
from bilat.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

_PROVENANCE_FIELDS = ("title", "author", "publisher", "published")
_DOC_COLUMNS = (
    "id, source, name, kind, title, author, publisher, published, published_precision, language, "
    "words, text, content_hash, duplicate_of, ingested_at, title_from, author_from, "
    "publisher_from, published_from, source_type, source_type_from"
)
_MENTION_COLUMNS = (
    "id, doc_id, doc, sentence_index, quote, start_char, end_char, category, source_actor, "
    "target_actor, date, date_precision, date_text, modality, amount_value, amount_unit, "
    "amount_text, intensity, themes, confidence, trigger, date_basis, date_start, date_end"
)
_CHARACTERIZATION_COLUMNS = (
    "id, doc_id, doc, sentence_index, actor_a, actor_b, label, period_start, period_end, "
    "date_precision, date_text, date_basis, quote, start_char, end_char, cue"
)

_FIGURE_COLUMNS = (
    "id, doc_id, doc, subject, subject_key, value, unit, period, qualifier, quote, start_char, "
    "end_char, concept, source_actor, target_actor"
)
_RECOMMENDATION_COLUMNS = "id, doc_id, doc, actor, text, theme, quote, start_char, end_char, recommender"


class Store(EventTables, AnalysisQueries, PartitionReads):
    """A DuckDB file holding documents, sentences, mentions, figures and recommendations.

    The connection is opened on first use and can be given back with `release()`, so that a
    long-running writer (`bilat ingest`) holds the file only while it writes and a server
    (`bilat serve`) can take snapshots in between. While another process holds the file,
    opening waits up to `wait` seconds, then raises `StoreError` naming that process.
    Reads are safe from several threads: each thread gets its own cursor.
    """

    def __init__(self, path: Path | str, read_only: bool = False, wait: float = 0.0, create: bool = True):
        """`create`: a missing file becomes a new database (writers other than `ingest` pass
        False, so that maintenance of a mistyped path creates nothing)."""
        self.path = Path(path)
        self.read_only = read_only
        self.wait = wait
        if (read_only or not create) and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run 'bilat ingest' first)")
        self._base: duckdb.DuckDBPyConnection | None = None
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._local = threading.local()
        self._guard = threading.Lock()
        self.opened_at = 0.0
        self._migrate()

    @property
    def conn(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the database, opening the connection when it is closed."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None and self._base is not None and self._local.base is self._base:
            return cursor
        with self._guard:
            if self._base is None:
                self._base = connect(self.path, self.read_only, self.wait)
                self.opened_at = time.monotonic()
            cursor = self._base.cursor()
            self._cursors.append(cursor)
        self._local.cursor, self._local.base = cursor, self._base
        return cursor

    # -- lifecycle -------------------------------------------------------------------------
    def release(self) -> None:
        """Close the connection (it reopens on next use) so other processes can open the file."""
        with self._guard:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            if self._base is not None:
                self._base.close()
            self._base = None

    def held_for(self) -> float:
        """Seconds since the connection was opened; 0 when it is closed."""
        return time.monotonic() - self.opened_at if self._base is not None else 0.0

    def close(self) -> None:
        self.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def version(self) -> int:
        return int(self._scalar("SELECT max(version) FROM schema_version") or 0)

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def _migrate(self) -> None:
        has_table = self._scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
        if not has_table:
            if self.read_only:
                raise StoreError(f"{self.path}: not a bilat database")
            self.conn.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this bilat "
                f"({SCHEMA_VERSION}); upgrade bilat"
            )
        if current < SCHEMA_VERSION and self.read_only:
            raise StoreError(
                f"{self.path}: written by an older bilat (schema {current}, this bilat reads "
                f"{SCHEMA_VERSION}); upgrade it once with a writing command, e.g. "
                f"'bilat ingest FILE --db {self.path}'"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[version - 1]:
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_version VALUES (?, ?)", [version, _now()]
                )
            log.info("migrated %s to schema version %d", self.path, version)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        conn = self.conn
        conn.execute("BEGIN TRANSACTION")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writes ----------------------------------------------------------------------------
    def add_processed(
        self,
        processed: ProcessedDocument,
        signature: bytes | None = None,
        then: Callable[[str], object] | None = None,
    ) -> str | None:
        """Write one document and everything extracted from it, all or nothing; `then(doc_id)`
        runs in the same transaction after the rows are written (ingest fuses the document's
        mentions into the stored events there).

        Returns None when written, or the id of a document with the same content that another
        process stored meanwhile (then nothing is written)."""
        doc = processed.document
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM documents WHERE content_hash = ?",
                               [doc.content_hash]).fetchone()
            if row:
                return str(row[0])
            conn.execute(
                f"INSERT INTO documents ({_DOC_COLUMNS}, signature) "
                f"VALUES ({', '.join(['?'] * 22)})",
                [*_document_row(doc), signature],
            )
            _insert_rows(conn, "sentences", None, [
                (doc.id, s.index, s.paragraph, s.start, s.end, s.text) for s in processed.sentences
            ])
            _insert_rows(conn, "mentions", _MENTION_COLUMNS,
                         [_mention_row(m) for m in processed.mentions])
            _insert_rows(conn, "figures", _FIGURE_COLUMNS, [
                (f.id, f.doc_id, f.doc, f.subject, f.subject_key, f.value, f.unit, f.period,
                 f.qualifier, f.quote, f.start, f.end, f.concept, f.source_actor, f.target_actor)
                for f in processed.figures
            ])
            _insert_rows(conn, "recommendations", _RECOMMENDATION_COLUMNS, [
                (r.id, r.doc_id, r.doc, r.actor, r.text, r.theme, r.quote, r.start, r.end, r.recommender)
                for r in processed.recommendations
            ])
            _insert_rows(conn, "characterizations", _CHARACTERIZATION_COLUMNS,
                         [_characterization_row(c) for c in processed.characterizations])
            if then is not None:
                then(doc.id)
        return None

    # -- reads -----------------------------------------------------------------------------
    def content_hashes(self) -> dict[str, str]:
        """Content hash -> document id of every stored document."""
        return dict(self.conn.execute("SELECT content_hash, id FROM documents").fetchall())

    def signatures(self) -> list[tuple[str, bytes]]:
        """(doc id, MinHash signature) of every original (non-duplicate) document."""
        return self.conn.execute(
            "SELECT id, signature FROM documents "
            "WHERE duplicate_of IS NULL AND signature IS NOT NULL ORDER BY seq"
        ).fetchall()

    def documents(self, with_text: bool = True, ids: Iterable[str] | None = None,
                  limit: int | None = None, offset: int = 0) -> list[Document]:
        """Documents in ingestion order (only `ids` when given; else the page of `limit` from
        `offset` when `limit` is given); without text their `text` is "" and the text column is
        not read at all."""
        cols = _DOC_COLUMNS if with_text else _DOC_COLUMNS.replace(" text,", " '' AS text,")
        if ids is None:
            page, params = ("", []) if limit is None else (" LIMIT ? OFFSET ?", [int(limit), int(offset)])
            return [_document(r) for r in self._rows(f"SELECT {cols} FROM documents ORDER BY seq{page}", params)]
        with self.point_lookups():  # by primary key, however many ids
            rows = self._rows(f"SELECT {cols} FROM documents WHERE id IN (SELECT unnest(?)) ORDER BY seq",
                              [sorted(set(ids))])
        return [_document(r) for r in rows]

    def document_counts(self) -> tuple[int, int]:
        """(stored documents, their publishers; the documents naming none count as one)."""
        row = self.conn.execute(
            "SELECT count(*), count(DISTINCT publisher) + coalesce(max((publisher IS NULL)::INTEGER), 0) "
            "FROM documents").fetchone() or (0, 0)
        return int(row[0]), int(row[1])

    def document(self, doc_id: str) -> Document | None:
        rows = self._rows(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [doc_id])
        return _document(rows[0]) if rows else None

    def sentences(self, doc_id: str | None = None) -> list[Sentence]:
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        rows = self._rows(
            f"SELECT doc_id, idx, start_char, end_char, text, paragraph FROM sentences {where} "
            "ORDER BY doc_id, idx",
            params,
        )
        return [
            Sentence(doc_id=r["doc_id"], index=r["idx"], start=r["start_char"], end=r["end_char"],
                     text=r["text"], paragraph=r["paragraph"] or 0)
            for r in rows
        ]

    def mentions(
        self, doc_id: str | None = None, analysed_only: bool = True, filters: EventFilters | None = None
    ) -> list[EventMention]:
        """Mentions, by document order; by default only of documents that are not duplicates;
        `filters`: their date, actor, category and modality filters, applied in SQL."""
        clauses, params = [], []
        if filters is not None:
            condition, values = filters.where("m")
            clauses.append(condition)
            params += values
        if doc_id:
            clauses.append("m.doc_id = ?")
            params.append(doc_id)
        if analysed_only:
            clauses.append("d.duplicate_of IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cols = ", ".join(f"m.{c.strip()}" for c in _MENTION_COLUMNS.split(","))
        rows = self._rows(
            f"SELECT {cols} FROM mentions m JOIN documents d ON d.id = m.doc_id {where} "
            "ORDER BY d.seq, m.doc_id, m.start_char, m.id",
            params,
        )
        return [_mention(r) for r in rows]

    def ordered_mentions(
        self, event_ids: Iterable[str] = (), doc_id: str | None = None, everything: bool = False
    ) -> list[tuple[tuple[int, int, str], EventMention]]:
        """((document seq, offset, id), mention) in store order: the members of `event_ids`
        and the mentions of `doc_id`, or every analysed mention when `everything`."""
        cols = ", ".join(f"m.{c.strip()}" for c in _MENTION_COLUMNS.split(","))
        if everything:
            rows = self._rows(
                f"SELECT d.seq AS seq_, {cols} FROM mentions m JOIN documents d ON d.id = m.doc_id "
                "WHERE d.duplicate_of IS NULL ORDER BY d.seq, m.doc_id, m.start_char, m.id")
            return [((r.pop("seq_"), r["start_char"] or 0, r["id"]), _mention(r)) for r in rows]
        # by key, table by table (index scans), so that a neighbourhood costs the same in any store
        with self.point_lookups():
            ids = [r[0] for r in self.conn.execute(
                "SELECT mention_id FROM event_mentions WHERE event_id IN (SELECT unnest(?))",
                [sorted(set(event_ids))]).fetchall()]
            ids += [r[0] for r in self.conn.execute("SELECT id FROM mentions WHERE doc_id = ?", [doc_id]).fetchall()]
            rows = self._rows(f"SELECT {cols} FROM mentions m WHERE m.id IN (SELECT unnest(?))", [sorted(set(ids))])
            seq = dict(self.conn.execute("SELECT id, seq FROM documents WHERE id IN (SELECT unnest(?))",
                                         [sorted({r["doc_id"] for r in rows})]).fetchall())
        rows.sort(key=lambda r: (seq[r["doc_id"]], r["doc_id"], r["start_char"] is None, r["start_char"] or 0, r["id"]))
        return [((seq[r["doc_id"]], r["start_char"] or 0, r["id"]), _mention(r)) for r in rows]

    def figures(self) -> list[Figure]:
        rows = self._rows(
            "SELECT f.* FROM figures f JOIN documents d ON d.id = f.doc_id "
            "WHERE d.duplicate_of IS NULL ORDER BY d.seq, f.doc_id, f.start_char"
        )
        return [
            Figure(id=r["id"], doc_id=r["doc_id"], doc=r["doc"], subject=r["subject"],
                   subject_key=r["subject_key"] or "", value=r["value"], unit=r["unit"],
                   period=r["period"], qualifier=r["qualifier"], quote=r["quote"],
                   start=r["start_char"], end=r["end_char"], concept=r["concept"],
                   source_actor=r["source_actor"], target_actor=r["target_actor"])
            for r in rows
        ]

    def recommendations(self) -> list[Recommendation]:
        rows = self._rows(
            "SELECT r.* FROM recommendations r JOIN documents d ON d.id = r.doc_id "
            "WHERE d.duplicate_of IS NULL ORDER BY d.seq, r.doc_id, r.start_char"
        )
        return [
            Recommendation(id=r["id"], doc_id=r["doc_id"], doc=r["doc"], actor=r["actor"],
                           text=r["text"], theme=r["theme"], quote=r["quote"],
                           start=r["start_char"], end=r["end_char"], recommender=r["recommender"])
            for r in rows
        ]

    def characterizations(self) -> list[Characterization]:
        """Characterizations of documents that are not duplicates, in document order."""
        cols = ", ".join(f"c.{c.strip()}" for c in _CHARACTERIZATION_COLUMNS.split(","))
        rows = self._rows(
            f"SELECT {cols} FROM characterizations c JOIN documents d ON d.id = c.doc_id "
            "WHERE d.duplicate_of IS NULL ORDER BY d.seq, c.doc_id, c.start_char, c.id"
        )
        return [_characterization(r) for r in rows]

    def counts(self) -> dict[str, int]:
        return {
            t: int(self._scalar(f"SELECT count(*) FROM {t}")) for t in self.TABLES
        }

    TABLES = ("documents", "sentences", "mentions", "figures", "recommendations", "characterizations")

    def export_table(self, table: str, path: Path, fmt: str) -> None:
        """Write one table to a file: csv (with header), jsonl or parquet."""
        options = {"csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json", "parquet": "FORMAT parquet"}
        if table not in self.TABLES:
            raise StoreError(f"unknown table {table!r} (choose from {', '.join(self.TABLES)})")
        if fmt not in options:
            raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(options)})")
        columns = "* EXCLUDE (signature, seq)" if table == "documents" else "*"
        target = str(path).replace("'", "''")
        self.conn.execute(
            f"COPY (SELECT {columns} FROM {table} ORDER BY ALL) TO '{target}' ({options[fmt]})"
        )


_ROWS_PER_INSERT = 200
_RETRY_FIRST, _RETRY_MAX = 0.05, 0.5  # seconds between attempts to open a locked file
_LOCK_PID = re.compile(r"Conflicting lock is held in .*? \(PID (\d+)\)")


def connect(path: Path, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at `path`, retrying for up to `wait` seconds while another
    process holds it. Raises StoreError naming the holder when it does not let go."""
    deadline = time.monotonic() + max(0.0, wait)
    delay = _RETRY_FIRST
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            held = _LOCK_PID.search(str(exc))
            if held is None:
                raise StoreError(f"{path}: cannot open database ({_first_line(exc)})") from exc
            if time.monotonic() + delay > deadline:
                raise StoreError(_lock_message(path, int(held.group(1)), wait)) from None
            time.sleep(delay)
            delay = min(delay * 2, _RETRY_MAX)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _lock_message(path: Path, pid: int, wait: float) -> str:
    waited = f"waited {wait:g} s; " if wait else ""
    return (
        f"{path}: the database is in use by {describe_process(pid)}; {waited}"
        "let it finish (bilat serve and bilat ingest share a database; other bilat commands "
        "hold it while they run) or pass --wait SECONDS"
    )


def describe_process(pid: int) -> str:
    """'bilat ingest news/ (pid 123)' for a bilat process, else the program's name and pid."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        return f"another process (pid {pid})"
    for n, arg in enumerate(argv):
        if os.path.basename(arg) == "bilat" or arg == "bilat.cli":
            return f"'{' '.join(['bilat', *argv[n + 1:n + 4]])}' (pid {pid})"
    name = os.path.basename(argv[0]) if argv else "another process"
    return f"another process, {name} (pid {pid})"


def file_version(path: Path) -> tuple[int, ...]:
    """What changes when a process writes the database: size, mtime and inode of the file
    and of its write-ahead log (zeros for a missing file)."""
    stamp: list[int] = []
    for name in (path, path.with_name(path.name + ".wal")):
        try:
            st = name.stat()
            stamp += [st.st_size, st.st_mtime_ns, st.st_ino]
        except OSError:
            stamp += [0, 0, 0]
    return tuple(stamp)


def snapshot(path: Path, dest: Path, wait: float = 0.0) -> tuple[int, ...]:
    """Copy the database at `path` to `dest` as one consistent state: the copy is made while
    a read-only connection holds the file, so no writer is half-way through a transaction.
    Returns the `file_version` copied. Raises StoreError when the file cannot be opened."""
    conn = connect(path, read_only=True, wait=wait)
    try:
        version = file_version(path)
        shutil.copyfile(path, dest)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + ".wal"))
    finally:
        conn.close()
    return version


def _insert_rows(
    conn: duckdb.DuckDBPyConnection, table: str, columns: str | None, rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows with multi-row VALUES statements: far faster in DuckDB than executemany."""
    if not rows:
        return
    target = f"{table} ({columns})" if columns else table
    one = "(" + ", ".join(["?"] * len(rows[0])) + ")"
    for first in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[first : first + _ROWS_PER_INSERT]
        params = [value for row in chunk for value in row]
        conn.execute(f"INSERT INTO {target} VALUES {', '.join([one] * len(chunk))}", params)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _document_row(doc: Document) -> list[Any]:
    prov = doc.provenance or {}
    ingested = doc.ingested_at or _now().isoformat(timespec="seconds")
    return [
        doc.id, doc.source, doc.name, doc.kind, doc.title, doc.author, doc.publisher,
        doc.published, doc.published_precision, doc.language, doc.words, doc.text,
        doc.content_hash, doc.duplicate_of, ingested,
        *(prov.get(f, "none") for f in _PROVENANCE_FIELDS), doc.source_type, doc.source_type_from,
    ]


def _document(r: dict[str, Any]) -> Document:
    ingested = r["ingested_at"]
    return Document(
        id=r["id"], source=r["source"], text=r["text"], title=r["title"], author=r["author"],
        publisher=r["publisher"], published=r["published"],
        published_precision=r["published_precision"], language=r["language"],
        words=r["words"] or 0, content_hash=r["content_hash"], duplicate_of=r["duplicate_of"],
        ingested_at=ingested.isoformat(timespec="seconds") if ingested else None,
        provenance={f: r[f"{f}_from"] or "none" for f in _PROVENANCE_FIELDS},
        kind=r["kind"] or "text", source_type=r["source_type"],
        source_type_from=r["source_type_from"] or "none",
    )


def _mention_row(m: EventMention) -> tuple[Any, ...]:
    a = m.amount
    return (
        m.id, m.doc_id, m.doc, m.sentence_index, m.quote, m.start, m.end, m.category,
        m.source_actor, m.target_actor, m.date, m.date_precision, m.date_text, m.modality,
        a.value if a else None, a.unit if a else None, a.text if a else None,
        m.intensity, list(m.themes), m.confidence, m.trigger, m.date_basis, m.date_start, m.date_end,
    )


def _mention(r: dict[str, Any]) -> EventMention:
    amount = None
    if r["amount_value"] is not None:
        amount = Amount(value=r["amount_value"], unit=r["amount_unit"], text=r["amount_text"] or "")
    return EventMention(
        id=r["id"], doc_id=r["doc_id"], doc=r["doc"] or "", sentence_index=r["sentence_index"],
        quote=r["quote"], start=r["start_char"], end=r["end_char"], category=r["category"],
        source_actor=r["source_actor"], target_actor=r["target_actor"], date=r["date"],
        date_precision=r["date_precision"], date_text=r["date_text"],
        modality=r["modality"] or "occurred", amount=amount, intensity=r["intensity"] or 0.0,
        themes=list(r["themes"] or []), confidence=r["confidence"] or 0.0, trigger=r["trigger"],
        date_basis=r["date_basis"], date_start=r["date_start"], date_end=r["date_end"],
    )


def _characterization_row(c: Characterization) -> tuple[Any, ...]:
    a, b = (list(c.actors) + [None, None])[:2]
    return (c.id, c.doc_id, c.doc, c.sentence_index, a, b, c.label, c.start, c.end, c.date_precision,
            c.date_text, c.date_basis, c.quote, c.char_start, c.char_end, c.cue)


def _characterization(r: dict[str, Any]) -> Characterization:
    return Characterization(
        id=r["id"], doc_id=r["doc_id"], doc=r["doc"] or "", sentence_index=r["sentence_index"],
        actors=[r["actor_a"], r["actor_b"]], label=r["label"], start=r["period_start"], end=r["period_end"],
        date_precision=r["date_precision"], date_text=r["date_text"], date_basis=r["date_basis"],
        quote=r["quote"], char_start=r["start_char"], char_end=r["end_char"], cue=r["cue"],
    )
