"""The PLOVER category classifier on sentences written for these tests (none is a training sentence)."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from bilat.nlp.categories import CATEGORIES
from bilat.nlp.classifier import CategoryClassifier, text_terms, trigger_terms

CASES = [
    ("Uruguay and Paraguay signed an accord on river navigation last week.", "sign", "AGREE"),
    ("The Thai premier flew to Hanoi for talks with the Vietnamese leadership.", "talk", "CONSULT"),
    ("The Dutch government praised Ghana for its peaceful transfer of power.", "praise", "SUPPORT"),
    ("Seoul lifted its ban on beef imports from the United States.", "lift", "CONCEDE"),
    ("Polish and Lithuanian troops held joint military exercises near the border.", "exercise", "COOPERATE"),
    ("Norway provided $40 million in humanitarian aid to Sudan.", "provide", "AID"),
    ("The Ugandan army withdrew its soldiers from the eastern provinces of Congo.", "withdraw", "RETREAT"),
    ("The Swedish minister urged Belgrade to hand over the war crimes suspects.", "urge", "REQUEST"),
    ("Manila accused Beijing of harassing its fishermen in the disputed shoal.", "accuse", "ACCUSE"),
    ("Caracas rejected the proposal for new presidential elections.", "reject", "REJECT"),
    ("The general threatened to send tanks into the rebellious province.", "threaten", "THREATEN"),
    ("Thousands of teachers demonstrated in Nairobi against the pay freeze.", "demonstrate", "PROTEST"),
    ("The Treasury imposed sanctions on three Iranian shipping companies.", "impose", "SANCTION"),
    ("Azerbaijan mobilized its reservists as tension rose with Armenia.", "mobilize", "MOBILIZE"),
    ("Egyptian police arrested dozens of opposition supporters in Cairo.", "arrest", "COERCE"),
    ("Rebel fighters attacked an army base in the north, killing twelve soldiers.", "attack", "ASSAULT"),
]


@pytest.fixture(scope="module")
def model() -> CategoryClassifier:
    return CategoryClassifier.load()


def test_classifier_model_file_loads(model):
    assert sorted(model.classes) == sorted(CATEGORIES)
    assert model.text_coef.shape == (len(model.text_vocab), len(CATEGORIES))
    assert model.trigger_coef.shape == (len(model.trigger_vocab), len(CATEGORIES))
    assert CategoryClassifier.load() is model  # cached


@pytest.mark.parametrize("text, trigger, expected", CASES, ids=[c[2] for c in CASES])
def test_classifier_top_category(model, text, trigger, expected):
    category, p = model.predict(text, trigger)
    assert category == expected, model.predict_proba(text, trigger)
    assert 0.0 < p <= 1.0


@pytest.mark.parametrize("text, trigger, expected", CASES[::4], ids=[c[2] for c in CASES[::4]])
def test_classifier_probabilities_sum_to_one(model, text, trigger, expected):
    for trig in (trigger, None):
        proba = model.predict_proba(text, trig)
        assert set(proba) == set(CATEGORIES)
        assert sum(proba.values()) == pytest.approx(1.0)
        assert all(0.0 <= v <= 1.0 for v in proba.values())


@pytest.mark.parametrize("text, lemma, expected", [
    ("Chile and Bolivia signed a gas deal.", "sign", "AGREE"),
    ("The navy intercepted and seized a cargo ship.", "seize", "COERCE"),
])
def test_classifier_parsed_trigger(nlp, model, text, lemma, expected):
    doc = nlp(text)
    tok = next(t for t in doc if t.lemma_ == lemma)
    assert "t=" + lemma in trigger_terms(tok)
    assert model.predict(text, tok)[0] == expected
    assert model.revise(text, tok, expected) == expected


def test_classifier_text_terms_have_bigrams():
    terms = text_terms("Talks resumed in 2024.")
    assert terms[:3] == ["talks", "resumed", "in"]
    assert "<num>" in terms and "talks resumed" in terms


def test_classifier_revise_keeps_lexicon_when_unsure(model):
    text = "The delegation went to the capital."
    strict = CategoryClassifier.load()
    old = strict.threshold
    try:
        strict.threshold = 1.01  # nothing is that sure: the lexicon's category stands
        assert strict.revise(text, "go", "CONSULT") == "CONSULT"
    finally:
        strict.threshold = old


def test_classifier_attribution_notice_exists():
    data = resources.files("bilat.data")
    notice = data.joinpath("NOTICE-category-model.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice and "Open Event Data Alliance" in notice
    header = json.loads(data.joinpath("category_model.json").read_text(encoding="utf-8"))["header"]
    assert "CC BY-SA 4.0" in header and "Open Event Data Alliance" in header
