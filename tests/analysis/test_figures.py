"""Figures: quantitative claims from sentences written for these tests, and conflicts."""
from __future__ import annotations

import pytest

from bilat.analysis.figures import extract_figures, find_conflicts, periods_overlap, subject_key
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
        ("The donors pledged aid worth $2.7 billion over six years.", 2.7e9, "USD", "aid", None),
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


def _fig(doc, value, key="trade", unit="USD", period=None):
    return Figure(doc_id=doc, subject=key, value=value, unit=unit, quote=f"{key} is {value}", start=0, end=1,
                  period=period, subject_key=key, doc=f"{doc}.txt")


def test_figures_find_conflicts():
    figs = [_fig("a", 9e9, period="2023"), _fig("b", 9.5e9, period="2023"), _fig("c", 12e9, period="2023"),
            _fig("d", 20e9, period="2015"), _fig("e", 1e9, key="aid"), _fig("f", 5, unit="percent"),
            _fig("g", 1e9, key="investment"), _fig("g", 3e9, key="investment"),  # one source: two claims
            _fig("h", 100, key="people", unit="people"), _fig("i", 900, key="people", unit="people")]
    conflicts = find_conflicts(figs)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c["subject"], c["unit"], c["period"]) == ("trade", "USD", "2023")
    assert sorted(v["doc"] for v in c["values"]) == ["a.txt", "b.txt", "c.txt"]
    assert find_conflicts(figs, tolerance=0.5) == []


@pytest.mark.parametrize(
    ("subject", "key"),
    [("bilateral trade", "trade"), ("trade volume", "trade"), ("security assistance", "military aid"),
     ("the annual revenue", "revenue")],
)
def test_figures_subject_key(subject, key):
    assert subject_key(subject) == key


def test_figures_undated_claims_take_their_documents_year():
    from bilat.analysis.figures import find_conflicts
    from bilat.model import Figure

    old = Figure("d1", "aid", 5e8, "USD", "The aid at stake amounted to $500 million.", 0, 40, subject_key="aid")
    new = Figure("d2", "aid", 3.3e10, "USD", "Aid totalled $33 billion.", 0, 25, subject_key="aid")
    assert find_conflicts([old, new])  # without dates nothing says they differ in time
    assert find_conflicts([old, new], published={"d1": "1990-10-01", "d2": "2018-01-05"}) == []
    same_year = find_conflicts([old, new], published={"d1": "2018-02", "d2": "2018-01-05"})
    assert [sorted(v["value"] for v in c["values"]) for c in same_year] == [[5e8, 3.3e10]]
