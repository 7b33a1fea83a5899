"""Event mentions from single sentences written for these tests."""
from __future__ import annotations

import pytest

from bilat.nlp.actors import default_resolver
from bilat.nlp.events import SentenceContext, find_events, load_lexicon


@pytest.fixture(scope="module")
def events_of(nlp):
    resolver = default_resolver(())

    def run(text: str, ctx: SentenceContext | None = None):
        doc = nlp(text)
        out = []
        for sent in doc.sents:
            out.extend(find_events(sent, resolver, ctx))
        return out

    return run


def _triples(mentions):
    return {(m.category, m.source_actor, m.target_actor) for m in mentions}


def extracted(text: str, published: str = "2024-03-06"):
    """The whole pipeline's mentions of `text` (bilat.extract)."""
    import bilat

    return bilat.extract(text, published=published)


@pytest.mark.parametrize(
    "text, expected",
    [
        # active verbs, subject -> object
        ("Norway accused Sweden of hiding the report.", ("ACCUSE", "NOR", "SWE")),
        ("Brazil rejected the proposal from Argentina.", ("REJECT", "BRA", "ARG")),
        ("Egypt urged Jordan to reopen the crossing.", ("REQUEST", "EGY", "JOR")),
        ("Kenya deported twelve Ugandan traders.", ("COERCE", "KEN", "UGA")),
        ("Chile praised Peru for its restraint.", ("SUPPORT", "CHL", "PER")),
        ("The Kenyan president phoned his Ugandan counterpart on Monday.", ("CONSULT", "KEN", "UGA")),
        ("Sudanese fighters overran a Chadian border post.", ("ASSAULT", "SDN", "TCD")),
        # passive voice: agent is the source
        ("A trade agreement was signed by Vietnam and Thailand.", ("AGREE", "VNM", "THA")),
        ("Heavy sanctions were imposed on Iran by the European Union.", ("SANCTION", "EU", "IRN")),
        # event nouns with possessive / compound / of / on arguments
        ("The Soviet invasion of Afghanistan shocked the world.", ("ASSAULT", "RUS", "AFG")),
        ("Washington's sanctions on Cuba remained in place.", ("SANCTION", "USA", "CUB")),
        ("The withdrawal of French troops from Mali ended a decade of deployment.", ("RETREAT", "FRA", "MLI")),
        # light verbs take the category of their event-noun object
        ("Japan provided humanitarian assistance to the Philippines.", ("AID", "JPN", "PHL")),
        ("Canada held talks with Mexico on Monday.", ("CONSULT", "CAN", "MEX")),
        # demonyms and organs resolve to their state
        ("Pakistani troops attacked Indian positions.", ("ASSAULT", "PAK", "IND")),
        ("The Pentagon deployed two carriers near the Iranian coast.", ("MOBILIZE", "USA", "IRN")),
        # a demand reported under "said ... must"
        ("Germany said Poland must release the detained journalists.", ("REQUEST", "DEU", "POL")),
    ],
)
def test_events_category_and_actors(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, pair",
    [
        ("Kazakhstan and Uzbekistan signed a border treaty.", {"KAZ", "UZB"}),
        ("Talks between Ghana and Nigeria resumed.", {"GHA", "NGA"}),
        ("Chinese and Pakistani engineers met in Lahore.", {"CHN", "PAK"}),
    ],
)
def test_events_symmetric_and_coordinated_actors(events_of, text, pair):
    mentions = events_of(text)
    assert any({m.source_actor, m.target_actor} == pair for m in mentions), _triples(mentions)


@pytest.mark.parametrize(
    "text, category, modality",
    [
        ("Turkey did not sign the accord with Greece.", "AGREE", "negated"),
        ("Spain will send aid to Morocco next year.", "AID", "planned"),
        ("Italy could impose sanctions on Libya.", "SANCTION", "hypothetical"),
        ("Austria signed a transit deal with Hungary.", "AGREE", "occurred"),
        ("Peru will not attack Ecuador, its defence minister said.", "ASSAULT", "negated"),
        ("Denmark refrained from imposing new sanctions on Iran on Monday.", "SANCTION", "negated"),
        ("Mali gave no aid to Niger in 1995.", "AID", "negated"),
    ],
)
def test_events_modality(events_of, text, category, modality):
    found = {m.category: m.modality for m in events_of(text)}
    assert found.get(category) == modality, found


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Oslo was cold and wet.",
        "Economists expect growth to slow next quarter.",
        "Sweden is a country in northern Europe.",
    ],
)
def test_events_none_without_a_happening(events_of, text):
    assert events_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Norway announced a ban on aid to Sudan.",
        "Norway announced the suspension of aid to Sudan.",
        "Norway imposed an embargo on arms sales to Sudan.",
        "A Norwegian law bars most aid to Sudan.",
        "Norway banned arms sales to Sudan in March.",
    ],
)
def test_events_stopping_cooperation_is_its_opposite(events_of, text):
    """A ban, suspension or embargo over aid or trade is a sanction, never the aid itself."""
    assert _triples(events_of(text)) == {("SANCTION", "NOR", "SDN")}


