"""PDF loading: running headers, page numbers and footnotes; encrypted and corrupt files."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.errors import InputError
from bilat.ingest import load_document
from bilat.ingest.pdf import clean_pages, running_lines
from tests.ingest.conftest import make_pdf

HEADER = "Regional Policy Brief - Institute for Example Studies"
PAGES = [
    [
        "Water Cooperation Between Upstream and Downstream States",
        "The two governments signed a framework on flood data in 2018, and both ministries have since "
        "exchanged river gauge readings every monsoon season.1",
        "Engineers say the exchange has shortened warning times for villages along the lower river by "
        "several hours, though gaps remain in the winter months.",
    ],
    [
        "Funding and Oversight",
        "A donor conference pledged 120 million dollars for new telemetry stations in 2021, of which "
        "roughly half had been disbursed by the end of the following year.2",
        "Auditors found that three stations were never connected to the shared server, and the joint "
        "commission asked both sides to report on repairs.",
    ],
    ["The commission will meet again in the spring to review the repairs and to consider extending the "
     "framework to groundwater data."],
]
FOOTNOTES = {1: "1 Ministry of Water, Annual Monitoring Report, 2019.",
             2: "2 Conference communique, Geneva, March 2021."}


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "brief.pdf", PAGES, header=HEADER, footnotes=FOOTNOTES)


def test_pdf_drops_running_header_and_page_numbers(brief: Path) -> None:
    doc = load_document(str(brief))
    assert doc.kind == "pdf"
    assert HEADER not in doc.text
    assert "Page 1 of 3" not in doc.text and "of 3" not in doc.text


def test_pdf_keeps_every_paragraph_and_footnote(brief: Path) -> None:
    doc = load_document(str(brief))
    blocks = doc.text.split("\n\n")
    for page in PAGES:
        for paragraph in page:
            assert paragraph in blocks
    for note in FOOTNOTES.values():
        assert note in blocks
    assert doc.title == PAGES[0][0] and doc.provenance["title"] == "header"


TOPICS = ("fisheries tariffs visas pilgrims railways pipelines vaccines scholarships satellites wheat cotton "
          "dams ports customs airspace banking insurance telecoms textiles fertiliser shipping tourism "
          "archives museums courts elections police hospitals refineries bridges highways libraries "
          "mining forestry orchards dairy poultry timber cement steel").split()


def test_pdf_paragraph_continues_across_a_page_break(tmp_path: Path) -> None:
    sentences = [f"The delegations reviewed the clauses on {topic} with lawyers from both foreign ministries present, "
                 f"and agreed that experts on {topic} would draft a separate annex before the next round."
                 for topic in TOPICS]
    path = make_pdf(tmp_path / "long.pdf", [[" ".join(sentences)]], header=HEADER)
    from pypdf import PdfReader

    assert len(PdfReader(str(path)).pages) >= 2
    doc = load_document(str(path))
    assert doc.text == " ".join(sentences)


def test_pdf_running_lines_need_most_pages() -> None:
    pages = [["Brief No. 4", "Alpha text here.", "1"], ["Brief No. 4", "Beta text.", "2"],
             ["Gamma text alone.", "3"], ["Brief No. 4", "Delta.", "4"]]
    assert running_lines(pages) == {"brief no. #", "#"}
    assert clean_pages(["\n".join(p) for p in pages]).split("\n\n") == [
        "Alpha text here.", "Beta text.", "Gamma text alone.", "Delta."]


def test_pdf_encrypted_with_password_is_refused(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", PAGES[:1], encrypt_with="s3cret")
    with pytest.raises(InputError) as caught:
        load_document(str(path))
    assert str(caught.value) == f"{path}: encrypted PDF (password required)"


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "open.pdf", PAGES[:1], encrypt_with="")
    assert PAGES[0][1] in load_document(str(path)).text


def test_pdf_corrupt_body_is_refused(brief: Path, tmp_path: Path) -> None:
    data = brief.read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:9] + b"\x00garbage" * 50)
    with pytest.raises(InputError) as caught:
        load_document(str(broken))
    assert caught.value.reason == "corrupt PDF (cannot be parsed)"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as caught:
        load_document(str(path))
    assert caught.value.reason == "no text after cleaning (a scanned PDF without a text layer?)"


# -- a brief with a first-page footer, a running footer that repeats the title, a disclaimer --
from bilat.ingest.hyphens import Dehyphenator  # noqa: E402
from bilat.ingest.pdf import _furniture_shaped  # noqa: E402
from tests.ingest.fidelity_fixtures import BRIEF_TITLE, FIRST_PAGE_FOOTER, brief_pdf  # noqa: E402

BRIEF_TEXT = [
    BRIEF_TITLE,
    "Since the treaty was signed, the two states have met in their commission almost every year, even in years "
    "when their armies faced each other along the border, and the engineers of both sides still exchange "
    "readings of river flows each monsoon season.",
    "The commission last met in Delhi in May, when the delegations argued at length over a second-largest dam "
    "on a western tributary, the biggest project of its kind anywhere in the country, and agreed only to "
    "exchange more data on river flows before their next meeting.",
    "Farmers downstream depend on the river for most of their irrigation, and the brief argues that the "
    "commission should publish its flood data within hours rather than weeks.",
    "Both governments should also let the commission's engineers visit each other's sites twice a year, as the "
    "treaty allows, so that disputes are settled by measurement and not by rhetoric.",
]


def test_pdf_brief_loses_its_furniture_and_disclaimer_and_keeps_its_title(tmp_path: Path) -> None:
    doc = load_document(str(brief_pdf(tmp_path / "brief.pdf")))
    assert doc.text.split("\n\n") == BRIEF_TEXT
    for line in FIRST_PAGE_FOOTER:
        assert line not in doc.text
    assert (doc.title, doc.provenance["title"]) == (BRIEF_TITLE, "header")
    # the disclaimer is gone from the text but still names the publisher
    assert doc.publisher == "Institute for Riverine Studies"


@pytest.mark.parametrize("meta_title, title, provenance", [
    (BRIEF_TITLE, BRIEF_TITLE, "meta"),
    ("Microsoft Word - indus_final_v3.docx", BRIEF_TITLE, "header"),  # a file name is no title
])
def test_pdf_title_from_document_information_unless_it_is_a_file_name(tmp_path: Path, meta_title: str,
                                                                         title: str, provenance: str) -> None:
    from pypdf import PdfReader, PdfWriter

    path = brief_pdf(tmp_path / "brief.pdf")
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer.add_metadata({"/Title": meta_title})
    writer.write(str(path))
    doc = load_document(str(path))
    assert (doc.title, doc.provenance["title"]) == (title, provenance)


@pytest.mark.parametrize("current, line, joined", [
    ("the coun-", "try was", "the country was"),
    ("both govern-", "ments agreed", "both governments agreed"),
    ("a second-", "largest dam", "a second-largest dam"),
    ("a long-", "term plan", "a long-term plan"),
    ("the 1990s and the re-", "election", "the 1990s and the re-election"),  # the text writes "re-election"
    ("a cease-", "fire held", "a ceasefire held"),  # the text writes "ceasefire"
])
def test_pdf_line_end_hyphen_joins_only_into_a_word(current: str, line: str, joined: str) -> None:
    elsewhere = ["After the re-election campaign, the ceasefire was extended."]
    assert Dehyphenator([current, line, *elsewhere]).join(current, line) == joined


@pytest.mark.parametrize("line, furniture", [
    ("www.riverine-studies.example | Report No. IRS-2024-07", True),
    ("https://www.example.org/briefs/2024/indus", True),
    ("CRS Report RL33498", True),
    ("© 2024 Institute for Riverine Studies", True),
    ("Page 4 of 12", True),
    ("Harbour Policy Centre - harbour.example Page 2 of 9", True),
    ("Institute for Riverine Studies, 14 Canal Road, Lahore", False),
    ("The ministry published the figures on www.example.org the next morning.", False),
    ("Report No. 7 found that exports to the United States fell by a fifth in two years.", False),
])
def test_pdf_furniture_shapes(line: str, furniture: bool) -> None:
    assert _furniture_shaped(line) is furniture
