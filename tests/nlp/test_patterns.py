"""Event trigger candidates come from patterns that are data (bilat.nlp.patterns)."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from bilat import vocab
from bilat.config import Settings
from bilat.model import Document
from bilat.nlp.lexicon import load_lexicon
from bilat.nlp.patterns import TriggerMatcher, trigger_hits, variants
from bilat.nlp.process import process_documents
from bilat.vocab import VocabError


def events(text: str, published: str = "2021-05-03", vocab_files=()) -> set[tuple]:
    settings = Settings(vocab_files=list(vocab_files))
    doc = Document(id="t", source="t.txt", text=text, published=published)
    found = next(process_documents([doc], settings)).mentions
    return {(m.category, m.source_actor, m.target_actor) for m in found}


def test_patterns_each_category_lives_in_one_family_file():
    plover = vocab.load("plover")
    families = plover["families"]
    listed = [c for cats in families.values() for c in cats]
    assert sorted(listed) == sorted(plover["weights"]) and len(listed) == len(set(listed)) == 16
    assert set(families) == {"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
    assert families["verbal conflict"] == ["REQUEST", "ACCUSE", "REJECT", "THREATEN"]


def _scalars(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _scalars(v)
    elif isinstance(value, list):
        for v in value:
            yield from _scalars(v)
    else:
        yield value


def test_patterns_no_word_of_the_packaged_data_is_read_as_true_or_false():
    # YAML reads a bare no / on / off as a truth value: "no aid" would lose its negator
    data = resources.files("bilat.data")
    files = [f for f in data.iterdir() if f.name.endswith(".yaml")]
    files += [f for f in data.joinpath("plover").iterdir() if f.name.endswith(".yaml")]
    for f in files:
        bools = [v for v in _scalars(yaml.safe_load(f.read_text(encoding="utf-8"))) if isinstance(v, bool)]
        assert bools == [], f.name


def test_patterns_a_phrase_is_a_chain_of_dependents():
    # "put on alert": "on" depends on "put", "alert" on "on", with the object between
    assert ("MOBILIZE", "KEN", None) in {(c, s, None) for c, s, _ in
                                         events("Kenya put its army on alert on Sunday.")}


def test_patterns_stopping_a_relation_is_a_sanction_and_stopping_a_sanction_a_concession():
    assert ("SANCTION", "NOR", "ISL") in events("Norway suspended its aid to Iceland on Monday.")
    assert ("SANCTION", "NOR", "ISL") in events("Norway cut back on assistance to Iceland on Monday.")
    conceded = events("Norway suspended the sanctions on Iceland on Monday.")
    assert {c for c, _, _ in conceded} == {"CONCEDE"}


def test_patterns_hits_are_most_specific_first(nlp):
    lex = load_lexicon()
    doc = nlp("Chile removed its troops from the border and signed a decree.")
    removed = trigger_hits(doc, lex)[1]
    assert removed[0].kind == "object" and removed[0].category == "RETREAT"
    signed = next(h for i, hs in trigger_hits(doc, lex).items() for h in hs if doc[i].lower_ == "signed")
    assert signed.kind == "object" and signed.category is None  # the decree says what happened


def test_patterns_word_means_lemma_or_form():
    nodes = [{"RIGHT_ID": "n", "RIGHT_ATTRS": {"WORD": {"IN": ["Talks"]}, "LEMMA": {"NOT_IN": ["x"]}}}]
    lemma, lower = variants(nodes)
    assert lemma[0]["RIGHT_ATTRS"] == {"LEMMA": {"NOT_IN": ["x"], "IN": ["Talks"]}}
    assert lower[0]["RIGHT_ATTRS"] == {"LEMMA": {"NOT_IN": ["x"]}, "LOWER": {"IN": ["talks"]}}


TARIFFS = """plover:
  patterns:
    - name: tariffs slapped on a state
      category: SANCTION
      trigger: verb
      pattern:
        - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: slap}}
        - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: what, RIGHT_ATTRS: {DEP: dobj, LEMMA: {IN: [tariff, duty]}}}
"""


def test_patterns_a_user_file_adds_a_dependency_pattern(tmp_path):
    text = "Canada slapped tariffs on Brazilian steel on Monday."
    assert not any(c == "SANCTION" for c, _, _ in events(text))
    user = tmp_path / "tariffs.yaml"
    user.write_text(TARIFFS, encoding="utf-8")
    assert ("SANCTION", "CAN") in {(c, s) for c, s, _ in events(text, vocab_files=[user])}


@pytest.mark.parametrize(
    "body, message",
    [
        ("  patterns:\n    - {name: x, category: FRIENDSHIP, pattern: [{RIGHT_ID: a}]}\n",
         ":3: unknown PLOVER category 'FRIENDSHIP' in plover.patterns"),
        ("  patterns:\n    - {name: x, category: AID, pattern: [{LEFT_ID: a}]}\n",
         ":3: a pattern's pattern is a list of nodes, each a mapping with a RIGHT_ID"),
        ("  patterns:\n    - {name: x, category: AID, pattern: [{RIGHT_ID: a}], when: now}\n",
         ":3: a pattern has name, category, pattern and optionally mode, trigger, argument, role (unknown: when)"),
        ("  verbs:\n    AID: [give, no]\n", ":3: 'no' in plover.verbs.AID is read as true or false; write it in quotes"),
    ],
)
def test_patterns_a_bad_user_pattern_is_one_error_naming_file_and_line(tmp_path, body, message):
    user = tmp_path / "mine.yaml"
    user.write_text("plover:\n" + body, encoding="utf-8")
    with pytest.raises(VocabError) as err:
        vocab.check_files([user])
    assert str(err.value).startswith(f"{user}{message}")


def test_patterns_a_pattern_spacy_cannot_compile_is_named(nlp, tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("plover:\n  patterns:\n    - {name: odd, category: AID, pattern: "
                    "[{RIGHT_ID: a, RIGHT_ATTRS: {LEMMA: give}}, {LEFT_ID: a, REL_OP: '?', RIGHT_ID: b}]}\n"
                    "    - {name: lists, category: AID, pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {LEMMA: {IN: $nowhere}}}]}\n",
                    encoding="utf-8")
    lex = load_lexicon((str(user),))
    with pytest.raises(VocabError, match=r"plover pattern 'odd': "):
        TriggerMatcher(lex, nlp.vocab)


def test_patterns_assault_and_retaliation_are_assault_words():
    # PLOVER ASSAULT: "assault" as verb and noun
    assert ("ASSAULT", "KEN", "UGA") in events("Kenyan soldiers assaulted the Ugandan embassy on Monday.")
    assert ("ASSAULT", "KEN", "UGA") in events("Kenya launched an assault on Ugandan positions on Monday.")