def test_events_one_mention_per_happening_in_a_sentence(events_of):
    mentions = events_of("Ecuador imposed sanctions on Colombia and the sanctions took effect.")
    assert [m.category for m in mentions].count("SANCTION") == 1


def test_events_request_about_an_event_is_the_request(events_of):
    mentions = events_of("Ireland urged Britain to sign the agreement.")
    assert {m.category for m in mentions} == {"REQUEST"}


def test_events_date_and_amount_attach(events_of):
    (aid,) = [m for m in events_of("In March 2019, Qatar gave Sudan $200 million in aid.") if m.category == "AID"]
    assert aid.date == "2019-03"
    assert aid.amount is not None and aid.amount.value == 200_000_000 and aid.amount.unit == "USD"


def test_events_intensity_from_category_and_mode(events_of):
    lex = load_lexicon()
    (visit,) = [m for m in events_of("The Indian prime minister visited Nepal.") if m.category == "CONSULT"]
    assert visit.intensity == lex.mode_weights["CONSULT"]["visit"]
    (attack,) = [m for m in events_of("Syria attacked Turkey.") if m.category == "ASSAULT"]
    assert attack.intensity == lex.weights["ASSAULT"] < 0


def test_events_first_person_is_the_speaker(events_of):
    ctx = SentenceContext(speaker="USA")
    mentions = events_of("We condemned the attack on Kenya.", ctx)
    assert ("ACCUSE", "USA", "KEN") in _triples(mentions)


def test_events_lexicon_covers_every_category():
    from bilat.nlp.categories import CATEGORIES

    lex = load_lexicon()
    verb_categories = {c for c, _ in lex.verbs.values()}
    noun_categories = {c for c, _ in lex.nouns.values()}
    assert set(CATEGORIES) <= verb_categories | noun_categories
    assert set(lex.weights) == set(CATEGORIES)


@pytest.mark.parametrize(
    "text, category",
    [
        # a light verb that is also a lexicon verb yields to its event-noun object
        ("Peru and Chile undertook joint naval exercises off Arica.", "COOPERATE"),
        # a lexicon phrase keeps its own category
        ("Croatia lodged a formal protest with Slovenia.", "ACCUSE"),
        # a dominant verb keeps its category over the noun it governs
        ("Estonia rejected the agreement with Latvia.", "REJECT"),
    ],
)
def test_events_light_verb_yields_to_event_noun(events_of, text, category):
    assert [m.category for m in events_of(text)] == [category]


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("In the 1990s, Peru attacked Ecuador.", None, "decade"),
        ("In the seventies, Greece signed a treaty with Cyprus.", None, "decade"),
        ("In 1995, Peru attacked Ecuador.", "1995", "year"),
    ],
)
def test_events_decades_are_no_date(events_of, text, date, precision):
    (m,) = events_of(text)
    assert (m.date, m.date_precision) == (date, precision)
    assert m.date_text


@pytest.mark.parametrize(
    "text, dated",
    [
        ("Chile plans to fund new schools in Peru.", True),
        ("Chile will continue supplying grain to Peru.", True),
        ("Chile provides grain to Peru.", True),
        ("Chile has provided grain to Peru for decades.", False),
    ],
)
def test_events_statement_date_through_complements(events_of, text, dated):
    from bilat.model import PartialDate

    report = PartialDate("2020-05-04", "day", "", None, None)
    (m,) = events_of(text, SentenceContext(report_date=report, dates=[], amounts=[]))
    assert (m.date == "2020-05-04") is dated


@pytest.mark.parametrize(
    "text, expected",
    [
        # a fight framed as partnership is cooperation between the partners
        ("Ghana became a close ally of Nigeria in the war against the rebels.", ("COOPERATE", {"GHA", "NGA"})),
        ("Peru helped Chile repel the Bolivian invasion.", ("COOPERATE", {"PER", "CHL"})),
        # an unframed fight stays an assault
        ("Peru repelled the invasion by Bolivia.", ("ASSAULT", {"BOL"})),
    ],
)
def test_events_partnership_frame_is_cooperation(events_of, text, expected):
    category, actors = expected
    found = [m for m in events_of(text) if m.category == category]
    assert found and actors <= {found[0].source_actor, found[0].target_actor}, _triples(events_of(text))


