"""Characterizations: statements about the state of a relationship over a period, on sentences
written for these tests."""
from __future__ import annotations

import pytest

from bilat.dates import find_dates
from bilat.model import Characterization
from bilat.nlp.characterizations import Context, find_characterizations, fold_repeats, load_cues


def characterize(text: str, pair: tuple[str, str] | None = ("USA", "PAK"), published: str | None = None,
                 vocab_files: tuple[str, ...] = ()) -> list[Characterization]:
    from bilat.nlp.actors import default_resolver
    from bilat.nlp.pipeline import load_nlp

    from pathlib import Path

    resolver = default_resolver(tuple(Path(p) for p in vocab_files))
    doc = load_nlp()(text)
    out = []
    for sent in doc.sents:
        ctx = Context(doc_id="t", doc="t.txt", pair=pair, dates=find_dates(sent.text, published, sent.start_char))
        out += find_characterizations(sent, resolver, ctx, load_cues(tuple(vocab_files)))
    return out


@pytest.mark.parametrize(
    ("text", "label", "actor", "start", "end"),
    [
        ("Relations between Islamabad and Washington cooled sharply in the late 1990s.", "estrangement", "PAK",
         "1996", "1999"),
        ("Ghana and Togo became close allies after 1961.", "engagement", "GHA", "1961", None),
        ("Ties between Peru and Chile improved steadily through the 2000s.", "engagement", "PER", "2000", "2009"),
        ("For much of the 1970s Norway had a transactional relationship with Iceland.", "mixed", "NOR", "1970",
         "1979"),
        ("Mistrust between Hanoi and Beijing deepened in 1979.", "estrangement", "VNM", "1979", None),
        ("In 1985 Argentina and Brazil had no diplomatic relations to speak of.", "estrangement", "ARG", "1985",
         None),
        ("After 1989, Kenya and Uganda drifted apart for about a decade.", "estrangement", "KEN", "1989", "1999"),
        ("Since 2001 Mongolia has been a steadfast partner of Japan.", "engagement", "MNG", "2001", None),
    ],
)
def test_characterizations_label_parties_and_period(text, label, actor, start, end):
    found = characterize(text)
    assert len(found) == 1, found
    item = found[0]
    assert item.label == label
    assert actor in item.actors and None not in item.actors
    assert item.start == start
    if end is not None:
        assert item.end == end
    assert item.quote == text


@pytest.mark.parametrize(
    "text",
    [
        "Laos and Thailand signed a friendship treaty in 1976.",  # a happening's name
        "The ministers held talks aimed at improving relations between Laos and Thailand.",  # a goal
        "Thailand joined the alliance in 1954.",  # joining is a happening
        "Our allies in Europe will meet in Brussels next week.",  # "our allies" names no one
        "The two teams met in an international competition in Japan in 1971.",  # not about states
        "The leaders pledged to prevent the rivalry between Laos and Thailand from sliding into confrontation.",
        # a relationship "between" two people of one state, or two bodies bilat cannot place,
        # is domestic: the document's pair is not its parties
        "Relations between President Arif Alvi and Imran Khan soured after the vote.",
        "Relations between the army and the prime minister soured in 1999.",
    ],
)
def test_characterizations_left_out(text):
    assert characterize(text) == []


def test_characterizations_both_nations_are_the_states_the_sentence_joins():
    found = characterize("Neither Chile nor Peru backed the plan; by then both nations were drifting away from "
                         "the bloc in the early 1980s.", pair=("USA", "PAK"))
    assert [(sorted(c.actors), c.label, c.start, c.end) for c in found] == [
        (["CHL", "PER"], "estrangement", "1980", "1983")]


def test_characterizations_opposite_cues_for_one_pair_give_two_statements():
    found = characterize("After years of hostility, the accord was a first step toward better relations "
                         "between Laos and Thailand.", pair=("LAO", "THA"))
    assert sorted(c.label for c in found) == ["engagement", "estrangement"]


def test_characterizations_read_a_user_vocabulary(tmp_path):
    text = "Relations between Laos and Thailand were glacial in 1990."
    assert characterize(text) == []
    extra = tmp_path / "mine.yaml"
    extra.write_text("characterizations:\n  modifiers:\n    estrangement: [glacial]\n", encoding="utf-8")
    found = characterize(text, vocab_files=(str(extra),))
    assert [(c.label, c.start) for c in found] == [("estrangement", "1990")]


def test_characterizations_unknown_label_in_user_vocabulary_is_an_error(tmp_path):
    from bilat.vocab import VocabError

    extra = tmp_path / "bad.yaml"
    extra.write_text("characterizations:\n  modifiers:\n    friendly: [chummy]\n", encoding="utf-8")
    with pytest.raises(VocabError, match="unknown label 'friendly'"):
        load_cues((str(extra),))


def test_characterizations_repeats_without_their_own_date_fold():
    one = Characterization(doc_id="d", actors=["USA", "IRQ"], label="engagement", quote="a", char_start=0,
                           char_end=1, start="2024-04", date_basis="publication")
    two = Characterization(doc_id="d", actors=["IRQ", "USA"], label="engagement", quote="b", char_start=2,
                           char_end=3, start="2024-04", date_basis="publication")
    dated = Characterization(doc_id="d", actors=["IRQ", "USA"], label="engagement", quote="c", char_start=4,
                             char_end=5, start="2014", date_basis="explicit")
    again = Characterization(doc_id="d", actors=["IRQ", "USA"], label="engagement", quote="d", char_start=6,
                             char_end=7, start="2014", date_basis="explicit")
    assert [c.quote for c in fold_repeats([one, two, dated, again])] == ["a", "c", "d"]


def test_characterizations_extract_files_prints_the_schema_fields(tmp_path):
    from bilat.engines.files import extract_files

    path = tmp_path / "brief.txt"
    path.write_text("Relations between Ghana and Togo soured in the early 1960s.\n", encoding="utf-8")
    rows = list(extract_files([path], records="characterizations"))
    assert len(rows) == 1
    row = rows[0]
    assert {k: row[k] for k in ("doc", "actors", "start", "end", "label")} == {
        "doc": "brief.txt", "actors": ["GHA", "TGO"], "start": "1960", "end": "1963", "label": "estrangement"}
    text = path.read_text(encoding="utf-8")
    assert text[row["char_start"]:row["char_end"]].strip() == row["quote"].strip()


def test_characterizations_parties_named_with_between_are_the_parties():
    # three states named: the first two named are the parties, not the document's pair
    found = characterize("Ties between India, Nepal and Bhutan improved in 2005.")
    assert [(c.actors, c.label) for c in found] == [(["IND", "NPL"], "engagement")]
