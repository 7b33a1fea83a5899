from __future__ import annotations

import pytest

from bilat.ingest import NearDuplicateIndex, content_hash, load_document, minhash
from tests.ingest.conftest import DATA

# the same news as the fixtures, told in other words: related, not a copy
RETOLD = (
    "Pakistan and the United States will bring back their joint trade council, dormant since 2016.\n\n"
    "Ministers meeting on Tuesday said the council would gather in June in Washington to look at duties "
    "on cloth, crops and medical supplies.\n\n"
    "The agreement ends a four-year pause that began with a quarrel over transit fees. Negotiators called "
    "the step small but practical, and staff have sixty days to prepare an agenda."
)


@pytest.fixture(scope="module")
def copies():
    return load_document(str(DATA / "article_meta.html")), load_document(str(DATA / "cluttered_article.txt"))


def test_identity_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Talks  Resumed\n\non Monday.") == content_hash("talks resumed on monday.")
    assert content_hash("Talks resumed on Monday.") != content_hash("Talks resumed on Tuesday.")
    assert len(content_hash("x")) == 64


def test_identity_html_and_text_copy_are_near_duplicates(copies) -> None:
    html, text = copies
    assert html.content_hash != text.content_hash  # not exact duplicates
    assert minhash(html.text).jaccard(minhash(text.text)) >= 0.9
    index = NearDuplicateIndex()
    index.add(html.id, html.text)
    assert index.find(text.text) == html.id


def test_identity_retold_story_is_not_a_near_duplicate(copies) -> None:
    html, _ = copies
    index = NearDuplicateIndex()
    index.add(html.id, html.text)
    assert minhash(html.text).jaccard(minhash(RETOLD)) < 0.5
    assert index.find(RETOLD) is None


def test_identity_other_article_is_not_found(copies) -> None:
    html, _ = copies
    other = load_document(str(DATA / "article_jsonld.html"))
    index = NearDuplicateIndex()
    index.add(other.id, other.text)
    assert index.find(html.text) is None


def test_identity_signature_round_trip_and_first_wins(copies) -> None:
    html, text = copies
    first = NearDuplicateIndex()
    saved = first.add("original", html.text)
    first.add("copy", text.text)
    assert first.find(html.text) == "original"
    restored = NearDuplicateIndex()
    restored.add_signature("original", saved)
    assert len(restored) == 1 and "original" in restored
    assert restored.find(text.text) == "original"


def test_identity_empty_index_finds_nothing() -> None:
    assert NearDuplicateIndex().find("Any text at all.") is None