@pytest.mark.parametrize(
    "text, has_event",
    [
        # an event noun under a predicate of state names a topic, not a happening
        ("For Chile, ties with Peru are crucial for economic aid.", False),
        ("Chilean cooperation with Peru remains vital.", False),
        # something happens with it
        ("Chile announced economic aid to Peru.", True),
        ("Chilean cooperation with Peru began in 2004.", True),
    ],
)
def test_events_noun_needs_a_happening(events_of, text, has_event):
    assert bool(events_of(text)) is has_event, _triples(events_of(text))


@pytest.mark.parametrize(
    "text, category, source",
    [
        # a promise: a party announcing a cooperative act it will do
        ("Norway said it will release the captured Swedish fishermen next week.", "AGREE", "NOR"),
        ("Chile says it is ready to withdraw its soldiers from Peru.", "AGREE", "CHL"),
        # a threat: a hostile act announced, or a concession made conditional
        ("Brazilian farmers said they would blockade Argentina's border crossings.", "THREATEN", "BRA"),
        ("Kenya announced that it will withdraw its soldiers from Somalia unless the attacks stop.",
         "THREATEN", "KEN"),
        # a refusal: "will not"
        ("Egypt says it will not accept any more Sudanese refugees.", "REJECT", "EGY"),
        # a report about another party's plans stays what that party does
        ("Officials in Cairo said Jordan will provide aid to Syria.", "AID", "JOR"),
    ],
)
def test_events_announced_intention(events_of, text, category, source):
    mentions = events_of(text)
    assert (category, source) in {(m.category, m.source_actor) for m in mentions}
    # the announcement itself happened; another party's plan is still only planned
    expected = "planned" if category == "AID" else "occurred"
    assert all(m.modality == expected for m in mentions if m.category == category)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb of stopping over a cooperative noun, active and passive
        ("Norway suspended development aid to Kenya.", ("SANCTION", "NOR", "KEN")),
        ("Norwegian development aid to Kenya was suspended last week.", ("SANCTION", "NOR", "KEN")),
        ("Economic assistance to Bolivia was cut off by Brazil in 1998.", ("SANCTION", "BRA", "BOL")),
        ("Oslo froze funding to Nairobi after the vote.", ("SANCTION", "NOR", "KEN")),
        ("Canada halted deliveries of helicopters to Chile.", ("SANCTION", "CAN", "CHL")),
        # reduction and suspension nouns over a cooperative noun
        ("The election was followed by a steep drop in German aid to Mali.", ("SANCTION", "DEU", "MLI")),
        ("The suspension of Japanese assistance to Laos surprised observers.", ("SANCTION", "JPN", "LAO")),
        ("Tokyo announced the cut-off of assistance to Laos.", ("SANCTION", "JPN", "LAO")),
        # resuming and lifting are not sanctions
        ("Canada resumed military aid to Chile.", ("AID", "CAN", "CHL")),
        ("The European Union lifted sanctions on Belarus.", ("CONCEDE", "EU", "BLR")),
    ],
)
def test_events_stopping_cooperation_is_sanction(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Canada gave Chile $40 million in aid.", ("AID", "CAN", "CHL")),
        ("Japan provided patrol boats to Vietnam.", ("AID", "JPN", "VNM")),
        ("Oslo provided a package of humanitarian assistance to Nairobi.", ("AID", "NOR", "KEN")),
        ("Norway gave Sweden an assurance of neutrality.", ("AGREE", "NOR", "SWE")),
        ("Norway handed over 40 tonnes of medicine to Sweden.", ("AID", "NOR", "SWE")),
        ("Norway handed over the prisoners to Sweden.", ("RETREAT", "NOR", "SWE")),
        ("Peru received increased food aid from Brazil last year.", ("AID", "BRA", "PER")),
    ],
)
def test_events_giving_is_aid_only_when_material(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "Kenya was given a ten-point reform plan by the World Bank.",
        "Chile was handed a deadline by the lenders.",
    ],
)
def test_events_giving_a_plan_is_not_aid(events_of, text):
    assert "AID" not in {m.category for m in events_of(text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lima cut off credit to Bogota in 1995.", ("SANCTION", "PER", "COL")),
        ("Ottawa sent humanitarian supplies to Havana.", ("AID", "CAN", "CUB")),
    ],
)
def test_events_capital_after_to_is_an_actor(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        ("The crisis led to more food aid from Japan, as Vietnam's cooperation was seen as vital.",
         ("AID", "JPN", "VNM"), "COOPERATE"),
        ("The dispute ended in the closure of the loans provided by Tokyo to Hanoi.",
         ("SANCTION", "JPN", "VNM"), "AID"),
    ],
)
def test_events_main_happening_not_its_background(events_of, text, expected, absent):
    found = events_of(text)
    assert expected in _triples(found)
    assert absent not in {m.category for m in found}


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Oslo has "in principle" agreed to build a port for Kenya.', ("AGREE", "NOR", "KEN")),
        ("Chile called for the organisers of the 2015 Lima riots to be punished.", ("REQUEST", "CHL", "PER")),
        ("Canada called for the leaders of Cuba to be released.", ("REQUEST", "CAN", "CUB")),
    ],
)
def test_events_parse_slips_keep_verb_and_subject(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, category, present",
    [
        ("Trade between Chile and Peru has declined sharply in recent years.", "REJECT", False),
        ("Peru declined to sign the treaty with Chile.", "REJECT", True),
        ("Chile declined the offer from Peru.", "REJECT", True),
        ("Officials of Norway said those who committed the crime against Sweden would be tried.", "AGREE", False),
        ("Norway committed itself to the defence of Sweden.", "AGREE", True),
        ("Japan and India recognized the importance of maritime security.", "SUPPORT", False),
        ("Japan recognized the government of Chile.", "SUPPORT", True),
        ("Japan recognizes that India's cooperation is essential for regional stability.", "SUPPORT", False),
        ("Japan recognized Chile's efforts to end the crisis.", "SUPPORT", True),
    ],
)
def test_events_verb_sense_depends_on_its_object(events_of, text, category, present):
    assert (category in {m.category for m in events_of(text)}) is present


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Canada suspended its sanctions against Cuba in 1998.", ("CONCEDE", "CAN", "CUB")),
        ("Sanctions on Cuba were suspended by Canada.", ("CONCEDE", "CAN", "CUB")),
        ("The court in Latvia cancelled restrictions on Russian media.", ("CONCEDE", "LVA", "RUS")),
        ("Sweden reiterated its demand that Norway ease restrictions on Swedish workers.",
         ("REQUEST", "SWE", "NOR")),
    ],
)
def test_events_stopping_a_hostile_measure_is_concession(events_of, text, expected):
    found = events_of(text)
    assert expected in _triples(found)
    assert len({m.category for m in found}) == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Red Cross officials suspended aid deliveries in Havana on Monday.", ("SANCTION", "Red Cross", "CUB")),
        ("Riyadh agreed to build a refinery in Islamabad.", ("AGREE", "SAU", "PAK")),
        ("Oslo and Stockholm held talks in Geneva.", ("CONSULT", "NOR", "SWE")),
    ],
)
def test_events_place_is_target_only_when_none_else(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Japan has started a programme for schools in Laos by allocating $12 million in grants.",
         ("AID", "JPN", "LAO")),
        ("Norway began a relief effort by donating tents to Kenya.", ("AID", "NOR", "KEN")),
    ],
)
def test_events_subject_reaches_through_by_gerund(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Japan recently announced more than $200 million in new humanitarian assistance to Laos.",
         ("AID", "JPN", "LAO")),
        ("Norway approved a package of economic aid for Kenya.", ("AID", "NOR", "KEN")),
    ],
)
def test_events_noun_measured_by_an_amount_takes_the_clause(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Leaders welcomed close consultations between Japan and India.", ("CONSULT", "JPN", "IND")),
        ("Norway welcomed the visit of the Swedish king to Oslo.", ("CONSULT", "SWE", "NOR")),
        ("Japan welcomed the decision of India.", ("SUPPORT", "JPN", "IND")),
    ],
)
def test_events_welcoming_a_happening_reports_the_happening(events_of, text, expected):
    category, *pair = expected
    found = {(m.category, frozenset((m.source_actor, m.target_actor))) for m in events_of(text)}
    assert (category, frozenset(pair)) in found


