"""Money, percentages and counts."""
from __future__ import annotations

import pytest

from bilat.nlp.amounts import find_amounts


def _triples(text: str) -> list[tuple[float, str, str]]:
    return [(a.value, a.unit, a.text) for a in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "value", "unit", "span"),
    [
        ("Congress approved $450 million in security assistance.", 450e6, "USD", "$450 million"),
        (r"The programme received \$19 million in grants.", 19e6, "USD", r"\$19 million"),
        ("The bank extended a US$ 2.3bn facility.", 2.3e9, "USD", "US$ 2.3bn"),
        ("A USD 1.5 billion tranche was released.", 1.5e9, "USD", "USD 1.5 billion"),
        ("The provinces will receive Rs 2 trillion next year.", 2e12, "PKR", "Rs 2 trillion"),
        ("The dam will cost Rs. 500 crore.", 5e9, "PKR", "Rs. 500 crore"),
        ("Revenue fell by PKR 3.2 billion.", 3.2e9, "PKR", "PKR 3.2 billion"),
        ("Brussels offered €40m in relief.", 40e6, "EUR", "€40m"),
        ("London pledged £2 million for flood victims.", 2e6, "GBP", "£2 million"),
        ("Donors promised 1.5 billion dollars of aid.", 1.5e9, "USD", "1.5 billion dollars"),
        ("He was offered five million dollars.", 5e6, "USD", "five million dollars"),
        ("It is a $9 billion-plus package.", 9e9, "USD", "$9 billion-plus"),
        ("India earmarked 500 crore Indian rupees.", 5e9, "INR", "500 crore Indian rupees"),
        ("Beijing lent ¥300 billion.", 300e9, "JPY", "¥300 billion"),
        ("Investment reached more than $19 billion.", 19e9, "USD", "more than $19 billion"),
        ("Trade was worth about $6 billion in 2018.", 6e9, "USD", "about $6 billion"),
        ("The fund held $750,000 at the end of the year.", 750e3, "USD", "$750,000"),
        ("A ₹1,200 crore grant was announced.", 12e9, "INR", "₹1,200 crore"),
        ("The accord was worth two billion US dollars.", 2e9, "USD", "two billion US dollars"),
    ],
)
def test_amounts_money(text: str, value: float, unit: str, span: str) -> None:
    found = find_amounts(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert (found[0].unit, found[0].text) == (unit, span)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("More than 80 U.S. firms operate in the country.", 80, "firms"),
        ("Some 1,500 troops were moved to the border.", 1500, "troops"),
        ("The two wars left deep scars.", 2, "wars"),
        ("30,000 soldiers took part in the exercise.", 30000, "soldiers"),
        ("Fifty thousand heavily armed troops crossed the frontier.", 50000, "troops"),
        ("Hundreds of protesters gathered outside the embassy.", 200, "protesters"),
        ("A dozen drones were delivered last spring.", 12, "drones"),
        ("The shipment included 17 million tons of wheat.", 17e6, "tons"),
        ("Over 300 oxygen cylinders were flown in.", 300, "cylinders"),
        ("Sanctions hit three Chinese and Pakistani companies.", 3, "companies"),
        ("Tens of thousands of refugees fled the fighting.", 20000, "refugees"),
        ("The programme trained 250 police officers.", 250, "officers"),
        ("About 2,000 people were evacuated.", 2000, "people"),
    ],
)
def test_amounts_counts(text: str, value: float, unit: str) -> None:
    found = find_amounts(text)
    assert [(a.value, a.unit) for a in found] == [(pytest.approx(value), unit)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Growth slowed to 50% last year.", 50, "percent"),
        ("Nearly 50 percent of the aid went to health.", 50, "percent"),
        ("Tariffs rose by 12.5 per cent.", 12.5, "percent"),
        ("Fifty percent of the budget is debt service.", 50, "percent"),
        ("Rates rose by two percentage points.", 2, "percentage points"),
    ],
)
def test_amounts_percentages(text: str, value: float, unit: str) -> None:
    found = find_amounts(text)
    assert [(a.value, a.unit) for a in found] == [(pytest.approx(value), unit)]


@pytest.mark.parametrize(
    "text",
    [
        "The sanctions were imposed in 1998.",
        "In 2014 troops began to leave.",
        "The 2008 elections brought a civilian government.",
        "The air force ordered more F-16 jets.",
        "See page 12 of the annex.",
        "Article 370 was revoked.",
        "Resolution 1267 targets the group.",
        "One of the firms was delisted.",
        "Talks lasted for two years.",
        "The meeting was held on 12 May 2021.",
        "Both sides raised three times their usual objections.",
        "No numbers appear in this sentence at all.",
    ],
)
def test_amounts_not_amounts(text: str) -> None:
    assert _triples(text) == []


def test_amounts_several_in_order_with_offsets() -> None:
    text = "In 2019 the IMF lent $6 billion and 1,500 troops left, a 20% cut."
    found = find_amounts(text, offset=10)
    assert [(a.unit, a.value) for a in found] == [("USD", 6e9), ("troops", 1500), ("percent", 20)]
    for a in found:
        assert text[a.start - 10: a.end - 10] == a.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comma after the magnitude word once dropped it ("$450 million," -> 450)
        ("The sale, worth $450 million, was notified on Wednesday.", [(450e6, "$450 million")]),
        ("Riyadh deposited $2 billion, and Abu Dhabi $1 billion, last week.",
         [(2e9, "$2 billion"), (1e9, "$1 billion")]),
        ("A $1.2-billion loan was signed.", [(1.2e9, "$1.2-billion")]),
        # a magnitude written once for two numbers belongs to both
        ("The package is worth between $400 and $450 million.", [(400e6, "$400"), (450e6, "$450 million")]),
        ("Estimates range from $1.5 or $2 billion upward.", [(1.5e9, "$1.5"), (2e9, "$2 billion")]),
        ("It cost $400,000 and $2 million respectively.", [(400e3, "$400,000"), (2e6, "$2 million")]),
    ],
)
def test_amounts_magnitude_in_base_units(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(v, s) for v, _, s in _triples(text)] == expected
