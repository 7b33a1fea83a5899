"""The search index stored beside the database: the same results as the in-memory index, loaded
by the next process, built again when documents are added."""
from __future__ import annotations

import pytest

from bilat.analysis.assign import fusing
from bilat.analysis.search import SearchIndex
from bilat.corpus import Corpus
from bilat.model import Document, ProcessedDocument, Sentence
from bilat.store import Store
from tests.serve.corpus_fixture import build_store

QUERIES = ["military aid", "supply routes", "sanctions Pakistan", "trade", "nothing-like-this"]


@pytest.fixture
def db(tmp_path):
    return build_store(tmp_path / "s.duckdb")


def test_stored_search_gives_the_in_memory_results_and_is_loaded_next_time(db):
    with Store(db, read_only=True) as store:
        memory = SearchIndex(store.sentences(), store.documents(with_text=False), reranker=None)
        expected = {q: memory.search(q, limit=5) for q in QUERIES}
    with Corpus(db, read_only=True) as corpus:
        assert {q: corpus.search(q, limit=5) for q in QUERIES} == expected
        assert corpus._cache["search"].loaded is False
    assert (db.with_name(db.name + ".search") / "stamp.txt").exists()
    with Corpus(db, read_only=True) as corpus:
        assert {q: corpus.search(q, limit=5) for q in QUERIES} == expected
        assert corpus._cache["search"].loaded is True


def test_stored_search_is_built_again_after_an_ingest(db):
    with Corpus(db, read_only=True) as corpus:
        assert corpus.search("glaciers") == []
    text = "Glaciers in the Karakoram were surveyed by a joint team."
    with Store(db) as store:
        doc = Document(id="g1", source="/c/g.txt", text=text, content_hash="hg")
        store.add_processed(ProcessedDocument(doc, sentences=[Sentence("g1", 0, 0, len(text), text)]),
                            then=fusing(store))
    with Corpus(db, read_only=True) as corpus:
        [hit] = corpus.search("glaciers")
        assert (hit["doc_id"], hit["quote"]) == ("g1", text)
        assert corpus._cache["search"].loaded is False


@pytest.mark.parametrize("k", [1, 3, 10, 50, 500])
def test_stored_search_best_rows_are_a_stable_sort_of_every_hit(k):
    import numpy as np

    from bilat.analysis.stored_search import _best

    rng = np.random.default_rng(k)
    scores = rng.integers(0, 6, 400).astype(float) / 2  # many ties
    hits = np.flatnonzero(scores > 0)
    assert _best(hits, scores, k).tolist() == hits[np.argsort(-scores[hits], kind="stable")][:k].tolist()


def test_stored_search_keys_round_trip_and_an_older_index_is_built_again(db, tmp_path):
    from bilat.analysis.stored_search import _Keys

    keys = _Keys.of([("d1", 0), ("doc0000002", 7)])
    keys.save(tmp_path)
    loaded = _Keys.load(tmp_path)
    assert [loaded[i] for i in range(len(loaded))] == [("d1", 0), ("doc0000002", 7)] and len(_Keys.of([])) == 0
    with Corpus(db, read_only=True) as corpus:
        corpus.search("aid")
    folder = db.with_name(db.name + ".search")
    (folder / "key_docs.npy").unlink()  # as an index saved with keys.json left it
    with Corpus(db, read_only=True) as corpus:
        corpus.search("aid")
        assert not corpus._cache["search"].loaded and _Keys.saved(folder)
