"""Filter values checked and resolved the same way for the CLI, the JSON API and the pages.

A filter either resolves to the value the records store or is refused with a UsageError
that names the value and the closest valid ones, so that no filter silently matches nothing:

- an actor is a code (``PAK``) or any name, demonym, capital, organ or leader in the actor
  vocabulary that extraction uses (``Pakistan``, ``Pakistani``, ``Islamabad`` -> ``PAK``);
- a theme or driver is its slug (``economic_aid``) or its label (``economic aid and IMF``);
- a dyad is two different actors;
- a date is YYYY, YYYY-MM or YYYY-MM-DD, and ``from`` may not come after ``to``;
- a category and a modality are from their closed lists.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bilat.errors import UsageError
from bilat.model import MODALITIES

# how many close matches a refusal lists
SUGGESTIONS = 3
# rapidfuzz WRatio below which a vocabulary entry is not offered as a close match
MIN_SIMILARITY = 60
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@functools.lru_cache(maxsize=4)
def actor_aliases(extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Lower-cased alias or code -> actor code, from the vocabulary extraction reads
    (pycountry's country names and data/actors.yaml, plus the user files in `extra`)."""
    from bilat.nlp.actors import alias_table, load_vocab

    table: dict[str, str] = {}
    for alias, code, _kind in alias_table(load_vocab([Path(p) for p in extra])):
        if code:  # titles, pronouns and pair phrases take their state from the context
            table.setdefault(code.lower(), code)
            table.setdefault(_fold(alias), code)
    return table


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _close(value: str, choices: Iterable[str]) -> list[str]:
    from rapidfuzz import fuzz, process

    found = process.extract(value, list(choices), scorer=fuzz.WRatio, limit=SUGGESTIONS * 3)
    out: list[str] = []
    for choice, score, _ in found:
        if score >= MIN_SIMILARITY and choice not in out:
            out.append(choice)
    return out[:SUGGESTIONS]


def _refuse(what: str, value: str, suggestions: list[str], hint: str) -> UsageError:
    close = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    return UsageError(f"unknown {what} {value!r}{close} ({hint})")


def resolve_actor(value: str, extra: tuple[str, ...] = ()) -> str:
    """The actor code `value` names: a code ("pak", "PAK") or a name, demonym, capital,
    organ or leader in the actor vocabulary ("Pakistan", "Islamabad" -> "PAK").

    Raises UsageError naming up to three close matches ("Pakistan (PAK)")."""
    table = actor_aliases(extra)
    code = table.get(_fold(value))
    if code:
        return code
    names = {alias: code for alias, code in table.items() if len(alias) > 3}
    suggestions = [f"{alias.title() if alias.islower() else alias} ({names[alias]})"
                   for alias in _close(_fold(value), names)]
    raise _refuse("actor", value, suggestions, "an actor code such as PAK or a country name")


