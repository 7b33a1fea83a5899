"""Search over sentences: BM25 ranking, offsets, light stemming, optional re-ranking."""
from __future__ import annotations

import importlib.util

import pytest

from bilat.analysis.search import SearchIndex, load_reranker, stem, tokenize
from bilat.model import Document, Sentence

TEXTS = {
    "a": "The envoy signed a trade pact in Karachi. Ministers argued about water rights for hours.",
    "b": "Sanctions were lifted after the nuclear talks. The trade deal was delayed again.",
    "c": "Floods damaged crops across the plains. Relief convoys reached the valley.",
}


def sentences_of(doc_id: str, text: str) -> list[Sentence]:
    out, pos = [], 0
    for n, part in enumerate(text.split(". ")):
        part = part if part.endswith(".") else part + "."
        start = text.index(part, pos)
        out.append(Sentence(doc_id=doc_id, index=n, start=start, end=start + len(part), text=part))
        pos = start + len(part)
    return out


@pytest.fixture
def index() -> SearchIndex:
    docs = [Document(id=k, source=f"/x/{k}.txt", text=t, title=f"Doc {k}") for k, t in TEXTS.items()]
    sents = [s for d in docs for s in sentences_of(d.id, d.text)]
    return SearchIndex(sents, docs, reranker=None)


@pytest.mark.parametrize("word,expected", [
    ("sanctions", "sanction"), ("sanctioned", "sanction"), ("pledges", "pledg"), ("pledged", "pledg"),
    ("countries", "country"), ("talks", "talk"), ("aid", "aid"), ("gas", "gas"),
])
def test_search_stem(word, expected):
    assert stem(word) == expected


def test_search_tokenize_drops_function_words():
    assert tokenize("The talks were held in the capital") == ["talk", "held", "capital"]


@pytest.mark.parametrize("q,doc_id,index_in_doc", [
    ("trade pact", "a", 0),
    ("sanction lifted", "b", 0),
    ("flooding crop", "c", 0),
    ("relief convoy", "c", 1),
    ("water right", "a", 1),
])
def test_search_finds_the_right_sentence(index, q, doc_id, index_in_doc):
    top = index.search(q)[0]
    assert (top["doc_id"], top["sentence_index"]) == (doc_id, index_in_doc)
    assert TEXTS[doc_id][top["start"]: top["end"]] == top["quote"]
    assert top["doc"] == f"{doc_id}.txt" and top["title"] == f"Doc {doc_id}"


def test_search_ranks_by_score_and_limits(index):
    results = index.search("trade deal pact", limit=2)
    assert len(results) == 2
    assert results[0]["score"] >= results[1]["score"] > 0
    assert {r["doc_id"] for r in results} == {"a", "b"}


@pytest.mark.parametrize("q", ["", "the and of", "zeppelin", "   "])
def test_search_without_match_is_empty(index, q):
    assert index.search(q) == []


def test_search_builds_lazily(index):
    assert index._bm25 is None
    index.search("trade")
    assert index._bm25 is not None


def test_search_empty_corpus():
    assert SearchIndex([], [], reranker=None).search("trade") == []


def test_search_reranker_reorders_candidates():
    docs = [Document(id="d", source="/x/d.txt", text="")]
    sents = [Sentence("d", 0, 0, 30, "Trade talks stalled in spring."),
             Sentence("d", 1, 31, 70, "Trade talks trade talks resumed in autumn.")]
    plain = SearchIndex(sents, docs, reranker=None).search("trade talks")
    assert plain[0]["sentence_index"] == 1

    def prefers_spring(q, texts):
        return [1.0 if "spring" in t else 0.0 for t in texts]

    ranked = SearchIndex(sents, docs, reranker=prefers_spring)
    assert ranked.search("trade talks")[0]["sentence_index"] == 0
    assert ranked.semantic


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None,
                    reason="the optional embed extra is installed")
def test_search_works_without_embed_extra(index):
    assert load_reranker() is None
    auto = SearchIndex(index.sentences, index.documents)
    assert auto.search("trade pact")[0]["doc_id"] == "a"
    assert not auto.semantic


def test_search_first_queries_from_many_threads_share_one_index():
    from concurrent.futures import ThreadPoolExecutor

    from bilat.analysis.search import SearchIndex
    from bilat.model import Document, Sentence

    texts = [f"Talks on trade route number {n} resumed in the capital." for n in range(400)]
    sentences = [Sentence("d", n, 0, len(t), t) for n, t in enumerate(texts)]
    index = SearchIndex(sentences, [Document(id="d", source="d.txt", text="")], reranker=None)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda n: index.search(f"trade route {n}"), range(64)))
    assert all(len(r) == 20 for r in results)
