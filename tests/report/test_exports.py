"""Exports round-trip: every table reads back with the same rows, in every format."""
from __future__ import annotations

import json
import math

import duckdb
import pandas as pd
import pytest

from bilat.errors import UsageError
from bilat.report.exports import FORMATS, SCHEMAS, export, read_csv_rows, tables

TABLES = ["documents", "mentions", "events", "citations", "figures", "recommendations", "characterizations"]


@pytest.fixture(scope="module")
def expected(corpus):
    return tables(corpus)


def normalise(rows):
    """Rows as plain comparable values (NaN -> None, numpy lists -> lists)."""
    out = []
    for row in rows:
        clean = {}
        for k, v in row.items():
            if hasattr(v, "tolist"):
                v = v.tolist()
            if isinstance(v, float) and math.isnan(v):
                v = None
            clean[k] = v
        out.append(clean)
    return out


def test_exports_tables_match_corpus(corpus, expected):
    assert len(expected["documents"]) == 4
    assert len(expected["mentions"]) == len(corpus.mentions()) == 10
    assert len(expected["events"]) == len(corpus.events()) == 9
    assert len(expected["citations"]) == 10
    assert len(expected["figures"]) == 2 and len(expected["recommendations"]) == 2
    for table, rows in expected.items():
        assert all(list(r) == list(SCHEMAS[table]) for r in rows), table
    texts = {r["id"]: r["text"] for r in expected["documents"]}
    for m in expected["mentions"]:
        assert texts[m["doc_id"]][m["start"]: m["end"]] == m["quote"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_exports_write_one_file_per_table(corpus, tmp_path, fmt):
    paths = export(corpus, fmt, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{t}.{fmt}" for t in TABLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


@pytest.mark.parametrize("table", TABLES)
def test_exports_csv_round_trip(corpus, expected, tmp_path, table):
    export(corpus, "csv", tmp_path)
    assert read_csv_rows(tmp_path / f"{table}.csv", table) == expected[table]


@pytest.mark.parametrize("table", TABLES)
def test_exports_jsonl_round_trip(corpus, expected, tmp_path, table):
    export(corpus, "jsonl", tmp_path)
    lines = (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected[table]


@pytest.mark.parametrize("table", TABLES)
def test_exports_parquet_round_trip_duckdb_and_pandas(corpus, expected, tmp_path, table):
    export(corpus, "parquet", tmp_path)
    path = tmp_path / f"{table}.parquet"
    con = duckdb.connect()
    rel = con.read_parquet(str(path))
    assert rel.columns == list(SCHEMAS[table])
    assert [dict(zip(rel.columns, row)) for row in rel.fetchall()] == expected[table]
    con.close()
    frame = pd.read_parquet(path)
    assert list(frame.columns) == list(SCHEMAS[table])
    assert normalise(frame.to_dict("records")) == normalise(expected[table])


def test_exports_keep_markup_as_text(corpus, tmp_path):
    export(corpus, "csv", tmp_path)
    docs = read_csv_rows(tmp_path / "documents.csv", "documents")
    hostile = next(d for d in docs if d["id"] == "doc-hostile")
    assert "<script>alert(1)</script>" in hostile["text"]


def test_exports_timelinejs(corpus, tmp_path):
    [path] = export(corpus, "timelinejs", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [e["unique_id"] for e in data["events"]] == [e.id for e in corpus.events() if e.date]
    years = [str(e["start_date"]["year"]) for e in data["events"]]
    assert years == sorted(years) and years[0] == "2001" and years[-1] == "2012"


def test_exports_unknown_format_names_choices(corpus, tmp_path):
    with pytest.raises(UsageError) as err:
        export(corpus, "xlsx", tmp_path)
    for fmt in ("xlsx", *FORMATS):
        assert fmt in str(err.value)
