"""Result partitions: a batch of processed documents as Parquet files in a shared folder.

A Dask worker writes one partition per batch (`write_partition`: one Parquet file per table,
rows exactly as `Store.add_processed` writes them); the ingesting process reads each one's
documents (`partition_documents`) to tell duplicates apart, then loads it into the database in
one transaction (`Store.load_partition`). Only the paths cross the network, never the texts.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bilat.model import ProcessedDocument
from bilat.store.sql import SQLPart

TABLES = ("documents", "sentences", "mentions", "figures", "recommendations", "characterizations")


def write_partition(processed: list[ProcessedDocument], signatures: dict[str, bytes], directory: Path | str) -> str:
    """Write the documents (with their MinHash `signatures`) and all their records as Parquet
    files in `directory` (created; replaced if it exists). Returns the directory as a string."""
    from bilat.store.db import Store  # db imports this module's reader side

    directory = Path(directory)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    scratch = directory / "scratch.duckdb"
    with Store(scratch) as store:
        for p in processed:
            store.add_processed(p, signatures.get(p.document.id))
        for table in TABLES:
            target = str(directory / f"{table}.parquet").replace("'", "''")
            store.conn.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT parquet)")
    scratch.unlink(missing_ok=True)
    scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
    return str(directory)


def parquet(directory: Path | str, table: str) -> str:
    """The Parquet file of `table` in a partition, quoted for SQL."""
    return "'" + str(Path(directory) / f"{table}.parquet").replace("'", "''") + "'"


class PartitionReads(SQLPart):
    """Reading partitions (mixed into Store)."""

    def partition_documents(self, directory: Path | str) -> list[tuple[str, str, str, bytes | None]]:
        """(id, source, content hash, MinHash signature) of a partition's documents, in order."""
        return self.conn.execute(
            f"SELECT id, source, content_hash, signature FROM read_parquet({parquet(directory, 'documents')}) "
            "ORDER BY seq"
        ).fetchall()

    def load_partition(self, directory: Path | str, keep: dict[str, str | None], then: Any = None) -> None:
        """Write a partition's documents in `keep` (id -> the document it nearly duplicates, or
        None) in one transaction, in partition order: a near-duplicate as its document only,
        the others with all their records; `then(doc_id)` runs for each of those after."""
        analysed = [doc_id for doc_id, original in keep.items() if original is None]
        with self.transaction() as conn:  # type: ignore[attr-defined]
            conn.execute(
                f"INSERT INTO documents BY NAME SELECT p.* EXCLUDE (seq, duplicate_of, signature), k.original AS duplicate_of, "
                "CASE WHEN k.original IS NULL THEN p.signature END AS signature "
                f"FROM read_parquet({parquet(directory, 'documents')}) p "
                "JOIN (SELECT unnest(?) AS id, unnest(?) AS original) k USING (id) ORDER BY p.seq",
                [list(keep), list(keep.values())])
            for table in TABLES[1:]:
                conn.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet({parquet(directory, table)}) "
                    "WHERE doc_id IN (SELECT unnest(?))", [analysed])
            for doc_id in analysed:
                if then is not None:
                    then(doc_id)
