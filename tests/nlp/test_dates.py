"""Date expressions: absolute, partial, ranges, decades, anchors and relative dates."""
from __future__ import annotations

import time

import pytest

from bilat.dates import find_dates, parse_date_text
from bilat.model import PartialDate
from bilat.nlp.dates import date_for_event


def _values(text: str, published: str | None = None) -> list[tuple[str | None, str | None]]:
    return [(d.value, d.precision) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two ministers signed the accord on 16 September 2024 in the capital.", [("2024-09-16", "day")]),
        ("On September 16, 2024, the envoy presented his credentials.", [("2024-09-16", "day")]),
        ("Talks held on Sept. 16, 2024 ended without a statement.", [("2024-09-16", "day")]),
        ("The dataset was last updated 2024-09-16.", [("2024-09-16", "day")]),
        ("The embassy reopened on Tuesday, 3 March 2015, after a long closure.", [("2015-03-03", "day")]),
        ("The treaty entered into force on the 4th of July 1997.", [("1997-07-04", "day")]),
        ("A ceasefire was declared on 12/25/2003 along the border.", [("2003-12-25", "day")]),
        ("The IMF approved the loan in May 1998, weeks after the tests.", [("1998-05", "month")]),
        ("Relations soured in December, 1979 when troops crossed the river.", [("1979-12", "month")]),
        ("Sanctions were imposed in 1998 and lifted in 2001.", [("1998", "year"), ("2001", "year")]),
        ("1998's nuclear tests changed the region.", [("1998", "year")]),
        ("By late 2014 most foreign troops had left.", [("2014", "year")]),
        ("The withdrawal was finished during the last months of 2014.", [("2014", "year")]),
        ("The corridor was first proposed in spring 2001.", [("2001", "year")]),
        ("In the first half of 2019 exports fell.", [("2019", "year")]),
        ("Negotiations resumed in mid-2016.", [("2016", "year")]),
        ("The sixties were a decade of war in South Asia.", [("1960", "decade")]),
        ("Aid flowed freely in the 1990s.", [("1990", "decade")]),
        ("During the '80s the two capitals were close allies.", [("1980", "decade")]),
        ("Ties frayed in the mid-1990s over the nuclear issue.", [("1990", "decade")]),
        ("The late seventies saw a coup and an invasion.", [("1970", "decade")]),
        ("Washington changed course after 9/11.", [("2001-09-11", "day")]),
        ("The Cold War era shaped the alliance.", [("1947", "decade")]),
        ("Resolution 1373 (2001) obliged states to act.", [("2001", "year")]),
    ],
)
def test_dates_absolute_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "end_value"),
    [
        ("A training course ran from June 1 - June 11, 2024 in the capital.", "2024-06-01", "2024-06-11"),
        ("Exercises were held 1-11 June 2024 near the coast.", "2024-06-01", "2024-06-11"),
        ("The US spent heavily from 2001 to 2014 on the war.", "2001", "2014"),
        ("The 1979-1989 war drew in both powers.", "1979", "1989"),
        ("Refugees arrived in 1947–48 in great numbers.", "1947", "1948"),
        ("Between 2002 and 2010 the programme grew.", "2002", "2010"),
        ("From May to July 2014 the border stayed closed.", "2014-05", "2014-07"),
    ],
)
def test_dates_ranges_have_end_value(text: str, value: str, end_value: str) -> None:
    dates = find_dates(text)
    assert len(dates) == 1
    assert (dates[0].value, dates[0].end_value) == (value, end_value)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Last year the donors cut their pledges.", "2021-06-25", [("2020", "year")]),
        ("This month the talks resumed.", "2021-06-25", [("2021-06", "month")]),
        ("Earlier this year the two sides met twice.", "2021-06-25", [("2021", "year")]),
        ("Yesterday the spokesman confirmed the visit.", "2021-06-25", [("2021-06-24", "day")]),
        ("Today the President announced new assistance.", "2021-06-25", [("2021-06-25", "day")]),
        ("The minister met his counterpart on Tuesday.", "2018-10-08", [("2018-10-02", "day")]),
        ("The minister said on Monday that talks would continue.", "2018-10-08", [("2018-10-08", "day")]),
        ("The deal collapsed two years ago.", "2018-10-08", [("2016", "year")]),
        ("The corridor was launched five years ago.", "2019-02-12", [("2014", "year")]),
        ("The plan was announced last week.", "2018-10-08", [("2018-10", "month")]),
        ("The prime minister will travel later this month.", "2018-10-08", [("2018-10", "month")]),
        ("A summit is planned for next year.", "2018-10-08", [("2019", "year")]),
        ("Last month both countries agreed to widen trade.", "2018-10-08", [("2018-09", "month")]),
        ("The loan was approved in August.", "2018-10-08", [("2018-08", "month")]),
        ("Ambassadors will be exchanged on March 1.", "1978-12-15", [("1979-03-01", "day")]),
        ("The delegation visited March 23-25.", "2025-03-25", [("2025-03-23", "day")]),
        ("Last year the donors cut their pledges.", "2021", [("2020", "year")]),
    ],
)
def test_dates_relative_resolved_against_publication(text: str, published: str, expected: list) -> None:
    assert _values(text, published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials recently met in the capital.",
        "In recent months the militants regrouped.",
        "Over the past year the two sides held many talks.",
    ],
)
def test_dates_vague_expressions_have_no_value(text: str) -> None:
    dates = find_dates(text, "2021-06-25")
    assert len(dates) == 1 and dates[0].value is None and dates[0].text


