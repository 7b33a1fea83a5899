"""Decoding text and HTML from bytes: byte-order marks, declared charsets, detection."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.ingest import load_document
from bilat.ingest.textfile import choose_encoding, decode_text, reads_as_western
from tests.ingest.conftest import Route
from tests.ingest.fidelity_fixtures import ACCENTED, CP1252_TEXT, PAGE_WITHOUT_CHARSET

LOCAL = Settings(allow_private=True, timeout=5.0)
RUSSIAN = "Министр иностранных дел заявил, что переговоры прошли успешно и стороны договорились о новой встрече."


@pytest.mark.parametrize("data, expected", [
    (CP1252_TEXT.encode("utf-8"), "utf-8"),
    (CP1252_TEXT.encode("utf-8-sig"), "utf-8-sig"),
    (b"\xff\xfe" + CP1252_TEXT.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + CP1252_TEXT.encode("utf-16-be"), "utf-16"),
    (CP1252_TEXT.encode("cp1252"), "cp1252"),  # no declaration: detected
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"])
def test_textfile_text_file_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    assert choose_encoding(data, str(path)) == expected
    text = load_document(str(path)).text
    assert text == CP1252_TEXT.strip()
    assert "envoy’s" in text and "Bogotá" in text and "“productive” – officials" in text and "Côté" in text


def test_textfile_other_script_is_detected_not_read_as_western() -> None:
    data = RUSSIAN.encode("cp1251")
    assert not reads_as_western(data.decode("cp1252"))
    assert decode_text(data, "ru.txt") == RUSSIAN


def test_textfile_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    data = "Ελληνικά: η συνάντηση έγινε στην Αθήνα.".encode("iso-8859-7")
    assert decode_text(data, "el.txt", declared=[None, "iso-8859-7"]) == "Ελληνικά: η συνάντηση έγινε στην Αθήνα."


def test_textfile_utf8_wins_over_a_wrong_latin1_label() -> None:
    data = "Zoë’s reply".encode("utf-8")
    assert decode_text(data, "page.html", declared="iso-8859-1") == "Zoë’s reply"


def _check_page(text: str) -> None:
    for expected in ACCENTED:
        assert expected in text
    assert "â" not in text and "Ã" not in text


def test_textfile_html_file_without_charset_keeps_quotes_and_accents(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE_WITHOUT_CHARSET.encode("utf-8"))
    _check_page(load_document(str(path)).text)


def test_textfile_html_served_without_charset_keeps_quotes_and_accents(server) -> None:
    server.routes["/page"] = Route(PAGE_WITHOUT_CHARSET.encode("utf-8"), "text/html")
    _check_page(load_document(server.url("/page"), LOCAL).text)


# cp1252 has no Turkish S-cedilla or g-breve: the page's Western names only
WESTERN_PAGE = PAGE_WITHOUT_CHARSET.replace("Şükrü Ağaoğlu", "Søren Ørsted")


@pytest.mark.parametrize("how", ["header", "meta", "undeclared"])
def test_textfile_html_in_cp1252_by_header_meta_or_detection(server, how: str) -> None:
    page = WESTERN_PAGE
    if how == "meta":
        page = page.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    server.routes["/page"] = Route(page.encode("cp1252"),
                                   "text/html; charset=windows-1252" if how == "header" else "text/html")
    text = load_document(server.url("/page"), LOCAL).text
    for expected in ("Zoë Ménard-Qureshi", "Søren Ørsted", "José Núñez", "Jordan’s", "“more than three hours”"):
        assert expected in text


def test_textfile_html_with_bom_and_xml_declaration(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = '<?xml version="1.0" encoding="utf-16"?>' + PAGE_WITHOUT_CHARSET
    path.write_bytes(page.encode("utf-16"))
    _check_page(load_document(str(path)).text)
