"""detect_language and the language load_document stores."""
from __future__ import annotations

import pytest

from bilat.ingest import load_document
from bilat.ingest.language import MIN_CONFIDENCE, Detection, detect_language
from tests.ingest.conftest import DATA

LANGUAGES = DATA / "languages"


@pytest.mark.parametrize("name, language", [
    ("notes_en.txt", "en"),
    ("notes_fr.txt", "fr"),
    ("notizen_de.txt", "de"),
])
def test_language_of_a_paragraph(name: str, language: str) -> None:
    found = detect_language((LANGUAGES / name).read_text(encoding="utf-8"))
    assert (found.language, found.detected) == (language, True)
    # plain English is told by its function words, without the model
    assert found.confidence is None if language == "en" else found.confidence >= MIN_CONFIDENCE


def test_language_english_text_does_not_load_the_model() -> None:
    from bilat.ingest import language

    language._identifier.cache_clear()
    assert detect_language((LANGUAGES / "notes_en.txt").read_text(encoding="utf-8")).language == "en"
    assert language._identifier.cache_info().currsize == 0
    assert detect_language((LANGUAGES / "notes_fr.txt").read_text(encoding="utf-8")).language == "fr"
    assert language._identifier.cache_info().currsize == 1


@pytest.mark.parametrize("text", [
    "Le gouvernement a annoncé de nouvelles sanctions contre le Pakistan.",  # 10 French words
    "Islamabad, 3 März 2012",
    "",
])
def test_language_short_text_is_taken_as_english(text: str) -> None:
    assert detect_language(text) == Detection("en", None, detected=False)


@pytest.mark.parametrize("text", [
    # names and figures only: the model's best guesses (Bikol, Hausa ...) come with low confidence
    "Islamabad Rawalpindi Lahore Karachi Peshawar Quetta Multan Faisalabad Sialkot Gujranwala "
    "Hyderabad Sukkur Bahawalpur Abbottabad Mardan Gilgit Skardu Muzaffarabad Gwadar Turbat Kohat",
    "Musharraf Bhutto Sharif Khan Zardari Gilani Abbasi Kakar Shehbaz Nawaz Benazir Zia Ayub Yahya "
    "Liaquat Jinnah Bush Obama Clinton Trump Biden Reagan Carter Nixon",
])
def test_language_unsure_guess_is_taken_as_english(text: str) -> None:
    found = detect_language(text)
    assert (found.language, found.detected) == ("en", False)
    assert found.confidence is not None and found.confidence < MIN_CONFIDENCE


def test_language_long_english_document_with_a_french_quote_is_english() -> None:
    english = (LANGUAGES / "notes_en.txt").read_text(encoding="utf-8")
    quote = "« Nous ne signerons pas ce traité sous la contrainte », a déclaré le ministre."
    assert detect_language(f"{english}\n\n{quote}\n\n{english}").language == "en"


def test_language_long_document_is_judged_on_samples() -> None:
    # a 300 KB French text reads as French, without scoring every byte of it
    french = (LANGUAGES / "notes_fr.txt").read_text(encoding="utf-8")
    assert detect_language("\n\n".join([french] * 600)).language == "fr"


@pytest.mark.parametrize("name, language", [
    ("notes_en.txt", "en"),
    ("notes_fr.txt", "fr"),
    ("notizen_de.txt", "de"),
])
def test_language_stored_on_the_loaded_document(name: str, language: str) -> None:
    doc = load_document(str(LANGUAGES / name))
    assert doc.language == language
    assert doc.extractable is (language == "en")
    if language != "en":
        assert doc.language_note == (f"language '{language}' detected, only English is extracted; "
                                     "stored without events")