@pytest.mark.parametrize(
    "text, present",
    [
        ("Japan and India will open embassies on March 1, 1979.", False),
        ("Protesters in Kenya staged a march against Norway on Monday.", True),
    ],
)
def test_events_month_name_is_no_march(events_of, text, present):
    assert ("PROTEST" in {m.category for m in events_of(text)}) is present


@pytest.mark.parametrize(
    "text, present",
    [
        ("The Iraqi invasion of Kuwait in 1990 forced the White House to change course.", False),
        ("Iraq forced Kuwait to cede the islands.", True),
    ],
)
def test_events_happening_that_forces_is_no_coercion(events_of, text, present):
    assert ("COERCE" in {m.category for m in events_of(text)}) is present


@pytest.mark.parametrize(
    "text, modality",
    [
        ("Norway said Sweden must return the helicopter.", "occurred"),
        ("Chile said on Friday that Peru must release the fishermen it detained.", "occurred"),
        ("Norway should say that Sweden must return the helicopter.", "recommended"),
    ],
)
def test_events_demand_under_reporting_verb_was_made(events_of, text, modality):
    requests = [m for m in events_of(text) if m.category == "REQUEST"]
    assert requests and requests[0].modality == modality


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Norway continued to send arms to Kenya last year.", ("AID", "NOR", "KEN")),
        ("Qatar launched a mediation effort between Chile and Peru.", ("CONSULT", "QAT", "CHL")),
        ("Chile and Peru have established a Trade Dialogue forum.", ("CONSULT", "CHL", "PER")),
        ("Sweden called off the protests against Norway.", ("CONCEDE", "SWE", "NOR")),
    ],
)
def test_events_sending_generic_heads_and_calling_off(events_of, text, expected):
    assert expected in _triples(events_of(text))


