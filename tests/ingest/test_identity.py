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


# -- one article as HTML and as text; two articles sharing their lead --------------------
def test_identity_signature_text_keeps_the_body_only() -> None:
    from bilat.ingest.identity import signature_text

    body = "Envoys met in Doha on Monday and agreed to exchange prisoners within a month, “officials” said."
    text = f"TALKS IN DOHA\n\nBy Sara Khan | May 2, 2024\n\n{body}\n\nShare this article\n\n{body}"
    expected = body.replace("“", '"').replace("”", '"').lower()
    assert signature_text(text) == f"{expected} {expected}"
    assert signature_text("Talks resume.\n\nBy Sara Khan") == "talks resume. by sara khan"  # too short: whole


def test_identity_article_as_html_and_as_text_are_near_duplicates(tmp_path) -> None:
    from tests.ingest.fidelity_fixtures import article_html, article_text

    (tmp_path / "story.html").write_text(article_html(), encoding="utf-8")
    (tmp_path / "story.txt").write_text(article_text(), encoding="utf-8")
    html, text = load_document(str(tmp_path / "story.html")), load_document(str(tmp_path / "story.txt"))
    assert html.content_hash != text.content_hash
    assert minhash(html.text).jaccard(minhash(text.text)) >= 0.9
    index = NearDuplicateIndex()
    index.add(html.id, html.text)
    assert index.find(text.text) == html.id


def test_identity_articles_sharing_a_lead_paragraph_stay_distinct() -> None:
    from tests.ingest.fidelity_fixtures import FIRST_STORY, SECOND_STORY

    first, second = "\n\n".join(FIRST_STORY), "\n\n".join(SECOND_STORY)
    assert minhash(first).jaccard(minhash(second)) < 0.5
    index = NearDuplicateIndex()
    index.add("first", first)
    assert index.find(second) is None
