"""A definite event noun that names nothing of its own tells a happening already told."""
from __future__ import annotations

import pytest

from bilat.model import Document
from bilat.nlp.anaphora import refers_back
from bilat.nlp.lexicon import load_lexicon
from bilat.nlp.process import process_documents


def mentions(text: str, published: str = "2021-05-05"):
    doc = Document(id="a", source="a.txt", text=text, published=published)
    return [(m.category, m.source_actor, m.target_actor) for m in next(process_documents([doc])).mentions]


RAID = ("Kenyan forces raided a militant camp in Somalia on Monday, officials said.\n\n"
        "The raid killed four fighters, according to the Kenyan army.\n\n"
        "Somalia condemned the raid on Tuesday.")


def test_anaphora_the_raid_adds_no_second_raid():
    found = mentions(RAID)
    assert [m for m in found if m[0] == "ASSAULT"] == [("ASSAULT", "KEN", "SOM")]
    assert ("ACCUSE", "SOM", "KEN") in found  # condemning the raid is its own event, aimed at the raider


def test_anaphora_a_reaction_with_no_told_happening_keeps_no_target():
    assert ("ACCUSE", "SOM", None) in mentions("Somalia condemned the raid on Tuesday.")


def test_anaphora_a_raid_with_other_parties_is_another_raid():
    text = ("Kenyan forces raided a militant camp in Somalia on Monday.\n\n"
            "The raid by Ethiopian troops on a camp in Sudan followed on Tuesday.")
    assert ("ASSAULT", "ETH", "SDN") in mentions(text)


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("The raid killed four fighters.", "raid", True),
        ("This brutal attack shocked the region.", "attack", True),
        ("The Kenyan raid killed four fighters.", "raid", False),  # names its party
        ("The raid on the camp killed four fighters.", "raid", False),  # names its target
        ("A raid killed four fighters.", "raid", False),  # indefinite: a new happening
        ("The raid killed four fighters.", "killed", True),  # a verb whose subject refers back
        ("The leaders condemned the attack.", "condemned", False),  # a party as subject
        ("The meeting discussed a state visit.", "discussed", False),  # the clause names another
    ],
)
def test_anaphora_refers_back(nlp, text, word, expected):
    doc = nlp(text)
    tok = next(t for t in doc if t.lower_ == word)
    assert refers_back(tok, load_lexicon()) is expected