def test_events_sending_troops_is_not_aid(events_of):
    assert "AID" not in {m.category for m in events_of("Norway sent troops to Sweden.")}


@pytest.mark.parametrize(
    "text, category",
    [
        ("Jordan became a frontline partner in the American-led war on terror.", "COOPERATE"),
        ("Jordan became a close partner in the British war against piracy.", "COOPERATE"),
        ("Jordan became a major target in the war with Syria.", "ASSAULT"),
    ],
)
def test_events_partnership_frame_on_the_attribute(events_of, text, category):
    assert category in {m.category for m in events_of(text)}


@pytest.mark.parametrize(
    "text, present",
    [
        ("Norway has disrupted terrorist attacks against Sweden.", False),
        ("Norway will deter aggression by Russia.", False),
        ("The Swedish grant will be targeted at schools in Kenya.", False),
        ("Russian missiles targeted Ukrainian cities.", True),
        ("Russia attacked Ukrainian cities.", True),
    ],
)
def test_events_prevented_or_aimed_is_no_assault(events_of, text, present):
    assert ("ASSAULT" in {m.category for m in events_of(text)}) is present


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Several unions in Peru have organized a general strike against the government.",
         ("PROTEST", "PER")),
        ("Students in Havana staged a protest against the new law.", ("PROTEST", "CUB")),
        ("Negotiations in Havana concluded in January with an agreement.", None),
    ],
)
def test_events_party_named_by_where_it_is(events_of, text, expected):
    found = {(m.category, m.source_actor) for m in events_of(text)}
    if expected is None:  # a happening in a place: the place did not act
        assert ("AGREE", "CUB") not in found
    else:
        assert expected in found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("After the war, Chile turned to Peru for assistance.", ("REQUEST", "CHL", "PER")),
        ("Kenya approached the IMF for a bailout package in 2019.", ("REQUEST", "KEN", "IMF")),
    ],
)
def test_events_turning_to_someone_for_aid_is_a_request(events_of, text, expected):
    found = events_of(text)
    assert expected in _triples(found)
    assert "AID" not in {m.category for m in found}


@pytest.mark.parametrize(
    "text, expected",
    [
        # putting off cooperation is a (mild) sanction, whatever the voice
        ("Brazil will postpone all scientific exchanges with Argentina.", ("SANCTION", "BRA", "ARG")),
        ("Most trade talks with Chile have been deferred by Peru.", ("SANCTION", "PER", "CHL")),
        ("Norway delayed the delivery of aid to Sudan.", ("SANCTION", "NOR", "SDN")),
        # communicating with another party is consultation
        ("The Kenyan president communicated with the leaders in Uganda.", ("CONSULT", "KEN", "UGA")),
    ],
)
def test_events_postponing_and_communicating(events_of, text, expected):
    assert expected in _triples(events_of(text))


@pytest.mark.parametrize(
    "text",
    ["Kenyan inflation corresponded with the Ugandan election.",
     "Brazil delayed its own election by a month."],
)
def test_events_coinciding_or_self_delay_is_no_sanction(events_of, text):
    assert not any(m.category in ("CONSULT", "SANCTION") for m in events_of(text))


