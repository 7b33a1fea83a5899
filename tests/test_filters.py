"""Filter values resolve to what records store, or are refused naming close matches."""
from __future__ import annotations

import pytest

from bilat.errors import UsageError
from bilat.filters import (
    check_date_range,
    dyad_name,
    resolve_actor,
    resolve_dyad,
    resolve_filters,
    resolve_theme,
    theme_label,
    theme_vocabulary,
)


@pytest.mark.parametrize("value, code", [
    ("PAK", "PAK"), ("pak", "PAK"), ("Pakistan", "PAK"), ("pakistani", "PAK"), ("Islamabad", "PAK"),
    ("United States", "USA"), ("Americans", "USA"), ("IMF", "IMF"), ("India", "IND"),
])
def test_filters_actor_names_demonyms_and_capitals_resolve_to_codes(value, code):
    assert resolve_actor(value) == code


def test_filters_unknown_actor_names_close_matches():
    with pytest.raises(UsageError) as err:
        resolve_actor("Pakistn")
    assert str(err.value).startswith("unknown actor 'Pakistn'; did you mean Pakistan (PAK)")


@pytest.mark.parametrize("value", ["nuclear", "nuclear and missiles", "Nuclear And Missiles"])
def test_filters_theme_slug_and_label_both_resolve(value):
    assert resolve_theme(value) == "nuclear"


def test_filters_theme_slug_with_spaces_and_drivers_resolve():
    assert resolve_theme("economic aid") == "economic_aid"
    assert resolve_theme("China") == "china"
    assert theme_label("economic_aid") == "economic aid and IMF"


def test_filters_unknown_theme_lists_close_labels():
    with pytest.raises(UsageError, match=r"unknown theme 'nuclear missile'; did you mean 'nuclear and missiles'"):
        resolve_theme("nuclear missile")


def test_filters_theme_vocabulary_has_slug_label_and_kind():
    entries = theme_vocabulary()
    assert {"slug": "security", "label": "security and counterterrorism", "kind": "theme"} in entries
    assert any(e["kind"] == "driver" and e["slug"] == "china" for e in entries)


def test_filters_dyad_resolves_names_and_refuses_unknown_or_repeated():
    assert resolve_dyad("United States, Pakistan") == ("USA", "PAK")
    with pytest.raises(UsageError, match="unknown actor 'XYZ'"):
        resolve_dyad("USA,XYZ")
    with pytest.raises(UsageError, match="bad dyad"):
        resolve_dyad("USA,America")
    assert dyad_name(("USA", "PAK")) == "Pakistan–United States"


@pytest.mark.parametrize("date_from, date_to", [("2020", "2010"), ("2011-06", "2011-05"), ("2011-05-02", "2011")])
def test_filters_inverted_date_range_is_refused(date_from, date_to):
    if date_to == "2011" and date_from.startswith("2011"):
        check_date_range(date_from, date_to)  # a day inside the year is no inversion
        return
    with pytest.raises(UsageError, match="is after --to"):
        check_date_range(date_from, date_to)


def test_filters_resolve_all_at_once_and_pass_other_keys():
    got = resolve_filters(actor="Pakistan", theme="trade and investment", category="aid", q="routes")
    assert got["actor"] == "PAK" and got["theme"] == "trade" and got["category"] == "AID" and got["q"] == "routes"
    with pytest.raises(UsageError, match="bad date '2011-13'"):
        resolve_filters(date_from="2011-13")
