"""The anchored matcher finds what spaCy's DependencyMatcher finds, on the same patterns."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from bilat.nlp.depmatch import AnchoredDependencyMatcher
from bilat.nlp.lexicon import load_lexicon
from bilat.nlp.patterns import TriggerMatcher

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "texts"

SENTENCES = [
    "Norway suspended its aid to Iceland and cut back on loans after the vote.",
    "The embargo was lifted, and talks were broken off a week later.",
    "Chile took out its troops from the border and signed a decree on trade.",
    "The minister said the neighbours must end the blockade, and called for a peace process.",
    "Kenya put its army on alert while an aid programme to Somalia went ahead.",
    "The arms sale was approved; a drone strike killed four fighters near the border.",
    "Peru turned to the fund for a bailout and asked Chile for assistance.",
    "Officials announced the cut-off of assistance to the islands and the end of the sanctions.",
    "The two leaders held a new round of talks and agreed to resume the state visit.",
]


def _spacy_and_ours(nlp, patterns):
    theirs, ours = DependencyMatcher(nlp.vocab), AnchoredDependencyMatcher(nlp.vocab)
    for key, nodes in patterns:
        theirs.add(key, nodes)
        ours.add(key, nodes)
    return theirs, ours


def _same(nlp, theirs, ours, doc):
    spacy_found = {(nlp.vocab.strings[k], tuple(t)) for k, t in theirs(doc)}
    our_found = {(k, tuple(t)) for k, t in ours(doc)}
    assert our_found == spacy_found


@pytest.fixture(scope="module")
def trigger_patterns(nlp):
    """Every pattern of the packaged lexicon, as (key, [pattern variants]); spaCy checks each."""
    matcher = TriggerMatcher(load_lexicon(), nlp.vocab, validate=True)
    return [(key, variants) for key, variants in matcher.matcher._patterns.items()]


def test_depmatch_agrees_with_spacy_on_the_trigger_patterns(nlp, trigger_patterns):
    theirs, ours = _spacy_and_ours(nlp, trigger_patterns)
    assert len(ours) > 1000
    found = 0
    for doc in nlp.pipe(SENTENCES):
        _same(nlp, theirs, ours, doc)
        found += len(ours(doc))
    assert found > 40  # the sentences exercise the patterns


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared/eval/dev is absent: only the own sentences are compared")
def test_depmatch_agrees_with_spacy_on_the_dev_documents(nlp, trigger_patterns):
    theirs, ours = _spacy_and_ours(nlp, trigger_patterns)
    texts = [p.read_text(encoding="utf-8")[:20000] for p in sorted(SHARED_DEV.glob("*.txt"))[:6]]
    for doc in nlp.pipe(texts):
        _same(nlp, theirs, ours, doc)


@pytest.mark.parametrize("op", ["<", ">", "<<", ">>", ".", ".*", ";", ";*", "$+", "$-", "$++", "$--",
                                ">+", ">-", ">++", ">--", "<+", "<-", "<++", "<--"])
def test_depmatch_each_relation_is_spacys(nlp, op):
    pattern = [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"IN": ["sanctions", "aid", "minister", "talks"]}}},
               {"LEFT_ID": "a", "REL_OP": op, "RIGHT_ID": "b", "RIGHT_ATTRS": {"IS_PUNCT": False}}]
    theirs, ours = _spacy_and_ours(nlp, [("rel", [pattern])])
    for doc in nlp.pipe(SENTENCES + ["The minister of trade said the talks on aid and sanctions would go on."]):
        _same(nlp, theirs, ours, doc)


def test_depmatch_refuses_what_it_cannot_evaluate(nlp):
    ours = AnchoredDependencyMatcher(nlp.vocab)
    with pytest.raises(ValueError, match="only IN and NOT_IN"):
        ours.add("x", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^aid"}}}]], validate=False)
    with pytest.raises(ValueError, match="not supported"):
        ours.add("y", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"MORPH": "Number=Plur"}}]], validate=False)