@pytest.mark.parametrize(
    "text, has_agree",
    [
        ("Kenya withdrew from its defence pact with Uganda in 2019.", False),
        ("Kenya pulled out of the trade agreement with Uganda.", False),
        ("Kenya signed a trade agreement with Uganda.", True),
    ],
)
def test_events_leaving_an_agreement_is_not_agreeing(events_of, text, has_agree):
    found = _triples(events_of(text))
    assert (("AGREE", "KEN", "UGA") in found) == has_agree
    if not has_agree:
        assert ("RETREAT", "KEN", "UGA") in found


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("Japan sent emergency aid to Nepal to support its hospitals.", "AID", "SUPPORT"),
        ("Brazil deployed troops to the border to threaten Venezuela.", "MOBILIZE", "THREATEN"),
        ("Kenya visited Ethiopia to discuss the water dispute.", "CONSULT", None),
    ],
)
def test_events_purpose_infinitive_is_not_a_second_event(events_of, text, kept, dropped):
    cats = [m.category for m in events_of(text)]
    assert kept in cats
    assert len(cats) == 1
    if dropped:
        assert dropped not in cats


@pytest.mark.parametrize(
    "topic, plain, category",
    [
        ("Analysts voiced doubts about Indian cooperation with Nepal.",
         "Indian cooperation with Nepal grew quickly.", "COOPERATE"),
        ("Ghana held the vote without French assistance.",
         "Ghana held the vote with French assistance.", "AID"),
        ("Reporters asked questions regarding the Turkish withdrawal from Syria.",
         "The Turkish withdrawal from Syria began at dawn.", "RETREAT"),
    ],
)
def test_events_noun_after_topic_preposition_is_no_event(events_of, topic, plain, category):
    assert category not in {m.category for m in events_of(topic)}
    assert category in {m.category for m in events_of(plain)}


@pytest.mark.parametrize(
    "text",
    [
        "Closer ties with Japan are essential for Vietnam, above all in the areas of Japanese investment, technical assistance and military aid.",
        "Trade with Japan is important to Vietnam, mostly in the sectors of energy, Japanese investment and aid.",
    ],
)
def test_events_listed_topic_nouns_under_a_state_predicate_are_no_event(events_of, text):
    assert events_of(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials imposed new sanctions on Iran on Monday.", ("SANCTION", None, "IRN")),
        ("The minister criticised Japan for its whaling programme.", ("ACCUSE", None, "JPN")),
        ("Officials expelled two Cuban diplomats last week.", ("SANCTION", None, "CUB")),
        # a title with its own state keeps it
        ("The Pakistani minister criticised India on Friday.", ("ACCUSE", "PAK", "IND")),
    ],
)
def test_events_unknown_subject_leaves_source_empty(text, expected):
    mentions = extracted(text)
    assert _triples(mentions) == {expected}


@pytest.mark.parametrize(
    "text, source, partner",
    [
        ("The foreign ministers of Brazil and Argentina condemned the coup on Wednesday.", "BRA", "ARG"),
        ("Norway and Sweden urged restraint on Monday.", "NOR", "SWE"),
        ("American and British aid reached the camps.", "USA", "GBR"),
    ],
)
def test_events_co_listed_actors_act_together(text, source, partner):
    mentions = extracted(text)
    assert mentions and all(m.source_actor == source and m.target_actor != partner for m in mentions)


