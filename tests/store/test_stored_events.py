"""Stored events: the SQL filters, pages and counts give what the Python filters they replace
give, and schema 5 is reached from schema 4."""
from __future__ import annotations

import itertools

import duckdb
import pytest

from bilat.analysis.themes import shares_from_counts, theme_shares
from bilat.analysis.timeline import filter_events, matches
from bilat.store import Store
from bilat.store.events import EventFilters
from bilat.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.fusion_corpus import random_corpus


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("ev") / "e.duckdb") as s:
        random_corpus(s)
        yield s


FILTERS = [
    {}, {"date_from": "2011-05"}, {"date_to": "2011"}, {"date_from": "2011-05-03", "date_to": "2012-02"},
    {"actor": "pak"}, {"actor": "USA.GOV"}, {"category": "aid"}, {"modality": "planned"},
    {"theme": "security"}, {"theme": "china"}, {"q": "DRONE"}, {"q": "border"},
    {"actor": "USA", "category": "ASSAULT", "date_from": "2011"},
    {"date_from": "2011"}, {"date_to": "2011-05"}, {"date_from": "2011-05-03"}, {"date_to": "2011-05-03"},
    {"modality": "occurred"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_events_sql_filters_equal_the_python_filters(store, filters):
    everything = store.events(by_date=False)
    expected = [e.to_dict() for e in filter_events(everything, **filters)]
    assert [e.to_dict() for e in store.events(EventFilters(**filters))] == expected
    assert store.event_count(EventFilters(**filters)) == len(expected)
    assert expected or filters  # the unfiltered corpus has events


@pytest.mark.parametrize("filters", [f for f in FILTERS if "theme" not in f and "q" not in f][:8])
def test_events_sql_mention_filters_equal_the_python_filters(store, filters):
    expected = [m for m in store.mentions() if matches(m, **filters)]
    assert store.mentions(filters=EventFilters(**filters)) == expected


def test_events_pages_are_slices_of_the_date_order(store):
    whole = [e.id for e in store.events()]
    pages = [store.events(limit=7, offset=o) for o in range(0, len(whole), 7)]
    assert [e.id for page in pages for e in page] == whole
    assert store.event(whole[3]).to_dict() == store.events()[3].to_dict()
    assert store.event("ev_missing") is None


@pytest.mark.parametrize("freq", ["year", "quarter", "month"])
def test_events_theme_counts_equal_theme_shares(store, freq):
    assert shares_from_counts(store.theme_counts(freq)) == theme_shares(store.events(by_date=False), freq)


def test_events_documents_without_text_do_not_read_it(store):
    assert {d.text for d in store.documents(with_text=False)} == {""}
    assert {d.text for d in store.documents()} == {"x"}
    assert [d.id for d in store.documents(with_text=False, ids=["d03", "d01"])] == ["d01", "d03"]


def test_events_migrates_a_version_4_database(tmp_path):
    path = tmp_path / "v4.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    for version, statements in enumerate(MIGRATIONS[:4], start=1):
        for statement in statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    conn.close()
    with Store(path) as store:
        assert store.version() == SCHEMA_VERSION >= 5
        assert store.event_count() == 0 and store.unfused_documents() == []
        random_corpus(store, docs=3)
        assert store.event_count() > 0


def test_events_sql_filters_cover_every_combination_of_two(store):
    everything = store.events(by_date=False)
    singles = [f for f in FILTERS if len(f) == 1]
    for a, b in itertools.combinations(singles, 2):
        if a.keys() & b.keys():
            continue
        combined = {**a, **b}
        assert [e.id for e in store.events(EventFilters(**combined))] == [
            e.id for e in filter_events(everything, **combined)], combined


def test_events_order_and_look_up_by_id_give_the_pages(store):
    order = store.event_order()
    assert order == [e.id for e in store.events()]
    for offset in (0, 7, len(order) - 3):
        page = store.events_by_id(order[offset: offset + 7])
        assert [e.to_dict() for e in page] == [e.to_dict() for e in store.events(limit=7, offset=offset)]
    assert [e.id for e in store.events_by_id([order[2], "ev_missing", order[0]])] == [order[2], order[0]]
    assert store.events_by_id([]) == []


def test_events_citations_are_the_same_for_many_events_as_for_few(store, monkeypatch):
    from bilat.store import events as stored

    few = [e.to_dict() for e in store.events()]
    monkeypatch.setattr(stored, "_KEYS_INLINE", 1)  # every look-up as one list parameter
    assert [e.to_dict() for e in store.events()] == few


@pytest.mark.parametrize("freq", ["year", "quarter", "month"])
def test_events_member_volume_counted_in_sql_gives_the_index_per_100(store, freq):
    from bilat.analysis.index import cooperation_index, per_100

    everything = store.events(by_date=False)
    points = cooperation_index(everything, freq, dyad=("USA", "PAK"))
    volume = store.member_volume(("USA", "PAK"), freq)
    assert volume and per_100(points, [], freq, volume=volume) == per_100(points, everything, freq)


def test_events_brief_read_what_the_index_reads(store):
    keep = ("id", "category", "source_actor", "target_actor", "date", "date_precision", "modality",
            "date_basis", "date_start", "date_end")
    full = store.events(by_date=False, citations=False)
    brief = store.events(by_date=False, citations=False, brief=True)
    assert [[getattr(e, k) for k in keep] for e in brief] == [[getattr(e, k) for k in keep] for e in full]
    assert {(e.quote, e.intensity, e.amount) for e in brief} == {("", 0.0, None)}


@pytest.mark.parametrize("freq", ["year", "quarter", "month"])
@pytest.mark.parametrize("pair", [("USA", "PAK"), ("IND", "USA")])
def test_events_index_from_the_dyad_and_counted_volume_equals_the_index_of_every_event(store, freq, pair):
    from bilat.analysis.index import cooperation_index, per_100

    everything = store.events(by_date=False)
    dyad = store.events(EventFilters(dyad=pair, modality="occurred"), by_date=False, citations=False, brief=True)
    points = cooperation_index(dyad, freq, dyad=pair)
    assert points == cooperation_index(everything, freq, dyad=pair) and points
    assert per_100(points, [], freq, pair, volume=store.member_volume(pair, freq)) == per_100(
        points, everything, freq, pair)
