"""Recommendations from sentences written for these tests, and links to later events."""
from __future__ import annotations

import pytest

from bilat.analysis.recommendations import link_to_events
from bilat.nlp.recommendations import extract_recommendations, recommendation_sections
from bilat.model import Document, Recommendation


def recs_of(nlp, text: str):
    doc = Document(id="t", source="/x/t.txt", text=text, published="2020-01-15")
    return extract_recommendations(doc, nlp(text))


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Islamabad should expand vocational training for young workers.", "PAK"),
        ("The United States must restore funding for polio vaccination.", "USA"),
        ("It is imperative to reopen the consulates in both capitals.", None),
        ("There is an urgent need to simplify visa rules for students.", None),
        ("We recommend that Washington lift the tariffs on textiles.", "USA"),
        ("Canada ought to join the climate fund.", "CAN"),
    ],
)
def test_recommendations_prescriptive_sentences(nlp, text, actor):
    recs = recs_of(nlp, text)
    assert len(recs) == 1
    assert recs[0].quote == text
    if actor:
        assert recs[0].actor is not None and actor in recs[0].actor


@pytest.mark.parametrize(
    "text",
    [
        "The embassy could have warned the travellers earlier.",
        "Should Pakistan raise its interest rates?",
        "It must be noted that the agreement expired in 2010.",
        "The treaty could change the balance of the region.",
        "If talks should fail, the ceasefire would collapse.",
        "Aid is critical to the country's stability.",
        "With the alliance need to contain the rival, funds flowed north.",
        "It is important to note that exports fell.",
    ],
)
def test_recommendations_reject_descriptive(nlp, text):
    assert recs_of(nlp, text) == []


def test_recommendations_section_allows_weaker_markers(nlp):
    text = ("Background\n\nThe two navies could hold joint drills.\n\n"
            "Policy Options\n\nThe two navies could hold joint drills every spring.\n"
            "- Expand exchange programmes for engineers\n\nAnnex\n\nOthers could follow later.")
    sections = recommendation_sections(text)
    assert [h for _, _, h in sections] == ["Policy Options"]
    quotes = [r.quote for r in recs_of(nlp, text)]
    assert quotes == ["The two navies could hold joint drills every spring.",
                      "- Expand exchange programmes for engineers"]


def test_recommendations_theme(nlp):
    rec = recs_of(nlp, "Both governments should fund more scholarships for university students.")[0]
    assert rec.theme == "education"


def test_recommendations_link_to_later_events(event_factory):
    doc = Document(id="d", source="d.txt", text="", published="2020-01-15")
    rec = Recommendation(doc_id="d", actor="USA", text="The United States should fund polio vaccination campaigns.",
                         quote="", start=0, end=1, theme="health", id="d:r1")
    events = [
        event_factory(1, "AID", "2021-03", quote="USAID funded a polio vaccination campaign in Sindh."),
        event_factory(2, "AID", "2019-03", quote="USAID funded a polio vaccination campaign in Punjab."),
        event_factory(3, "AID", "2021-05", quote="The IMF approved a loan tranche."),
        event_factory(4, "AID", None, quote="A polio vaccination drive was funded."),
        event_factory(5, "AID", "2020", quote="Polio vaccination campaign funded by the United States."),
    ]
    assert link_to_events([rec], events, {"d": doc}) == {"d:r1": ["ev1"]}


def test_recommendations_text_drops_the_bullet_marker(nlp):
    from bilat.nlp.recommendations import extract_recommendations
    from bilat.model import Document

    text = ("Recommendations\n\n- The United States should open a trade office in Lahore.\n\n"
            "2) Pakistan should publish its energy tariffs every quarter.\n")
    doc = Document(id="d", source="brief.txt", text=text)
    recs = extract_recommendations(doc, nlp(text))
    assert [r.text for r in recs] == ["The United States should open a trade office in Lahore.",
                                      "Pakistan should publish its energy tariffs every quarter."]
    assert all(text[r.start:r.end] == r.quote for r in recs)


def _recs(nlp, text: str, author: str | None = None, publisher: str | None = None):
    doc = Document(id="t", source="/x/t.txt", text=text, published="2020-01-15", author=author, publisher=publisher)
    return extract_recommendations(doc, nlp(text))