def test_dates_relative_without_publication_unresolved() -> None:
    dates = find_dates("Last year the donors cut their pledges.")
    assert [(d.value, d.text) for d in dates] == [(None, "Last year")]


@pytest.mark.parametrize(
    "text",
    [
        "The budget set aside $1998 million for defence.",
        "Some 1,500 troops were deployed to the border.",
        "The air force flies F-16 jets.",
        "See page 2001 of the report.",
        "The army sent 2000 troops north.",
        "Inflation reached 20% and unemployment 2010%.",
        "Over 2000 people were displaced.",
        "The pipeline runs 1800 km across the desert.",
        "He retired in his sixties.",
        "May God bless the people of both nations.",
        "The court will march on with the case.",
    ],
)
def test_dates_no_false_positives(text: str) -> None:
    assert _values(text) == []


def test_dates_offsets_and_text() -> None:
    text = "Aid was suspended in 2018 after talks failed."
    (d,) = find_dates(text, offset=100)
    assert d.text == "in 2018"
    assert (d.start, d.end) == (100 + text.index("in 2018"), 100 + text.index("in 2018") + len("in 2018"))


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("September 16, 2024", "2024-09-16", "day"),
        ("Dec 2021", "2021-12", "month"),
        ("2019-05-02T10:00:00Z", "2019-05-02", "day"),
        ("2021", "2021", "year"),
        ("2021-07", "2021-07", "month"),
        ("Tue, 02 May 2019 10:00:00 GMT", "2019-05-02", "day"),
        ("03.11.2020", "2020-11-03", "day"),
        ("2020/11/03", "2020-11-03", "day"),
    ],
)
def test_dates_parse_date_text(text: str, value: str, precision: str) -> None:
    parsed = parse_date_text(text)
    assert parsed is not None
    assert (parsed.value, parsed.precision) == (value, precision)


@pytest.mark.parametrize("text", ["", "no date here", "the previous administration"])
def test_dates_parse_date_text_none(text: str) -> None:
    assert parse_date_text(text) is None


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("In 1998 Washington imposed sanctions, which were eased in 2001.", "imposed", "1998"),
        ("In 2010 officials said Washington would resume aid in 2012.", "resume", "2012"),
        ("Washington imposed sanctions in 1998; they were eased in 2001.", "imposed", "1998"),
        ("After the tests of 1998, Washington imposed sanctions in June 1998.", "imposed", "1998-06"),
        ("In 2004 the two sides signed a pact.", "signed", "2004"),
        ("The envoy, who arrived in 2019, met the minister on 3 May 2021.", "met", "2021-05-03"),
    ],
)
def test_dates_date_for_event_prefers_same_clause(sentence: str, trigger: str, expected: str) -> None:
    dates = find_dates(sentence)
    chosen = date_for_event(dates, sentence.index(trigger), sentence)
    assert chosen is not None and chosen.value == expected


def test_dates_date_for_event_empty() -> None:
    assert date_for_event([], 5) is None
    lone = PartialDate("2001", "year", "in 2001", 0, 7)
    assert date_for_event([lone], 40) is lone


def test_dates_fast_on_long_text() -> None:
    sentence = ("The delegation met officials on 12 March 2019 and again in the late 1990s, "
                "while 1,500 troops waited and $450 million was pledged last year. ")
    text = sentence * 200
    t0 = time.perf_counter()
    found = find_dates(text, "2020-01-01")
    assert time.perf_counter() - t0 < 2.0
    assert len(found) == 600


@pytest.mark.parametrize(
    "sentence, trigger, expected",
    [
        ("In 2023, Chile and Peru held the first ministerial meetings since 2016.", "meetings", "2023"),
        ("Norway resumed talks with Sweden in 2019, the first since 2011.", "talks", "2019"),
        ("Talks have continued since 2016.", "Talks", "2016"),
    ],
)
def test_dates_date_for_event_since_is_a_reference_point(sentence: str, trigger: str, expected: str) -> None:
    dates = find_dates(sentence, "2024-01-01")
    chosen = date_for_event(dates, sentence.index(trigger), sentence)
    assert chosen is not None and chosen.value == expected


