"""Actor resolution: countries, demonyms, capitals, organs, titles, organisations, groups."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.vocab import VocabError

from bilat.nlp.actors import ActorResolver, default_resolver


@pytest.fixture(scope="module")
def resolver(nlp) -> ActorResolver:
    return default_resolver(())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pakistan and the United States", ["PAK", "USA"]),
        ("Pakistani officials met American diplomats", ["PAK", "USA"]),
        ("Chinese and Indian engineers", ["CHN", "IND"]),
        ("Soviet tanks near the Afghan border", ["RUS", "AFG"]),
        ("the Russian Federation", ["RUS"]),
        ("Washington and Islamabad", ["USA", "PAK"]),
        ("Beijing, New Delhi, Kabul and Moscow", ["CHN", "IND", "AFG", "RUS"]),
        ("the White House, the Pentagon and the Kremlin", ["USA", "RUS"]),
        ("Rawalpindi", ["PAK"]),
        ("the State Department and CENTCOM", ["USA"]),
        ("the CIA and the ISI", ["USA", "PAK"]),
        ("Foggy Bottom", ["USA"]),
        ("the International Monetary Fund and the World Bank", ["IMF", "World Bank"]),
        ("SEATO and CENTO", ["SEATO", "CENTO"]),
        ("the Taliban and al Qaeda", ["Taliban", "al-Qaeda"]),
        ("Tehrik-i-Taliban Pakistan", ["TTP"]),
        ("the U.S.-Pakistan dialogue", ["USA", "PAK"]),
        ("Islamic Republic of Iran", ["IRN"]),
    ],
)
def test_actors_resolve_names(resolver, text, expected):
    assert resolver.resolve(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Tell us what you think.", "Let them go.", "The delegation met in the hall."],
)
def test_actors_short_capitalised_aliases_need_capitals(resolver, text):
    assert resolver.resolve(text) == []


@pytest.mark.parametrize(
    "text, context, expected",
    [
        ("the foreign minister", "Talks were held in Ankara with Turkey.", ["TUR"]),
        ("the prime minister", "India and Pakistan disagreed.", []),  # two states: ambiguous
    ],
)
def test_actors_bare_title_takes_single_state_of_context(resolver, text, context, expected):
    assert resolver.resolve(text, context) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Ivory Coast", ["CIV"]),
        ("Swaziland", ["SWZ"]),
        ("Cape Verde", ["CPV"]),
        ("East Timor", ["TLS"]),
        ("Brunei", ["BRN"]),
    ],
)
def test_actors_common_country_names_beside_iso_names(resolver, text, expected):
    assert resolver.resolve(text) == expected


@pytest.mark.parametrize(
    "text, context, expected",
    [
        ("the rebels", "Fighting spread across Chad.", ["TCD"]),
        ("riot police", "Crowds gathered in Peru.", ["PER"]),
        ("the opposition", "Malawi votes next week.", ["MWI"]),
        ("lawmakers", "India and Pakistan disagreed.", []),  # two states: ambiguous
        ("protesters", None, []),
    ],
)
def test_actors_domestic_groups_take_single_state_of_context(resolver, text, context, expected):
    assert resolver.resolve(text, context) == expected


def test_actors_capital_after_in_is_a_place(nlp, resolver):
    doc = nlp("Negotiators from Norway met in Kabul.")
    kabul = [m for m in resolver.find(doc) if m.text == "Kabul"]
    assert kabul and kabul[0].locative


def test_actors_president_with_name_resolves_by_name(nlp, resolver):
    doc = nlp("President Putin spoke.")
    codes = [m.code for m in resolver.find(doc)]
    assert "RUS" in codes


def test_actors_user_vocabulary_extends_packaged_one(tmp_path: Path, nlp):
    vocab = tmp_path / "mine.yaml"
    vocab.write_text("countries:\n  PAK:\n    organs: [Frontier Corps]\ngroups:\n  Zarqa Front: [Zarqa Front]\n")
    resolver = ActorResolver([vocab])
    assert resolver.resolve("The Frontier Corps fought the Zarqa Front.") == ["PAK", "Zarqa Front"]
    assert resolver.resolve("Pakistan") == ["PAK"]


def test_actors_bad_user_vocabulary_is_reported(tmp_path: Path):
    vocab = tmp_path / "bad.yaml"
    vocab.write_text("- just\n- a list\n")
    with pytest.raises(VocabError) as err:
        ActorResolver([vocab])
    assert str(err.value).startswith(f"{vocab}:1: a vocabulary file is a mapping of vocabulary names")


@pytest.mark.parametrize("args", [(), ((),), (tuple(),)])
def test_actors_default_resolver_is_shared(args):
    # the vocabulary is parsed once per process, however the default set is asked for
    assert default_resolver(*args) is default_resolver()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Santiago protested to Lima over the border.", ["CHL", "PER"]),
        ("Quito recalled its envoy from Bogotá.", ["ECU", "COL"]),
        ("Buenos Aires and Montevideo signed a fisheries accord.", ["ARG", "URY"]),
        ("Nairobi asked Addis Ababa to reopen the crossing.", ["KEN", "ETH"]),
        ("Abuja warned Niamey against expelling the envoy.", ["NGA", "NER"]),
        ("Tokyo and Seoul held talks while Pyongyang tested a missile.", ["JPN", "KOR", "PRK"]),
        ("Hanoi, Jakarta and Manila criticised the blockade.", ["VNM", "IDN", "PHL"]),
        ("Ottawa and Canberra endorsed the plan.", ["CAN", "AUS"]),
        ("Kyiv accused Moscow; Kiev had warned before.", ["UKR", "RUS"]),
        ("Peking rebuffed Rangoon, and Yangon later thanked Beijing.", ["CHN", "MMR"]),
        ("Ulaanbaatar and Ulan Bator are two spellings.", ["MNG"]),
        ("Dakar, Bamako and Ouagadougou met in Accra.", ["SEN", "MLI", "BFA", "GHA"]),
        ("Ljubljana and Podgorica welcomed Chisinau's bid.", ["SVN", "MNE", "MDA"]),
        ("Bolivian and Ecuadorian diplomats met Tanzanian envoys.", ["BOL", "ECU", "TZA"]),
    ],
)
def test_actors_world_capitals_and_demonyms_resolve_to_state(resolver, sentence, expected):
    assert resolver.resolve(sentence) == expected


@pytest.mark.parametrize("text", ["Victoria", "Kingston", "Georgetown", "St. John's"])
def test_actors_ambiguous_capital_names_are_not_states(resolver, text):
    # names shared by many cities or people are left out of the vocabulary
    assert resolver.resolve(f"{text} announced a new budget.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NEW DELHI, March 4 - Chinese troops clashed with an Indian patrol in Ladakh on Monday, "
         "officials said.", ("ASSAULT", "CHN", "IND")),
        ("WASHINGTON, Jan. 5 — Mexican officials criticised the border wall on Sunday, the ministry said.",
         ("ACCUSE", "MEX", None)),
        ("ISLAMABAD (Reuters) — Afghan forces fired on a Pakistani checkpoint on Tuesday, the army said.",
         ("ASSAULT", "AFG", "PAK")),
        ("LIMA, Peru, May 2 — Chilean troops seized two Bolivian trucks.", ("COERCE", "CHL", "BOL")),
    ],
)
def test_actors_dateline_is_never_an_actor(text, expected):
    import bilat

    mentions = bilat.extract(text, published="2024-03-06")
    assert {(m.category, m.source_actor, m.target_actor) for m in mentions} == {expected}


@pytest.mark.parametrize(
    "text, dateline",
    [
        ("NEW DELHI, March 4 - Troops moved.", "NEW DELHI, March 4 -"),
        ("Title\n\nUNITED NATIONS (AP) -- The council met.", "UNITED NATIONS (AP) --"),
        ("LIMA, Peru, May 2 — Troops moved.", "LIMA, Peru, May 2 —"),
        ("Washington, Jan. 5 — Troops moved.", "Washington, Jan. 5 —"),
        ("Washington — the capital — was quiet.", None),  # a dash in a sentence
        ("U.S. - Pakistan ties improved.", None),
    ],
)
def test_actors_dateline_spans_and_place_only(resolver, nlp, text, dateline):
    from bilat.nlp.datelines import dateline_spans

    doc = nlp(text)
    spans = [doc[a:b].text for a, b in dateline_spans(doc)]
    assert spans == ([dateline] if dateline else [])
    if dateline:  # its own sentence, and the place in it is where, not who
        filed = next(s for s in doc.sents if s.text.strip() == dateline)
        assert all(m.locative for m in resolver.find(filed))
