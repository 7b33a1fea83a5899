"""Recommendations from sentences written for these tests, and links to later events."""
from __future__ import annotations

import pytest

from bilat.analysis.recommendations import extract_recommendations, link_to_events, recommendation_sections
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
    from bilat.analysis.recommendations import extract_recommendations
    from bilat.model import Document

    text = ("Recommendations\n\n- The United States should open a trade office in Lahore.\n\n"
            "2) Pakistan should publish its energy tariffs every quarter.\n")
    doc = Document(id="d", source="brief.txt", text=text)
    recs = extract_recommendations(doc, nlp(text))
    assert [r.text for r in recs] == ["The United States should open a trade office in Lahore.",
                                      "Pakistan should publish its energy tariffs every quarter."]
    assert all(text[r.start:r.end] == r.quote for r in recs)