@pytest.mark.parametrize(
    "text, expected",
    [  # in a reciprocal category the co-listed parties are each other's counterpart
        ("Kenya and Uganda signed a trade pact.", ("AGREE", "KEN", "UGA")),
        ("Peru and Chile held talks in Lima.", ("CONSULT", "PER", "CHL")),
        ("Chinese and Pakistani talks resumed.", ("CONSULT", "CHN", "PAK")),
    ],
)
def test_events_co_listed_actors_of_reciprocal_events(text, expected):
    assert expected in _triples(extracted(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # signing a decree or order: what it does is the event
        ("The Kremlin leader signed a decree on Thursday taking Russia out of its missile treaty "
         "with the United States.", ("RETREAT", "RUS", "USA")),
        ("The president signed an executive order imposing sanctions on Cuba.", ("SANCTION", None, "CUB")),
        # an attack on a decision, a plan or a law is criticism
        ("Moscow attacked the U.S. decision to expand sanctions.", ("ACCUSE", "RUS", "USA")),
        ("Pakistan's opposition attacked the government's budget plan.", ("ACCUSE", "PAK", None)),
        ("Tokyo attacked Beijing's new maritime law.", ("ACCUSE", "JPN", "CHN")),
        ("Russian troops attacked Ukrainian positions near Kharkiv.", ("ASSAULT", "RUS", "UKR")),
        # removing forces is a retreat, removing sanctions a concession
        ("Russia removed its forces from Syria last year.", ("RETREAT", "RUS", "SYR")),
        ("Washington removed sanctions on Venezuela on Monday.", ("CONCEDE", "USA", "VEN")),
        # a partitive head stands for what it counts
        ("India and China held a new round of talks on the border.", ("CONSULT", "IND", "CHN")),
        ("Venezuela broke off diplomatic relations with Colombia.", ("SANCTION", "VEN", "COL")),
    ],
)
def test_events_object_decides_category(text, expected):
    mentions = extracted(text)
    assert _triples(mentions) == {expected}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Egypt and Sudan quarrelled over the dam for years. Sudan has sought help. "
         "The two countries held talks on the dam, the Egyptian minister said.", ("CONSULT", {"EGY", "SDN"})),
        ("Chile and Peru traded complaints about fishing rights. Peru sent a note to Chile. "
         "The two sides agreed to resume patrols, Chilean officials said.", ("AGREE", {"CHL", "PER"})),
        ("Ghana and Togo share a long border. Togo relies on the port of Tema. "
         "Both nations signed a customs pact, Ghanaian radio reported.", ("AGREE", {"GHA", "TGO"})),
    ],
)
def test_events_pair_phrase_stands_for_the_documents_two_states(text, expected):
    """"The two sides", "both nations": the two states the document names most, one the
    source and the other the target."""
    category, pair = expected
    last = [m for m in extracted(text, "2024-03-01") if m.quote.startswith(("The two", "Both"))]
    assert [(m.category, {m.source_actor, m.target_actor}) for m in last] == [(category, pair)]


def test_events_pair_phrase_needs_two_states_in_the_document():
    text = "Chile had a quiet year. The two sides agreed to resume patrols, Chilean officials said."
    assert all(m.target_actor is None or m.target_actor == "CHL" for m in extracted(text, "2024-03-01"))


@pytest.mark.parametrize(
    "text, expected",
    [
        # "raise concerns" is how readouts tell a complaint
        ("Norway raised concerns with Sweden about the fishing quotas.", ("ACCUSE", "NOR", "SWE")),
        ("The Kenyan minister raised serious concerns over Uganda's border closures.", ("ACCUSE", "KEN", "UGA")),
        # conversations are talks; a coup takes control; a disbanded force stands down
        ("Chile held a long conversation with Peru on the maritime boundary.", ("CONSULT", "CHL", "PER")),
        ("Mali's army staged a coup against the elected government of Mali.", ("COERCE", "MLI", None)),
        ("Colombia disbanded the militia units it had armed near Venezuela.", ("RETREAT", "COL", "VEN")),
    ],
)
def test_events_lexicon_covers_common_diplomatic_phrasings(events_of, text, expected):
    category, source, target = expected
    found = events_of(text)
    assert any(m.category == category and m.source_actor == source
               and (target is None or m.target_actor == target) for m in found), _triples(found)


def _extracted(text: str):
    from bilat import extract

    return {(m.category, m.source_actor, m.target_actor) for m in extract(text, published="2025-03-01")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels fired rockets at an army base in Chad on Sunday.", ("ASSAULT", "TCD", None)),
        ("Militants attacked a convoy near the border in Nigeria last week.", ("ASSAULT", "NGA", None)),
        ("Lawmakers in Peru condemned the decision to close the newspaper.", ("ACCUSE", "PER", None)),
        ("Kenya held a general election in March. Police arrested dozens of protesters after the vote.",
         ("COERCE", "KEN", None)),
        ("Voters in Malawi went to the polls on Tuesday. The opposition rejected the results a day later.",
         ("REJECT", "MWI", None)),
    ],
)
def test_events_domestic_group_takes_state_of_sentence_or_document(text, expected):
    assert expected in _extracted(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Riot police arrested dozens of students outside the university on Tuesday.", "COERCE"),
        ("The opposition rejected the new election law on Monday.", "REJECT"),
        ("Protesters marched through the capital demanding higher wages.", "PROTEST"),
        ("The government banned all public gatherings on Friday.", "COERCE"),
    ],
)
def test_events_role_without_any_state_keeps_event_with_unknown_actors(text, expected):
    assert (expected, None, None) in _extracted(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A harsh police crackdown followed the vote on Sunday.", "COERCE"),
        ("The deployment of troops to the northern towns began on Monday.", "MOBILIZE"),
        ("The rebels' offensive resumed at dawn on Friday.", "ASSAULT"),
    ],
)
def test_events_event_noun_of_a_role_without_any_state_is_kept(text, expected):
    assert (expected, None, None) in _extracted(text)