@pytest.mark.parametrize(
    ("text", "recommender", "addressee"),
    [
        # the document's author speaks, else its publisher
        ("Islamabad should expand vocational training for young workers.", "R. Khan", "PAK"),
        # a speaker quoted or reported speaks for themselves
        ("\u201cWashington should lift the tariffs on textiles,\u201d the commerce minister said.",
         "the commerce minister", "USA"),
        ("The two presidents stressed the importance of expanding student exchanges.", "The two presidents", None),
    ],
)
def test_recommendations_recommender_and_addressee(nlp, text, recommender, addressee):
    (rec,) = _recs(nlp, text, author="R. Khan", publisher="Lakeside Institute")
    assert rec.recommender == recommender
    assert rec.to_dict()["recommender"] == recommender
    if addressee:
        assert rec.actor == addressee and rec.to_dict()["addressee"] == addressee


def test_recommendations_recommender_is_the_publisher_without_an_author(nlp):
    (rec,) = _recs(nlp, "The United States must restore funding for polio vaccination.", publisher="Lakeside Institute")
    assert rec.recommender == "Lakeside Institute"


def test_recommendations_impersonal_proposal_is_addressed_to_the_documents_pair(nlp):
    text = ("Pakistan and India resumed talks in March. India sent a delegation to Pakistan. "
            "It is imperative to reopen the rail link between the border towns.")
    recs = _recs(nlp, text)
    assert [r.actor for r in recs] == ["PAK, IND"]


@pytest.mark.parametrize(
    "text",
    [
        # a party's demand or call reported: a REQUEST event, not a recommendation
        "Clerics urge the prime minister to resign before Friday.",
        "The leaders called for restraint along the disputed border.",
        "We continue to urge all the parties to return to the talks.",
        # a third party's belief, a warning to a party, a demand on the listener
        "The dean thinks undergraduates should study at home first.",
        "The rebels must understand that the talks are over.",
        "You must give us an answer before the vote.",
        # a conditional told by inversion, a relative clause
        "Moscow signed a pact that would allow troops to enter should Kabul request them.",
        "The aim is to give the envoy the leverage he needs to negotiate a settlement.",
        # the importance of a thing, not of doing something
        "The president emphasized the enduring importance of the alliance during the ceremony.",
    ],
)
def test_recommendations_not_advice(nlp, text):
    assert _recs(nlp, text) == []


def test_recommendations_calls_count_under_a_recommendations_heading(nlp):
    text = "Recommendations\n\nWe urge donors to fund the rural clinics for another decade.\n"
    assert [r.text for r in _recs(nlp, text)] == ["We urge donors to fund the rural clinics for another decade."]


def test_recommendations_continuation_joins_the_proposal_before(nlp):
    text = ("To rebuild trust it is imperative to reopen the consulates in both capitals. "
            "Equally important is to restore direct flights between the two countries.")
    (rec,) = _recs(nlp, text)
    assert rec.quote == text and text[rec.start:rec.end] == rec.quote
    assert rec.text.endswith("restore direct flights between the two countries.")


def test_recommendations_follow_up_link_on_an_ingested_corpus(tmp_path):
    """A brief recommends; a later news report tells that it was done: the link exists."""
    from bilat.corpus import Corpus

    (tmp_path / "brief.txt").write_text(
        "Rebuilding the Partnership\n\nBy Sara Malik\n\nMarch 3, 2019\n\n"
        "Washington and Islamabad drifted apart after the border incident. "
        "The United States should provide military training to Pakistani officers again.\n",
        encoding="utf-8")
    (tmp_path / "news.txt").write_text(
        "Training resumes\n\nJune 12, 2021\n\n"
        "The United States provided military training to Pakistani officers on June 10, 2021, "
        "officials in Islamabad said.\n",
        encoding="utf-8")
    with Corpus(tmp_path / "t.duckdb") as corpus:
        corpus.ingest([str(tmp_path / "brief.txt"), str(tmp_path / "news.txt")])
        recs = corpus.recommendations()
        links = corpus.recommendation_links()
        events = {e.id: e for e in corpus.events()}
    (rec,) = [r for r in recs if "provide military training" in r.text]
    assert rec.recommender == "Sara Malik" and rec.actor == "USA"
    assert links[rec.id], "the later event that acts on the recommendation is linked"
    assert all(events[eid].date >= "2021" for eid in links[rec.id])
