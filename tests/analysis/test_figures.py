"""Figures: quantitative claims from sentences written for these tests, and conflicts."""
from __future__ import annotations

import pytest

from bilat.analysis.figures import comparable_periods, find_conflicts, periods_overlap
from bilat.nlp.figures import extract_figures, subject_key
from bilat.model import Document, Figure


def figures_of(nlp, text: str, published: str | None = "2023-06-01"):
    doc = Document(id="t", source="/x/t.txt", text=text, published=published)
    return extract_figures(doc, nlp(text))


@pytest.mark.parametrize(
    ("text", "value", "unit", "key", "period"),
    [
        ("Two-way trade between the neighbours exceeds $4 billion.", 4e9, "USD", "trade", None),
        ("Trade volume grew to $12 billion in 2022, officials said.", 12e9, "USD", "trade", "2022"),
        ("More than 45 Canadian firms operate in the port city.", 45, "firms", "canadian firm", None),
        ("Remittances from the Gulf increased by 35% last year.", 35, "percent", "remittance", "2022"),
        ("The donors pledged aid worth $2.7 billion over six years.", 2.7e9, "USD", "aid", "6 years"),
        ("The programme trained 1,200 nurses in rural clinics.", 1200, "nurses", "nurse", None),
    ],
)
def test_figures_extract_claims(nlp, text, value, unit, key, period):
    figs = figures_of(nlp, text)
    assert len(figs) == 1
    f = figs[0]
    assert (f.value, f.unit, f.subject_key, f.period) == (pytest.approx(value), unit, key, period)
    assert f.quote == text and text[f.start:f.end] == f.quote and f.doc == "t.txt"


@pytest.mark.parametrize(
    "text",
    [
        "The two countries signed a protocol in 1999.",
        "Tens of thousands of people crossed the border.",
        "The three nations met at the summit.",
        "¹ Ministry of Finance, Annual Report, Vol. 12, No. 3, https://example.org/report",
    ],
)
def test_figures_ignore_non_claims(nlp, text):
    assert figures_of(nlp, text) == []


def test_figures_splits_lines_and_qualifiers(nlp):
    text = "Overview\n\nThe fund holds about $300 million.\nExports rose by 12%."
    figs = figures_of(nlp, text)
    assert [(f.value, f.qualifier) for f in figs] == [(3e8, "about"), (12, None)]
    assert [f.quote for f in figs] == ["The fund holds about $300 million.", "Exports rose by 12%."]


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [("2022", "2022-05", True), ("2020/2022", "2021", True), ("2019", "2021", False), (None, "2021", True),
     ("annual", "2010", True)],
)
def test_figures_periods_overlap(a, b, overlap):
    assert periods_overlap(a, b) is overlap


def _fig(doc, value, concept="trade", unit="USD", period=None, pair=("PAK", "USA")):
    return Figure(doc_id=doc, subject=concept, value=value, unit=unit, quote=f"{concept} is {value}", start=0, end=1,
                  period=period, subject_key=concept, doc=f"{doc}.txt", id=f"{doc}:f{value:g}", concept=concept,
                  source_actor=pair[0], target_actor=pair[1])


def test_figures_find_conflicts():
    figs = [_fig("a", 9e9, period="2023"), _fig("b", 9.5e9, period="2023"), _fig("c", 12e9, period="2023"),
            _fig("d", 20e9, period="2015"), _fig("e", 1e9, concept="aid"), _fig("f", 5, unit="percent"),
            _fig("g", 1e9, concept="investment"), _fig("g", 3e9, concept="investment"),  # one source: two claims
            _fig("h", 1e9, concept=None), _fig("i", 5e9, concept=None)]  # no concept: compared with nothing
    conflicts = find_conflicts(figs)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c["concept"], c["dyad"], c["unit"], c["period"]) == ("trade", "PAK–USA", "USD", "2023")
    assert sorted(v["doc"] for v in c["values"]) == ["a.txt", "b.txt", "c.txt"]
    assert all(v["period"] == "2023" and v["quote"] for v in c["values"])
    assert find_conflicts(figs, tolerance=0.5) == []


@pytest.mark.parametrize(
    ("a", "b", "compared"),
    [("2022", None, True), ("2022", "annual", True), ("2022", "2022", True), ("2021", "2022", False),
     ("2022", "2022-05", False),  # a month's figure is not the year's
     ("2002/2017", "2009", False), ("2002/2017", None, False),  # a total over years is not one year's figure
     ("2002/2017", "2003/2018", True), ("6 years", "1981/1986", True), ("6 years", None, False)],
)
def test_figures_comparable_periods(a, b, compared):
    assert comparable_periods(a, b) is compared
    assert comparable_periods(b, a) is compared