@pytest.mark.parametrize(
    "text",
    ["He was arrested on Monday.", "The weather was cold on Monday.", "They marched for hours.",
     "Protesters' demands remain important."],
)
def test_events_no_party_at_all_gives_no_event(text):
    assert _extracted(text) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        # sending forces is a mobilisation; sending goods stays aid
        ("Egypt sent two brigades to Yemen.", ("MOBILIZE", "EGY", "YEM")),
        ("Cuba dispatched combat troops to Angola.", ("MOBILIZE", "CUB", "AGO")),
        ("Chad rushed reinforcements to its border with Sudan.", ("MOBILIZE", "TCD", None)),
        ("Japan sent medical supplies to Turkey.", ("AID", "JPN", "TUR")),
    ],
)
def test_events_sending_forces_is_mobilisation(events_of, text, expected):
    category, source, target = expected
    found = events_of(text)
    assert any(m.category == category and m.source_actor == source
               and (target is None or m.target_actor == target) for m in found), _triples(found)


@pytest.mark.parametrize(
    "last, category",
    [
        ("Both governments condemned the bombing, Chilean officials said.", "ACCUSE"),
        ("The two countries welcomed the ruling, Chilean officials said.", "SUPPORT"),
        ("The two sides urged calm, Chilean officials said.", "REQUEST"),
    ],
)
def test_events_pair_phrase_acting_jointly_is_not_its_own_target(last, category):
    """"The two countries condemned X" is a joint act: neither state is the other's target."""
    text = "Chile and Peru traded complaints about fishing rights. Peru sent a note to Chile. " + last
    found = [m for m in extracted(text, "2024-03-01") if m.quote == last]
    assert [(m.category, m.target_actor) for m in found] == [(category, None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Egypt-Israel Peace Talks began in 1977.", ("CONSULT", "1977")),
        ("Chile and Peru opened the Lima Consultations in 1990.", ("CONSULT", "1990")),
        ("The Nile Accords between Egypt and Sudan were signed in 1959.", ("AGREE", "1959")),
    ],
)
def test_events_named_happening_with_plural_head(text, expected):
    """A happening's name ("the ... Talks") is a proper noun spaCy does not lemmatise."""
    assert expected in [(m.category, m.date) for m in extracted(text, "2024-03-01")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a past happening is never dated after publication: the later year is a goal's
        ("Chile praised Peru's goal of planting a million trees before the end of 2031.", None),
        ("Kenya applauded Uganda's progress toward universal electricity access by 2030.", None),
        ("Ghana commended Togo's target of halving emissions by 2035.", None),
        # a future happening keeps its year
        ("Chile will sign a pact with Peru in 2031.", "2031"),
    ],
)
def test_events_past_happening_not_dated_after_publication(text, expected):
    assert [m.date for m in extracted(text, "2024-03-01")] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the parse gives the trigger no argument, but its clause names one party: named before
        # the trigger it acts or reports, after it the happening lands on it
        ("Three fishermen were detained off the Chilean coast.", ("COERCE", None, "CHL")),
        ("Two guards were shot outside the Nigerian embassy.", ("ASSAULT", None, "NGA")),
        ("Six smugglers were arrested after a tip from Chilean customs.", ("COERCE", "CHL", None)),
    ],
)
def test_events_a_clause_with_one_party_keeps_the_happening(events_of, text, expected):
    assert expected in _triples(events_of(text))


def test_events_a_party_outside_the_clause_is_not_taken(events_of):
    # the arrests are told in their own clause; Peru is only where the reporter works
    mentions = events_of("Six smugglers were arrested, wrote a reporter based in Peru.")
    assert not any(m.category == "COERCE" for m in mentions)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a promise whose content is a hostile act is a threat against the act's target
        ("Brazil pledged new sanctions on Venezuela.", ("THREATEN", "BRA", "VEN")),
        ("Peru promised retaliation against Chile.", ("THREATEN", "PER", "CHL")),
        ("Norway vowed to impose sanctions on Belarus.", ("THREATEN", "NOR", "BLR")),
        # a bare title's guessed state yields to the same state named as the act's target
        ("The president vowed sanctions against India on Monday.", ("THREATEN", None, "IND")),
        # a promise of help stays a promise
        ("Brazil pledged new aid to Venezuela.", ("AGREE", "BRA", "VEN")),
    ],
)
def test_events_a_promised_hostile_act_is_a_threat(events_of, text, expected):
    assert _triples(events_of(text)) == {expected}
