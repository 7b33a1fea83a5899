from __future__ import annotations

import pytest

from bilat.ingest import load_document
from bilat.ingest.metadata import date_of_line, header_metadata, parse_byline, publisher_from_disclaimer
from tests.ingest.conftest import seed


@pytest.mark.parametrize(
    "line, author, date, precision",
    [
        ("By | December 18, 2021", None, "2021-12-18", "day"),
        ("By Jane Doe", "Jane Doe", None, None),
        ("By Jane Doe and John Roe | Sept. 3, 2020", "Jane Doe and John Roe", "2020-09-03", "day"),
        ("Written by Ahmed Raza", "Ahmed Raza", None, None),
        ("BY MARIA LOPEZ · 4 May 2019", "MARIA LOPEZ", "2019-05-04", "day"),
        ("By Staff Reporter | March 2015", "Staff Reporter", "2015-03", "month"),
    ],
)
def test_metadata_parse_byline_shapes(line: str, author: str | None, date: str | None, precision: str | None) -> None:
    found = parse_byline(line)
    assert found is not None
    got_author, got_date, _ = found
    assert got_author == author
    assert (got_date.value if got_date else None) == date
    assert (got_date.precision if got_date else None) == precision


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, exports had doubled.",
        "Bypassing the committee, the cabinet approved the budget.",
        "The ministers met in Geneva.",
    ],
)
def test_metadata_parse_byline_rejects_sentences(line: str) -> None:
    found = parse_byline(line)
    assert found is None or found[:2] == (None, None)


@pytest.mark.parametrize(
    "line, value, precision",
    [
        ("September 16, 2024", "2024-09-16", "day"),
        ("16 September 2024", "2024-09-16", "day"),
        ("Date: 2024-09-16", "2024-09-16", "day"),
        ("Published: March 2020", "2020-03", "month"),
        ("Published on 12 Jan 2018", "2018-01-12", "day"),
        ("2019", "2019", "year"),
        ("Tuesday, 3 March 2020", "2020-03-03", "day"),
    ],
)
def test_metadata_date_of_line_keeps_precision(line: str, value: str, precision: str) -> None:
    found = date_of_line(line)
    assert found is not None
    assert (found.value, found.precision) == (value, precision)


@pytest.mark.parametrize(
    "line",
    ["The treaty was signed in 2019 by both governments.", "Chapter 2", "Room 2024", "Introduction"],
)
def test_metadata_date_of_line_ignores_sentences_and_labels(line: str) -> None:
    assert date_of_line(line) is None


def test_metadata_header_reads_title_byline_on_two_lines_and_date() -> None:
    text = (
        "Ports and Power: A New Phase\n\nBy\nLeila Haddad\nSenior Fellow\n\nMay 2, 2023\n\n"
        "The government announced on Monday that the port concession would be extended for another "
        "decade, ending months of uncertainty for the operator."
    )
    meta = header_metadata(text)
    assert meta.title == "Ports and Power: A New Phase"
    assert meta.author == "Leila Haddad"
    assert (meta.published, meta.published_precision) == ("2023-05-02", "day")


def test_metadata_header_prefers_published_over_updated() -> None:
    text = (
        "Budget Talks Stall\n\nUpdated: June 9, 2022\nPublished: June 1, 2022\n\n"
        "Negotiators from the finance ministry left the meeting without an agreement on the deficit target."
    )
    meta = header_metadata(text)
    assert meta.published == "2022-06-01"


def test_metadata_header_without_date_or_byline() -> None:
    text = "A Quiet Border\n\nTraders on both sides of the crossing say business has slowed since the new rules took effect."
    meta = header_metadata(text)
    assert (meta.title, meta.author, meta.published) == ("A Quiet Border", None, None)


@pytest.mark.parametrize(
    "sentence, publisher",
    [
        ("The views expressed here do not necessarily reflect the views of the Example Institute.", "Example Institute"),
        ("Opinions are the writer's own and do not represent those of ABC.", "ABC"),
        ("The opinions do not necessarily reflect Dawnline’s editorial policy.", "Dawnline"),
    ],
)
def test_metadata_publisher_from_disclaimer(sentence: str, publisher: str) -> None:
    assert publisher_from_disclaimer(f"Some article text.\n\n{sentence}") == publisher


@pytest.mark.parametrize(
    "prefix, published, precision, author",
    [("001", "2021-12-18", "day", None), ("004", "2024-09-16", "day", None)],
)
def test_metadata_seed_publication_dates(prefix: str, published: str, precision: str, author: None) -> None:
    doc = load_document(str(seed(prefix)))
    assert (doc.published, doc.published_precision) == (published, precision)
    assert doc.provenance["published"] == "header"
    assert doc.title and doc.title == doc.text.split("\n", 1)[0].strip()


def test_metadata_seed_000_has_no_date_and_a_clean_title() -> None:
    doc = load_document(str(seed("000")))
    assert doc.published is None and doc.provenance["published"] == "none"
    assert doc.title and not doc.title.startswith("Home") and not doc.title.endswith("...")
