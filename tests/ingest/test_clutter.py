"""Clutter removal: a fixture with clutter around a body, and the shared seed 000."""
from __future__ import annotations

import re

import pytest

from bilat.ingest import load_document
from bilat.ingest.boilerplate import drop_boilerplate, load_boilerplate
from bilat.ingest.clutter import is_body_paragraph, remove_clutter
from bilat.ingest.text import tidy_whitespace
from tests.ingest.conftest import DATA, seed

# shapes of page furniture that must never survive (general, not taken from any document)
CLUTTER_SHAPES = [
    re.compile(r"^Home[A-Z]"),  # breadcrumb glued into one word
    re.compile(r"^(?:[A-Z][a-z]+){3,}"),
    re.compile(r"^\W*ad+v[ae]?r+t\w*\W*$", re.IGNORECASE),
    re.compile(r"^(?:top|bottom) of form$", re.IGNORECASE),
    re.compile(r"^you may (?:also )?(?:be interested in|like)$", re.IGNORECASE),
    re.compile(r"^(?:other|more|latest) news$", re.IGNORECASE),
]


def _lines(text: str) -> list[str]:
    """Non-empty lines, with spaces normalised as the cleaner does (NBSP -> space)."""
    return [line.strip() for line in tidy_whitespace(text).split("\n") if line.strip()]


def test_clutter_fixture_keeps_every_body_paragraph_and_heading() -> None:
    raw = (DATA / "cluttered_article.txt").read_text(encoding="utf-8")
    expected = (DATA / "cluttered_article.expected.txt").read_text(encoding="utf-8").strip()
    cleaned = remove_clutter(raw)
    assert cleaned.text == expected
    kept = set(_lines(cleaned.text))
    body = [line for line in _lines(expected) if is_body_paragraph(line)]
    assert len(body) == 5
    assert all(line in kept for line in body)
    assert {"A Slow Thaw", "What Comes Next"} <= kept  # headings of body sections


def test_clutter_fixture_removes_every_clutter_line() -> None:
    raw = (DATA / "cluttered_article.txt").read_text(encoding="utf-8")
    expected = set(_lines((DATA / "cluttered_article.expected.txt").read_text(encoding="utf-8")))
    clutter = [line for line in _lines(raw) if line not in expected]
    cleaned = remove_clutter(raw)
    assert sorted(r.text.strip() for r in cleaned.removed) == sorted(clutter)
    assert not set(clutter) & set(_lines(cleaned.text))


@pytest.mark.parametrize(
    "line",
    [
        "- Advertisment -",
        "ADVERTISEMENT",
        "Advertisemnt",
        "Top of Form",
        "Share this article",
        "Share on Facebook",
        "Facebook | Twitter | LinkedIn",
        "3.4k shares",
        "0 Comments",
        "Tags: border, trade",
        "Related: Officials Meet Again",
        "HomeNewsRegion",
        "Home > World > Asia",
        "© 2023 Some Publisher Ltd.",
        "This website uses cookies to ensure you get the best experience on our website.",
        "Subscribe to our newsletter",
        "Jobs in Lahore: Field Officer - Apply Now",
    ],
)
def test_clutter_removes_furniture_shapes_inside_an_article(line: str) -> None:
    body = (
        "Delegates from both ministries met on Monday to review progress on the border crossing plan.\n\n"
        f"{line}\n\n"
        "They agreed to publish a joint report on waiting times before the end of the summer season."
    )
    cleaned = remove_clutter(body)
    assert line not in cleaned.text
    assert cleaned.text.count("\n\n") == 1


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the plan in the report that the commission published last week on its website.",
        "Share prices in both capitals rose after the ministers announced that the talks would resume.",
        "Advertising revenue at state broadcasters fell sharply after the government cut its budget.",
        "Home ministers from the two provinces signed the agreement on policing in the border districts.",
    ],
)
def test_clutter_never_drops_a_body_paragraph_that_starts_like_furniture(line: str) -> None:
    text = f"Opening Paragraph Heading\n\n{line}\n\nThe talks ended without a joint statement, officials in both delegations said."
    assert line in remove_clutter(text).text


def test_clutter_teaser_run_after_marker_goes_until_the_next_prose() -> None:
    text = (
        "The two sides agreed to extend the trade window by another six months, officials said.\n\n"
        "MORE STORIES\n\nMinister Visits Border Town\nPort Opens New Berth\n\n"
        "Customs officers said the extension would ease pressure on traders who had waited since spring."
    )
    cleaned = remove_clutter(text)
    assert "Minister Visits Border Town" not in cleaned.text
    assert "Port Opens New Berth" not in cleaned.text
    assert cleaned.text.endswith("waited since spring.")


def test_clutter_seed_000_keeps_long_lines_and_drops_furniture_shapes() -> None:
    path = seed("000")
    raw = path.read_text(encoding="utf-8")
    cleaned = remove_clutter(raw)
    kept = set(_lines(cleaned.text))
    # what the store receives: the cleaned text less its disclaimer paragraph (boilerplate.py)
    stored = load_document(str(path)).text
    assert stored == drop_boilerplate(cleaned.text, load_boilerplate()) != cleaned.text
    long_lines = [line for line in _lines(raw) if len(line.split()) >= 25]
    assert long_lines and all(line in kept for line in long_lines)
    assert not any(is_body_paragraph(r.text) for r in cleaned.removed)
    for line in kept:
        assert not any(shape.search(line) for shape in CLUTTER_SHAPES), line
    assert cleaned.removed, "the seed carries page furniture"


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_clutter_seeds_lose_no_body_paragraph(prefix: str) -> None:
    raw = seed(prefix).read_text(encoding="utf-8")
    cleaned = remove_clutter(raw)
    body = [line for line in _lines(raw) if is_body_paragraph(line) or len(line.split()) >= 25]
    kept = set(_lines(cleaned.text))
    assert all(line in kept for line in body)
    # whatever was removed is short: no sentence of the article went with it
    assert all(len(r.text.split()) < 25 for r in cleaned.removed)


def test_clutter_keeps_references_and_bio_after_the_article() -> None:
    text = (
        "The agreement was signed in the capital after two years of talks between the delegations.\n\n"
        "References\n\n"
        "Khan, A. (2019). Water and Power in the Indus Basin. Example University Press.\n"
        "Ministry of Water, Annual Report, <https://ministry.example/report>.\n\n"
        "The author is a research fellow at an institute in the capital.\n\n"
        "Related Stories\nFarmers Protest New Canal Rules\nMore News"
    )
    cleaned = remove_clutter(text)
    for kept in ("Khan, A. (2019)", "Ministry of Water, Annual Report", "The author is a research fellow"):
        assert kept in cleaned.text
    for gone in ("Related Stories", "Farmers Protest", "More News"):
        assert gone not in cleaned.text
