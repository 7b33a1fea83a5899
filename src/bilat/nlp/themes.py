"""Themes (what a passage is about) and external drivers (which third country shapes it),
tagged per sentence and per event.

Vocabularies live in data/themes.yaml (``themes:`` and ``drivers:``, each key with
a label and a list of terms). Terms match whole words, case-insensitively; a
trailing ``*`` matches any ending; the words of a multi-word term may be
separated by spaces or hyphens. Patterns are compiled once per vocabulary. The shares of
themes per period over a corpus are `bilat.analysis.themes`.
"""
from __future__ import annotations

import functools
import logging
import re

from bilat import vocab
from bilat.model import Event, EventMention

log = logging.getLogger(__name__)


def _term_pattern(term: str) -> str:
    term = term.strip().lower()
    wildcard = term.endswith("*")
    words = re.split(r"[\s\-]+", term.rstrip("*"))
    body = r"[\s\-]+".join(re.escape(w) for w in words if w)
    tail = r"[\w\-]*" if wildcard else ""
    return f"{body}{tail}"


@functools.lru_cache(maxsize=8)
def load_vocab(extra: tuple[str, ...] = ()) -> dict[str, dict[str, tuple[str, re.Pattern[str]]]]:
    """{"themes"|"drivers": {key: (label, compiled pattern)}} from the packaged and extra YAML files."""
    data = vocab.load("themes", extra)
    merged: dict[str, dict[str, dict]] = {
        section: {key: {"label": (entry or {}).get("label", key), "terms": (entry or {}).get("terms") or []}
                  for key, entry in (data.get(section) or {}).items()}
        for section in ("themes", "drivers")
    }
    out: dict[str, dict[str, tuple[str, re.Pattern[str]]]] = {}
    for section, entries in merged.items():
        out[section] = {}
        for key, entry in entries.items():
            terms = sorted({str(t) for t in entry["terms"]}, key=len, reverse=True)
            # \b fails next to non-word characters ("a.q. khan"): look-arounds instead, once
            # around all the terms, so a position inside a word is given up at once
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(_term_pattern(t) for t in terms) + r")(?!\w)",
                                 re.IGNORECASE)
            out[section][key] = (entry["label"], pattern)
    return out


def _tag(text: str, section: str, extra: tuple[str, ...]) -> list[str]:
    hits = []
    for key, (_, pattern) in load_vocab(extra)[section].items():
        n = len(pattern.findall(text or ""))
        if n:
            hits.append((-n, key))
    return [key for _, key in sorted(hits)]


def tag_themes(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Theme keys found in `text`, most mentioned first (ties by key)."""
    return _tag(text, "themes", extra)


def tag_drivers(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """External-driver keys (china, india, ...) found in `text`, most mentioned first."""
    return _tag(text, "drivers", extra)


def event_themes(event: Event | EventMention) -> list[str]:
    """The event's own themes, or those of its quotes when extraction left none."""
    if event.themes:
        return list(event.themes)
    text = " ".join([event.quote, *(c.quote for c in getattr(event, "citations", []))])
    return tag_themes(text)


def event_drivers(event: Event | EventMention) -> list[str]:
    """External drivers (China, India, ...) named in the event's quotes."""
    text = " ".join([event.quote, *(c.quote for c in getattr(event, "citations", []))])
    return tag_drivers(text)
