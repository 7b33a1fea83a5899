"""Publisher and kind of source from a document's first lines and metadata, with provenance."""
from __future__ import annotations

import pytest

from bilat.ingest import load_document
from bilat.ingest.publishers import (
    SourceInfo,
    from_header,
    from_json_ld_types,
    from_pdf_info,
    organisation,
)
from tests.ingest.conftest import make_pdf

BODY = ("The two delegations spent most of the afternoon on water sharing and on the timetable for a "
        "second round of talks, which both sides said should open before the monsoon.")


@pytest.mark.parametrize("header, publisher, kind", [
    ("Talks on the River Treaty\nPress Release\nMarch 2, 2021", None, "official statement"),
    ("Readout | Office of the Spokesperson\nMarch 2, 2021", "U.S. Department of State", "official statement"),
    ("Dams and Diplomacy\nIssue Brief — Lowland Council on Water Policy\nBy Ana Ruiz", "Lowland Council on Water Policy",
     "think-tank brief"),
    ("Dams and Diplomacy\nBy Ana Ruiz, Riverside Institute\nMarch 2, 2021", "Riverside Institute", "think-tank brief"),
    ("THE VALLEY COURIER DAILY\nDams and Diplomacy\nBy Ana Ruiz", "The Valley Courier Daily", "news"),
    ("Remarks by the Foreign Minister at the Water Forum\nMarch 2, 2021", None, "speech"),
    ("Memorandum of Conversation\nSubject: River Talks", None, "diplomatic document"),
])
def test_publishers_from_header_lines(header, publisher, kind):
    found = from_header(f"{header}\n\n{BODY}")
    assert (found.publisher, found.source_type) == (publisher, kind)
    assert found.source_type_from == "header"


def test_publishers_a_dateline_makes_news_and_a_title_is_no_publisher():
    text = f"Crowd Storms Old Embassy in Riverside; Two Hurt\nBy Ana Ruiz\n\nRIVERSIDE, May 3 — {BODY}"
    found = from_header(text)
    assert (found.publisher, found.source_type) == (None, "news")


def test_publishers_metadata_outranks_the_header():
    found = from_header("Press Release\n\n" + BODY, SourceInfo("Given Publisher", "meta", "speech", "meta"))
    assert (found.publisher, found.publisher_from, found.source_type, found.source_type_from) == (
        "Given Publisher", "meta", "speech", "meta")


def test_publishers_json_ld_types_and_pdf_information():
    assert from_json_ld_types(["WebPage", "NewsArticle"]) == "news"
    assert from_json_ld_types(["Report"]) == "think-tank brief"
    info = from_pdf_info({"author": "Riverside Institute", "subject": "Policy Brief No. 3"})
    assert (info.publisher, info.source_type, info.publisher_from) == ("Riverside Institute", "think-tank brief", "meta")
    assert from_pdf_info({"author": "Ana Ruiz and Li Wen"}).publisher is None
    assert organisation("ASIA-PACIFIC WATER INITIATIVE") == ("Asia-Pacific Water Initiative", "think-tank brief")


def test_publishers_loaded_text_html_and_pdf_carry_kind_and_provenance(tmp_path):
    text = tmp_path / "statement.txt"
    text.write_text(f"Joint Statement on River Cooperation\nOffice of the Spokesperson\nMarch 2, 2021\n\n{BODY}\n",
                    encoding="utf-8")
    doc = load_document(str(text))
    assert (doc.publisher, doc.provenance["publisher"]) == ("U.S. Department of State", "header")
    assert (doc.source_type, doc.source_type_from) == ("official statement", "header")

    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="og:site_name" content="Valley Courier">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dams and Diplomacy"}</script>'
        f"</head><body><article><h1>Dams and Diplomacy</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>",
        encoding="utf-8")
    doc = load_document(str(page))
    assert (doc.publisher, doc.source_type, doc.source_type_from) == ("Valley Courier", "news", "json-ld")

    pdf = make_pdf(tmp_path / "brief.pdf", [["Dams and Diplomacy", "Policy Brief No. 3", BODY, BODY],
                                            [BODY, BODY]], header="RIVERSIDE INSTITUTE - Dams and Diplomacy")
    doc = load_document(str(pdf))
    assert (doc.publisher, doc.source_type) == ("Riverside Institute", "think-tank brief")
    assert "RIVERSIDE INSTITUTE" not in doc.text  # furniture stays out of the text


def test_publishers_user_vocabulary_adds_an_office(tmp_path):
    from bilat.config import Settings

    mine = tmp_path / "mine.yaml"
    mine.write_text("publishers:\n  offices:\n    Water Desk: {publisher: Valley Water Board, kind: official statement}\n",
                    encoding="utf-8")
    text = tmp_path / "note.txt"
    text.write_text(f"Water Desk\nMarch 2, 2021\n\n{BODY}\n", encoding="utf-8")
    plain = load_document(str(text))
    assert plain.publisher != "Valley Water Board"
    doc = load_document(str(text), Settings(vocab_files=[mine]))
    assert (doc.publisher, doc.source_type, doc.source_type_from) == (
        "Valley Water Board", "official statement", "header")
