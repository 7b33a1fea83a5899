"""extract_html and load_document on pathologically nested pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.errors import InputError
from bilat.ingest import load_document
from bilat.ingest.html import extract_html, nesting_depth

ARTICLE = ("Washington imposed sanctions on Pakistan in 1998 after the nuclear tests, "
           "officials said in a statement on Monday.")


def _nested_page(levels: int, tag: str = "div") -> str:
    """A page whose one article paragraph sits inside `levels` nested elements."""
    return ("<html><head><title>Sanctions</title></head><body>" + f"<{tag} class='wrap'>" * levels
            + f"<p>{ARTICLE}</p>" + f"</{tag}>" * levels + "</body></html>")


@pytest.mark.parametrize("levels", [300, 1000, 2000])
def test_html_deeply_nested_page_keeps_its_text(tmp_path: Path, levels: int) -> None:
    # libxml2's default limit (256 levels) used to drop the paragraph: "no text after cleaning"
    path = tmp_path / "deep.html"
    path.write_text(_nested_page(levels), encoding="utf-8")
    doc = load_document(str(path))
    assert doc.text == ARTICLE
    assert doc.title == "Sanctions"


def test_html_deep_staircase_keeps_every_paragraph() -> None:
    # each level holds text of its own, so nothing can be collapsed: all 400 paragraphs stay
    levels = 400
    page = ("<html><body>" + "".join(f"<div><p>Paragraph {i}: envoys met in Kabul on Monday.</p>"
                                      for i in range(levels)) + "</div>" * levels + "</body></html>")
    text = extract_html(page).text
    assert text.split("\n\n") == [f"Paragraph {i}: envoys met in Kabul on Monday." for i in range(levels)]


def test_html_nested_past_libxml2_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deeper.html"
    path.write_text(_nested_page(3000), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_document(str(path))
    assert str(raised.value) == f"{path}: HTML nested deeper than 2048 levels"


def test_html_nesting_depth_counts_levels() -> None:
    import lxml.html

    tree = lxml.html.document_fromstring("<html><body><div><p>x</p></div></body></html>")
    assert nesting_depth(tree) == 4  # html > body > div > p
