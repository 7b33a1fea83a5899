"""load_document on each kind of file, and every kind of bad file with its message."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.errors import InputError
from bilat.ingest import content_hash, load_document
from bilat.ingest.text import paragraphs
from tests.ingest.conftest import DATA


def test_loader_text_with_clutter_and_header_metadata() -> None:
    doc = load_document(str(DATA / "cluttered_article.txt"))
    expected = (DATA / "cluttered_article.expected.txt").read_text(encoding="utf-8").strip()
    assert doc.text == expected
    assert doc.kind == "text"
    assert doc.title == "Trade Ministers Agree to Revive Joint Council After Long Pause"
    assert doc.author == "Amina Farooq"
    assert (doc.published, doc.published_precision) == ("2020-03-03", "day")
    assert doc.provenance == {"title": "header", "author": "header", "publisher": "none", "published": "header"}
    assert doc.content_hash == content_hash(doc.text) and doc.id == doc.content_hash[:16]
    assert doc.words == len(re.findall(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*", doc.text))
    assert len(paragraphs(doc.text)) == 9


def test_loader_html_meta_tags() -> None:
    doc = load_document(str(DATA / "article_meta.html"))
    assert doc.kind == "html"
    assert (doc.title, doc.author, doc.publisher) == (
        "Trade Ministers Agree to Revive Joint Council After Long Pause", "Amina Farooq", "Example Herald")
    assert (doc.published, doc.published_precision) == ("2020-03-03", "day")
    assert doc.provenance == {"title": "meta", "author": "meta", "publisher": "meta", "published": "meta"}
    assert "revive a joint council" in doc.text
    for furniture in ("Subscribe", "All rights reserved", "Farmers Rally", "Facebook"):
        assert furniture not in doc.text
    assert "A Slow Thaw" in doc.text


def test_loader_html_json_ld() -> None:
    doc = load_document(str(DATA / "article_jsonld.html"))
    assert (doc.title, doc.author, doc.publisher) == (
        "Envoys Open Talks on Water Sharing", "Daniel Okafor, Sara Lind", "Example Observer")
    assert (doc.published, doc.published_precision) == ("2019-11-21", "day")
    assert set(doc.provenance.values()) == {"json-ld"}
    assert len(paragraphs(doc.text)) == 4  # the headline and three paragraphs


def test_loader_markdown_front_matter_and_markup() -> None:
    doc = load_document(str(DATA / "briefing.md"))
    assert (doc.title, doc.author) == ("Notes on the Port Agreement", "Leila Haddad")
    assert (doc.published, doc.published_precision) == ("2022-06", "month")
    assert doc.provenance["title"] == "meta"
    assert "**" not in doc.text and "](" not in doc.text and "# " not in doc.text
    assert "signed a twenty-year lease" in doc.text and "the ministry's release" in doc.text


def test_loader_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café du ministère a rouvert après les négociations de l'été.".encode("latin-1"))
    doc = load_document(str(path))
    assert "café du ministère" in doc.text


def test_loader_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("The delegation arrived on Monday.".encode("utf-16"))
    assert load_document(str(path)).text == "The delegation arrived on Monday."


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("notes.docx", b"PK\x03\x04 not really a document",
         "unsupported file type '.docx' (supported: .txt, .md, .html, .htm, .pdf)"),
        ("README", b"plain words", "unsupported file type (no extension) (supported: .txt, .md, .html, .htm, .pdf)"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t\n", "empty file"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x00\x00text", "binary file (contains NUL bytes), not text"),
        ("controls.txt", b"\x01\x02\x03\x04\x05\x06 abc \x07\x08\x0e\x0f", "binary file (control characters), not text"),
        ("bad.txt", b"caf\xc3 and \x81\x8d\x8f\x90 bytes",
         "undecodable (not UTF-8: byte 0xc3 at offset 3, and no other encoding detected)"),
        ("furniture.txt", b"Share\n\nTop of Form\n\n- Advertisement -\n", "no text after cleaning"),
        ("page.html", b"<html><head><title></title></head><body><script>var a = 1;</script></body></html>",
         "no text after cleaning"),
        ("menu.html", b"<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
                      b"<footer>Contact us</footer></body></html>", "no text after cleaning"),
        ("fake.pdf", b"this is not a PDF at all", "corrupt PDF (cannot be parsed)"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R", "corrupt PDF (cannot be parsed)"),
    ],
)
def test_loader_bad_input_reasons(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    source = _write(tmp_path / name, data)
    with pytest.raises(InputError) as caught:
        load_document(source)
    assert caught.value.reason == reason
    assert str(caught.value) == f"{source}: {reason}"


def test_loader_short_html_page_keeps_its_body(tmp_path: Path) -> None:
    page = ("<html><body><nav><a href='/'>Home</a></nav><p>Envoys met in Kabul on Monday.</p>"
            "<footer>Contact us</footer></body></html>")
    doc = load_document(_write(tmp_path / "short.html", page.encode()))
    assert doc.text == "Envoys met in Kabul on Monday."


def test_loader_missing_file(tmp_path: Path) -> None:
    source = str(tmp_path / "gone.txt")
    with pytest.raises(InputError, match=r"gone\.txt: no such file or folder$"):
        load_document(source)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_loader_unreadable_file(tmp_path: Path) -> None:
    source = _write(tmp_path / "locked.txt", b"The council met.")
    os.chmod(source, 0)
    try:
        with pytest.raises(InputError) as caught:
            load_document(source)
    finally:
        os.chmod(source, 0o644)
    assert caught.value.reason == "unreadable (permission denied)"


def test_loader_unreadable_file_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write(tmp_path / "locked.txt", b"The council met.")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as caught:
        load_document(source)
    assert str(caught.value) == f"{source}: unreadable (permission denied)"


@pytest.mark.parametrize("max_bytes, reason", [(100, "over the size cap of 100 bytes"),
                                               (1024, "over the size cap of 1 KB")])
def test_loader_size_cap_checked_before_reading(tmp_path: Path, max_bytes: int, reason: str) -> None:
    source = _write(tmp_path / "big.txt", b"The ministers met again. " * 200)
    with pytest.raises(InputError) as caught:
        load_document(source, Settings(max_bytes=max_bytes))
    assert caught.value.reason == reason


def test_loader_default_size_cap_is_50_mb() -> None:
    from bilat.ingest.textfile import size_cap_reason

    assert size_cap_reason(Settings().max_bytes) == "over the size cap of 50 MB"


def test_loader_same_text_same_identity(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", b"The Talks Resumed.\n\nBoth sides   met in the capital on Monday.")
    b = _write(tmp_path / "b.txt", b"the talks resumed.\r\n\r\nboth sides met in the capital on monday.\r\n")
    assert load_document(a).id == load_document(b).id


@pytest.mark.parametrize("max_chars, refused", [(58, False), (57, True)])
def test_loader_max_chars_counts_the_cleaned_text(tmp_path: Path, max_chars: int, refused: bool) -> None:
    path = tmp_path / "note.txt"
    # 58 characters once the trailing blank lines are tidied away
    path.write_text("Pakistan and India met.\n\nThe talks went on for three days.\n\n\n\n", encoding="utf-8")
    settings = Settings(max_chars=max_chars)
    if not refused:
        assert len(load_document(str(path), settings).text) == 58
        return
    with pytest.raises(InputError) as err:
        load_document(str(path), settings)
    assert str(err.value) == f"{path}: text has 58 characters, over the --max-chars limit of 57"
