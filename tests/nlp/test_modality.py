"""Modality of event triggers from the dependency parse."""
from __future__ import annotations

import pytest

from bilat.model import MODALITIES
from bilat.nlp.modality import modality_of, sentence_modality


def _trigger(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # news: plain past, passive, reported speech
        ("The United States imposed sanctions on three firms in 1998.", "imposed", "occurred"),
        ("Military aid to Islamabad was suspended in January.", "suspended", "occurred"),
        ("Officials said the army had raided the compound at dawn.", "raided", "occurred"),
        ("The spokesman confirmed that the two sides met in Doha.", "met", "occurred"),
        ("The troops were withdrawn and the base was closed.", "closed", "occurred"),
        # negation
        ("Washington did not impose new sanctions.", "impose", "negated"),
        ("The minister never visited the capital.", "visited", "negated"),
        ("The agreement has not been signed.", "signed", "negated"),
        ("The agreement has not been signed.", "agreement", "negated"),
        ("No agreement was reached at the talks.", "reached", "negated"),
        ("Pakistan refused to hold talks with its neighbour.", "hold", "negated"),
        ("The government failed to curb the militant groups.", "curb", "negated"),
        ("The two sides could not agree on a ceasefire.", "agree", "negated"),
        ("Islamabad has yet to ratify the treaty.", "ratify", "negated"),
        ("The ministry denied that it had cut funding.", "cut", "negated"),
        ("Pakistan's refusal to join the coalition angered Washington.", "join", "negated"),
        # future and intention
        ("The United States will provide military equipment to its partners.", "provide", "planned"),
        ("Islamabad will host and chair the meeting.", "chair", "planned"),
        ("Beijing plans to fund new border crossings.", "fund", "planned"),
        ("Beijing plans to fund new border crossings.", "plans", "planned"),
        ("The president is set to visit the region next week.", "visit", "planned"),
        ("The minister is expected to meet his counterpart.", "meet", "planned"),
        ("The government intends to seek a new loan.", "seek", "planned"),
        ("Both countries agreed to resume direct flights.", "resume", "planned"),
        ("The ministry announced it would release the prisoners.", "release", "planned"),
        ("The US is going to withdraw its remaining troops.", "withdraw", "planned"),
        ("The envoy is to visit Kabul in the spring.", "visit", "planned"),
        ("The leaders looked forward to convening a summit.", "convening", "planned"),
        ("The leaders looked forward to convening a summit.", "looked", "planned"),
        ("Washington stands ready to help its allies.", "help", "planned"),
        ("In 2022 the government declared its intention to leave the treaty.", "declared", "planned"),
        # a future or conditional said not to happen is a denial, not a plan
        ("The grain will not be delivered.", "delivered", "negated"),
        ("Ghana will not retaliate against Togo, its defence minister said.", "retaliate", "negated"),
        ("The ministry said it would not attend the conference.", "attend", "negated"),
        # intentions and attempts are plans, whatever the parser's lemma ("hoping" -> "hop")
        ("The two governments are hoping to reach an accord on fishing.", "accord", "planned"),
        ("Negotiators tried to settle the border dispute.", "settle", "planned"),
        # refraining from an act, and quantities that amount to none
        ("The cabinet refrained from imposing new tariffs on Chile on Monday.", "tariffs", "negated"),
        ("The council stopped short of recognising the new government.", "recognising", "negated"),
        ("The donors gave little aid to the province.", "aid", "negated"),
        ("The donors gave a little aid to the province.", "aid", "occurred"),
        ("The planned visit was postponed by a week.", "visit", "planned"),
        ("Officials discussed the upcoming summit.", "summit", "planned"),
        ("The government announced that it will resume exports.", "announced", "planned"),
        # recommendations (think-tank register)
        ("Washington should resume military aid to Pakistan.", "resume", "recommended"),
        ("The United States must press Islamabad on terrorism.", "press", "recommended"),
        ("The US ought to rethink its drone policy.", "rethink", "recommended"),
        ("Washington needs to engage the civilian government.", "engage", "recommended"),
        ("We recommend that Washington resume military aid.", "resume", "recommended"),
        ("It is essential that Washington engage Islamabad directly.", "engage", "recommended"),
        ("The administration should consider lifting the sanctions.", "lifting", "recommended"),
        ("Policymakers have to rebuild trust with the region.", "rebuild", "recommended"),
        # hypothetical
        ("The US could impose sanctions on the firms.", "impose", "hypothetical"),
        ("A permanent member may veto the resolution.", "veto", "hypothetical"),
        ("If Islamabad cooperated, the US would resume aid.", "resume", "hypothetical"),
        ("Potential sanctions worry investors.", "sanctions", "hypothetical"),
        ("Delegates discussed a possible ceasefire.", "ceasefire", "hypothetical"),
        ("Extending the corridor is under consideration.", "Extending", "hypothetical"),
        ("Pakistan might turn towards China for support.", "turn", "hypothetical"),
    ],
)
def test_modality_of_trigger(nlp, sentence: str, trigger: str, expected: str) -> None:
    doc = nlp(sentence)
    assert modality_of(_trigger(doc, trigger)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The envoy presented his credentials in September.", "occurred"),
        ("The two governments will exchange ambassadors.", "planned"),
        ("Washington should reward reform, not promises.", "recommended"),
        ("Aid could diminish sharply next year.", "hypothetical"),
        ("The incident did not damage cooperation.", "negated"),
    ],
)
def test_modality_sentence_default(nlp, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    assert sentence_modality(next(iter(doc.sents))) == expected


def test_modality_every_token_gets_a_known_value(nlp) -> None:
    doc = nlp("If the talks fail, Washington may cut aid, but officials said they will not "
              "abandon the partnership that began in 1954 and never intended to leave.")
    assert {modality_of(t) for t in doc} <= set(MODALITIES)


@pytest.mark.parametrize(
    "sentence, trigger, expected",
    [
        ("Russia mounted its long-threatened invasion of Ukraine.", "invasion", "occurred"),
        ("Chile held the planned talks with Peru on Monday.", "talks", "occurred"),
        ("Chile discussed the planned talks with Peru.", "talks", "planned"),
        ("Russia denied a possible invasion of Ukraine.", "invasion", "hypothetical"),
    ],
)
def test_modality_noun_carried_out_by_past_verb(nlp, sentence: str, trigger: str, expected: str) -> None:
    doc = nlp(sentence)
    assert modality_of(_trigger(doc, trigger)) == expected