@functools.lru_cache(maxsize=4)
def theme_vocabulary(extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Every theme and driver: [{"slug", "label", "kind"}] in vocabulary order (themes first)."""
    from bilat.nlp.themes import load_vocab

    vocab = load_vocab(extra)
    return [{"slug": slug, "label": label, "kind": kind}
            for kind, section in (("theme", "themes"), ("driver", "drivers"))
            for slug, (label, _pattern) in vocab[section].items()]


def theme_label(slug: str, extra: tuple[str, ...] = ()) -> str:
    """The human label of a theme or driver slug ("economic_aid" -> "economic aid and IMF");
    an unknown slug is returned as it is."""
    for entry in theme_vocabulary(extra):
        if entry["slug"] == slug:
            return entry["label"]
    return slug


def resolve_theme(value: str, extra: tuple[str, ...] = ()) -> str:
    """The slug of a theme or driver given by slug ("economic_aid"), label ("economic aid and
    IMF") or slug written with spaces ("economic aid"), case-insensitively.

    Raises UsageError naming close matches among slugs and labels."""
    wanted = _fold(value).replace("_", " ")
    for entry in theme_vocabulary(extra):
        if wanted in (_fold(entry["label"]), entry["slug"].replace("_", " ")):
            return entry["slug"]
    choices = {entry["label"]: entry["slug"] for entry in theme_vocabulary(extra)}
    suggestions = [f"{label!r} ({choices[label]})" for label in _close(value, choices)]
    hint = "see bilat themes --list" if suggestions else f"choose from {', '.join(choices.values())}"
    raise _refuse("theme", value, suggestions, hint)


def resolve_dyad(value: str, extra: tuple[str, ...] = ()) -> tuple[str, str]:
    """"USA,PAK" or "United States,Pakistan" -> ("USA", "PAK"): two different known actors.

    Raises UsageError for a malformed pair or an unknown actor."""
    return resolve_pair([p.strip() for p in value.split(",") if p.strip()], extra, shown=value)


def resolve_pair(pair: Iterable[str], extra: tuple[str, ...] = (), shown: str | None = None) -> tuple[str, str]:
    """("India", "China") or ("ind", "CHN") -> ("IND", "CHN"): each member resolved as
    `resolve_actor` does, as the CLI's --dyad and the Python API's dyad= and Settings(dyad=)
    all take it; `shown` is the value as the user wrote it, for the message.

    Raises UsageError for an unknown member or when there are not two different actors."""
    parts = [str(p) for p in pair]
    shown = shown if shown is not None else ",".join(parts)
    if len(parts) != 2:
        raise UsageError(f"bad dyad {shown!r} (two different actor codes or names, e.g. USA,PAK)")
    codes = (resolve_actor(parts[0], extra), resolve_actor(parts[1], extra))
    if codes[0] == codes[1]:
        raise UsageError(f"bad dyad {shown!r} (two different actor codes or names, e.g. USA,PAK)")
    return codes


def check_query(value: str, name: str = "q") -> None:
    """Refuse a search query with no words ("" or blanks), which can only find nothing; the
    message is the JSON API's for an empty ``q`` (422), with `name` as the caller calls it."""
    if not value.strip():
        raise UsageError(f"{name}: String should have at least 1 character")


def check_date(name: str, value: str | None) -> None:
    """Refuse a date that is not YYYY, YYYY-MM or YYYY-MM-DD, or names no day ("2011-13")."""
    import datetime as dt

    if not value:
        return
    if _PARTIAL_DATE.fullmatch(value):
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
            return
        except ValueError:
            pass
    raise UsageError(f"bad date {value!r} for {name} (use YYYY, YYYY-MM or YYYY-MM-DD)")


def check_date_range(date_from: str | None, date_to: str | None,
                     names: tuple[str, str] = ("--from", "--to")) -> None:
    """Both dates well formed and `date_from` not after `date_to` (compared on the shorter, so
    a day inside a year is no inversion); `names` as the caller calls the two parameters."""
    check_date(names[0], date_from)
    check_date(names[1], date_to)
    if date_from and date_to:
        n = min(len(date_from), len(date_to))
        if date_from[:n] > date_to[:n]:
            raise UsageError(f"{names[0]} {date_from} is after {names[1]} {date_to} (an empty range)")


def resolve_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    category: str | None = None,
    theme: str | None = None,
    modality: str | None = None,
    extra: tuple[str, ...] = (),
    **rest: Any,
) -> dict[str, Any]:
    """The filters with actor and theme resolved to what records store and the rest checked
    (see the module docstring); other keyword arguments (``q``, ``doc_id``) pass through.

    Raises UsageError on the first value that can match nothing."""
    from bilat.nlp.categories import CATEGORIES

    if category and category.upper() not in CATEGORIES:
        raise _refuse("category", category, _close(category.upper(), CATEGORIES),
                      f"choose from {', '.join(CATEGORIES)}")
    if modality and modality not in MODALITIES:
        raise _refuse("modality", modality, _close(modality.lower(), MODALITIES),
                      f"choose from {', '.join(MODALITIES)}")
    check_date_range(date_from, date_to)
    return {
        **rest,
        "date_from": date_from or None, "date_to": date_to or None,
        "actor": resolve_actor(actor, extra) if actor else None,
        "category": category.upper() if category else None,
        "theme": resolve_theme(theme, extra) if theme else None,
        "modality": modality or None,
    }


@functools.lru_cache(maxsize=256)
def actor_name(code: str) -> str:
    """A reader's name for an actor code: the first name data/actors.yaml gives it
    ("USA" -> "United States"), else pycountry's common or official name, else the code."""
    import pycountry

    from bilat.nlp.actors import load_vocab

    entry = (load_vocab().get("countries") or {}).get(code) or {}
    names = [str(n) for n in entry.get("names") or [] if len(str(n)) > 3]
    if names:
        return names[0]
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is not None:
        return str(getattr(country, "common_name", None) or country.name)
    return code


def dyad_name(pair: Iterable[str]) -> str:
    """The two actors by name in alphabetical order: ("USA", "PAK") -> "Pakistan–United States"."""
    return "–".join(sorted(actor_name(code) for code in pair))