def test_figures_conflicts_need_the_same_dyad_and_direction():
    figs = [_fig("a", 1e9, concept="aid", pair=("USA", "PAK")), _fig("b", 2e9, concept="aid", pair=("PAK", "USA")),
            _fig("c", 3e9, concept="aid", pair=("USA", "AFG"))]
    assert find_conflicts(figs) == []
    figs.append(_fig("d", 5e9, concept="aid", pair=("USA", "PAK")))
    (conflict,) = find_conflicts(figs)
    assert conflict["dyad"] == "USA → PAK"
    assert sorted(v["value"] for v in conflict["values"]) == [1e9, 5e9]


@pytest.mark.parametrize(
    ("subject", "key"),
    [("bilateral trade", "trade"), ("trade volume", "trade"), ("security assistance", "military aid"),
     ("the annual revenue", "revenue")],
)
def test_figures_subject_key(subject, key):
    assert subject_key(subject) == key


def test_figures_unstated_period_is_compared_and_shown_with_its_publication_date():
    old = _fig("d1", 5e8, concept="aid", pair=("USA", "PAK"))
    new = _fig("d2", 3.3e10, concept="aid", pair=("USA", "PAK"), period="2018")
    (conflict,) = find_conflicts([old, new], published={"d1": "1990-10-01", "d2": "2018-01-05"})
    assert [(v["value"], v["period"], v["published"]) for v in conflict["values"]] == [
        (5e8, None, "1990-10-01"), (3.3e10, "2018", "2018-01-05")]


@pytest.mark.parametrize(
    ("text", "concept", "source", "target"),
    [
        ("Trade volume between Pakistan and the United States reached $12 billion in 2022.", "trade", "PAK", "USA"),
        ("Islamabad's bilateral trade with America stands above $9 billion, with Pakistan ahead by $3 billion.",
         "trade", "PAK", "USA"),
        ("Washington gave Pakistan $33 billion in assistance between 2002 and 2017.", "aid", "USA", "PAK"),
        ("Congress cut $300 million in security assistance to Pakistan.", "military aid", "USA", "PAK"),
        ("The State Department approved a Foreign Military Sale to Pakistan worth an estimated $450 million.",
         "arms sale", "USA", "PAK"),
        ("Chinese firms invested $2 billion in Pakistan last year.", "investment", "CHN", "PAK"),
        ("The IMF approved a $3 billion loan to Pakistan in July 2023.", "loan", "IMF", "PAK"),
        ("American helicopters killed 24 Pakistani soldiers at a border post.", "casualties", "USA", "PAK"),
        ("Remittances from Americans of Pakistani origin reached $3.2 billion.", "remittances", "USA", "PAK"),
    ],
)
def test_figures_concept_and_pair(nlp, text, concept, source, target):
    f = figures_of(nlp, text)[0]
    assert (f.concept, f.source_actor, f.target_actor) == (concept, source, target)


def test_figures_concept_none_when_nothing_says_what_is_measured(nlp):
    (f,) = figures_of(nlp, "The museum welcomed 40,000 visitors.")
    assert (f.concept, f.source_actor, f.target_actor) == (None, None, None)


def test_figures_two_briefs_wording_trade_differently_conflict(nlp):
    """One brief's "trade volume" for 2022 and another's undated "bilateral trade" are one concept."""
    one = Document(id="a", source="/x/a.txt", published="2023-03-01",
                   text="Pakistan and the United States met in March. Trade volume between the two reached "
                        "$12 billion in 2022, the ministers said.")
    two = Document(id="b", source="/x/b.txt", published="2024-09-16",
                   text="Pakistan values its ties with Washington. Its bilateral trade with the United States "
                        "stands above $9 billion.")
    figs = [f for d in (one, two) for f in extract_figures(d, nlp(d.text))]
    (conflict,) = find_conflicts(figs, published={"a": "2023-03-01", "b": "2024-09-16"})
    assert (conflict["concept"], conflict["dyad"]) == ("trade", "PAK–USA")
    assert [(v["doc"], v["value"], v["period"]) for v in conflict["values"]] == [
        ("a.txt", 12e9, "2022"), ("b.txt", 9e9, None)]
    assert "stands above $9 billion" in conflict["values"][1]["quote"]