@pytest.mark.parametrize(
    "sentence, trigger, expected",
    [
        # the date of a noun the relative clause describes, not of the main clause
        ("The 2004 pact, which Pakistan signed with the United States, followed the invasion in 2001.",
         "signed", "2004"),
        # a date inside a subordinate clause about another happening belongs to that happening
        ("In 2010 the United States imposed sanctions on Iran, which had tested a missile in 2008.",
         "imposed", "2010"),
        ("In 2010 the United States imposed sanctions on Iran, which had tested a missile in 2008.",
         "tested", "2008"),
        ("After India tested a device in 1998, the United States cut aid to India in 1999.", "cut", "1999"),
        ("After India tested a device in 1998, the United States cut aid to India in 1999.", "tested", "1998"),
        ("Pakistan, which had joined the alliance in 1954, signed a trade deal with China in 1963.",
         "signed", "1963"),
    ],
)
def test_dates_date_by_parse_takes_the_trigger_clause_date(nlp, sentence, trigger, expected):
    from bilat.nlp.dates import date_by_parse

    doc = nlp(sentence)
    trig = next(t for t in doc if t.text == trigger)
    stops = {t.i for t in doc if t.pos_ == "VERB"}
    date = date_by_parse(find_dates(sentence, "2020"), trig, stops, sentence, 0)
    assert date is not None and date.value == expected


@pytest.mark.parametrize(
    "sentence, trigger, expected",
    [
        # a year in a law's or treaty's name dates the instrument, not the verb acting under it
        ("Ottawa suspended aid to Ghana under the Overseas Aid Act of 1972 in 1990.", "suspended", "1990"),
        ("Ottawa suspended aid to Ghana under the Overseas Aid Act of 1972.", "suspended", None),
        ("Kenya and Uganda signed the 1999 Nile Basin Agreement.", "Agreement", "1999"),
        # a year in a relative clause belongs to that clause
        ("Norway quit an arms accord that it had joined in 1996.", "quit", None),
    ],
)
def test_dates_date_by_parse_leaves_names_and_other_clauses(nlp, sentence, trigger, expected):
    from bilat.nlp.dates import date_by_parse

    doc = nlp(sentence)
    trig = next(t for t in doc if t.text == trigger)
    date = date_by_parse(find_dates(sentence, "2020"), trig, {trig.i}, sentence, 0)
    assert (date.value if date else None) == expected


@pytest.mark.parametrize(
    "text, basis",
    [
        ("in 1999", "explicit"),
        ("last year", "relative"),
        ("on Saturday", "relative"),
        ("in March", "relative"),
        ("under the Overseas Aid Act of 1972", "name"),
        ("under the 1958 Friendship Treaty", "name"),
    ],
)
def test_dates_basis_says_how_the_date_was_found(text, basis):
    (date,) = find_dates(text, "2023-11-03")
    assert date.basis == basis


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Saturday", "2023-11-04"),  # published on a Friday: the next day
        ("on Friday", "2023-11-03"),
        ("last Saturday", "2023-10-28"),  # the qualifier decides
        ("in 1999", "1999"),
    ],
)
def test_dates_forward_weekday_for_what_is_to_come(text, expected):
    from bilat.dates import forward_weekday

    (date,) = find_dates(text, "2023-11-03")
    assert forward_weekday(date, "2023-11-03").value == expected


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("Trade grew in the 1960s.", ("1960", "1969", "decade")),
        ("Trade grew in the early seventies.", ("1970", "1973", "decade")),
        ("Trade grew in the mid-1980s.", ("1983", "1986", "decade")),
        ("Trade grew in the late 1990s.", ("1996", "1999", "decade")),
        ("Trade grew between 2002 and 2017.", ("2002", "2017", "range")),
        ("Trade has grown since 2001.", ("2001", "2024", "range")),
        ("After 1989 trade fell steadily for about a decade.", ("1989", "1999", "range")),
        ("For twenty years after 1954 trade grew.", ("1954", "1974", "range")),
        ("Trade grew in 1998.", None),
    ],
)
def test_dates_interval_of_era_and_range_expressions(text, interval):
    from bilat.dates import add_durations, interval as interval_of

    found = add_durations(find_dates(text, "2024-05-01"), text)
    assert interval_of(found[0]) == interval


def test_dates_decade_word_joined_to_a_decade_is_a_decade_but_an_age_is_not():
    assert [d.text for d in find_dates("The sixties and early seventies were lean years.")] == [
        "The sixties", "early seventies"]
    assert find_dates("In his sixties and seventies he wrote novels.") == []
