"""The store writes a document with all it yields in one transaction and reads records back."""
from __future__ import annotations

import duckdb
import pytest

from bilat.errors import StoreError
from bilat.model import (
    Amount,
    Document,
    EventMention,
    Figure,
    ProcessedDocument,
    Recommendation,
    Sentence,
)
from bilat.store import Store
from bilat.store.schema import SCHEMA_VERSION


def processed(doc_id: str = "d1", content_hash: str = "h1") -> ProcessedDocument:
    text = "Washington imposed sanctions in 1998. Trade reached $5 billion."
    doc = Document(id=doc_id, source=f"/corpus/{doc_id}.txt", text=text, title="T",
                   published="2024-09", published_precision="month", content_hash=content_hash,
                   provenance={"title": "header", "published": "meta"})
    return ProcessedDocument(
        document=doc,
        sentences=[Sentence(doc_id, 0, 0, 37, text[:37]), Sentence(doc_id, 1, 38, len(text), text[38:])],
        mentions=[EventMention(doc_id, text[:37], 0, 37, "SANCTION", "USA", "PAK", "1998", "year",
                               "in 1998", amount=Amount(5e9, "USD", "$5 billion"),
                               themes=["nuclear"], id=f"{doc_id}:m0", doc=f"{doc_id}.txt",
                               date_basis="explicit")],
        figures=[Figure(doc_id, "trade", 5e9, "USD", text[38:], 38, len(text), id=f"{doc_id}:f0")],
        recommendations=[Recommendation(doc_id, "USA", "lift sanctions", text[:37], 0, 37,
                                        id=f"{doc_id}:r0")],
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        yield s


def test_db_round_trips_every_record(store):
    store.add_processed(processed())
    doc = store.document("d1")
    assert doc.published == "2024-09" and doc.published_precision == "month"
    assert doc.provenance == {"title": "header", "author": "none", "publisher": "none", "published": "meta"}
    assert doc.name == "d1.txt"
    [mention] = store.mentions()
    assert (mention.category, mention.source_actor, mention.amount.value) == ("SANCTION", "USA", 5e9)
    assert mention.themes == ["nuclear"]
    assert mention.date_basis == "explicit"
    assert [s.text for s in store.sentences("d1")] == ["Washington imposed sanctions in 1998.",
                                                        "Trade reached $5 billion."]
    assert store.figures()[0].value == 5e9
    assert store.recommendations()[0].actor == "USA"


def test_db_failed_write_leaves_nothing(store):
    broken = processed()
    broken.mentions.append(broken.mentions[0])  # same id twice: the insert fails midway
    with pytest.raises(duckdb.Error):
        store.add_processed(broken)
    assert store.counts() == dict.fromkeys(
        ["documents", "sentences", "mentions", "figures", "recommendations", "characterizations"], 0)


def test_db_finds_documents_by_hash(store):
    store.add_processed(processed())
    assert store.content_hashes() == {"h1": "d1"}


def test_db_duplicates_are_left_out_of_analysis(store):
    store.add_processed(processed())
    twin = processed("d2", "h2")
    twin.document.duplicate_of = "d1"
    store.add_processed(twin)
    assert [m.doc_id for m in store.mentions()] == ["d1"]
    assert len(store.mentions(analysed_only=False)) == 2


def test_db_records_schema_version_and_reopens(tmp_path):
    path = tmp_path / "v.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as again:
        assert again.version() == SCHEMA_VERSION


def test_db_migrates_a_version_1_database(tmp_path):
    """A database written before mentions recorded their date basis opens, gains the column,
    and keeps its mentions (their basis unknown)."""
    from bilat.store.schema import MIGRATIONS

    path = tmp_path / "v1.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, now())")
    conn.execute("INSERT INTO documents (id, source, name, text, content_hash) VALUES ('d', 'd.txt', 'd.txt', 'q', 'h')")
    conn.execute("INSERT INTO mentions (id, doc_id, quote, category) VALUES ('d:m0', 'd', 'q', 'AID')")
    conn.close()
    with Store(path) as store:
        assert store.version() == SCHEMA_VERSION >= 2
        [mention] = store.mentions(analysed_only=False)
        assert (mention.category, mention.date_basis) == ("AID", None)


def test_db_refuses_newer_schema(tmp_path):
    path = tmp_path / "new.duckdb"
    Store(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION + 1])
    conn.close()
    with pytest.raises(StoreError, match="newer than this bilat"):
        Store(path)


def test_db_read_only_needs_an_existing_file(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_db_exports_tables_that_read_back(store, tmp_path, fmt):
    store.add_processed(processed())
    out = tmp_path / f"mentions.{fmt}"
    store.export_table("mentions", out, fmt)
    reader = {"csv": "read_csv", "jsonl": "read_json", "parquet": "read_parquet"}[fmt]
    rows = duckdb.connect().execute(f"SELECT id, category FROM {reader}('{out}')").fetchall()
    assert rows == [("d1:m0", "SANCTION")]


def test_db_export_refuses_unknown_tables(store, tmp_path):
    with pytest.raises(StoreError, match="unknown table 'secrets'"):
        store.export_table("secrets", tmp_path / "x.csv", "csv")


def test_db_round_trips_characterizations_and_intervals(store):
    from bilat.model import Characterization

    p = processed()
    p.mentions[0].date_start, p.mentions[0].date_end = "1998", "2003"
    p.characterizations.append(Characterization(
        doc_id="d1", actors=["USA", "PAK"], label="estrangement", quote=p.sentences[0].text, char_start=0,
        char_end=37, start="1998", end="2003", date_precision="range", date_text="in 1998",
        date_basis="explicit", cue="sanctions", id="d1:c0", doc="d1.txt"))
    store.add_processed(p)
    [item] = store.characterizations()
    assert item == p.characterizations[0]
    [mention] = store.mentions()
    assert (mention.date_start, mention.date_end) == ("1998", "2003")
    assert store.counts()["characterizations"] == 1


def test_db_migrates_a_version_3_database_to_hold_characterizations(tmp_path):
    from bilat.store.schema import MIGRATIONS

    path = tmp_path / "v3.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    for version in range(3):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, now())", [version + 1])
    conn.execute("INSERT INTO documents (id, source, name, text, content_hash) VALUES ('d', 'd.txt', 'd.txt', 'q', 'h')")
    conn.execute("INSERT INTO mentions (id, doc_id, quote, category) VALUES ('d:m0', 'd', 'q', 'AID')")
    conn.close()
    with Store(path) as store:
        assert store.version() == SCHEMA_VERSION >= 4
        assert store.characterizations() == []
        [mention] = store.mentions(analysed_only=False)
        assert (mention.date_start, mention.date_end) == (None, None)
