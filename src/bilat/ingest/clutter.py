"""Remove web-page furniture from plain text saved from web pages.

A text file saved from a news page keeps the page's navigation and advertising around
the article: breadcrumb runs glued into one word ("HomeWorldAsia..."), labels such as
"- Advertisement -", share and print rows, "Top of Form", cookie notices, copyright
footers, and after the article a block of teaser headlines under a marker such as
"YOU MAY BE INTERESTED IN". The rules here are general shapes plus the vocabulary in
``data/clutter.yaml``; no string of any particular document.

The one rule that overrides every other: a body paragraph — a line that reads as prose
(enough words, mostly lower-case words, ending like a sentence) — is never removed,
except by the few furniture expressions that are unmistakable even in prose (cookie
notices, copyright lines) and only while the line is short. Short lines that head a
section (the next line is a body paragraph) are kept as headings.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable


from bilat import vocab
from bilat.ingest.text import tidy_whitespace

log = logging.getLogger(__name__)

BODY_MIN_WORDS = 12
PROSE_MIN_WORDS = 10
PROSE_LOWER_SHARE = 0.5
SHORT_LINE_WORDS = 8

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$|[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰\d]+$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_TOKEN = re.compile(r"\S+")
_ALPHA_WORD = re.compile(r"^[\"'“‘(\[]*([^\W\d_][\w'’-]*)")
# three or more capitalised words glued together: "HomeWorldAsia"
_GLUED_RUN = re.compile(r"(?:[A-Z][a-z]{1,}){3,}")
_HOME_GLUED = re.compile(r"^Home(?=[A-Z])")
_CRUMB_SEPARATED = re.compile(r"^home\s*(?:[>»/|›→]|&gt;)\s*\S", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\]|\d{1,3}[.)]?\s+[\"“*A-Z])")
_CITATION_MARK = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|https?://|\bdoi\b", re.IGNORECASE)
_NORMALISE = re.compile(r"[^\w':]+|_")


@dataclass(frozen=True)
class ClutterRules:
    phrases: frozenset[str]
    markers: frozenset[str]
    social: frozenset[str]
    furniture: tuple[re.Pattern[str], ...]
    teasers: tuple[re.Pattern[str], ...]
    any_length: tuple[re.Pattern[str], ...]
    any_length_max_words: int = 45


@dataclass
class RemovedLine:
    line: int  # 0-based line number in the whitespace-tidied input
    text: str
    reason: str


@dataclass
class CleanText:
    text: str
    removed: list[RemovedLine] = field(default_factory=list)


def normalise_line(line: str, keep_colons: bool = False) -> str:
    """Lower case, runs of non-word characters to one space (colons kept on request)."""
    folded = _NORMALISE.sub(" ", line.lower().replace("’", "'"))
    if not keep_colons:
        folded = folded.replace(":", " ")
    return " ".join(folded.split()).strip("' ")


def load_rules(extra: Iterable[Path] = ()) -> ClutterRules:
    """Rules from the packaged data/clutter.yaml, extended by user files' `clutter:` key."""
    extra = tuple(Path(p) for p in extra)
    return _load_rules(extra)


@lru_cache(maxsize=8)
def _load_rules(extra: tuple[Path, ...]) -> ClutterRules:
    data = vocab.load("clutter", extra)
    any_length = data.get("any_length") or {}

    def compile_all(items: Iterable[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(rf"(?:{p})", re.IGNORECASE) for p in items)

    return ClutterRules(
        phrases=frozenset(normalise_line(p) for p in data.get("phrases", [])),
        markers=frozenset(normalise_line(p) for p in data.get("markers", [])),
        social=frozenset(normalise_line(p) for p in data.get("social", [])),
        furniture=compile_all(data.get("furniture", [])),
        teasers=compile_all(data.get("teasers", [])),
        any_length=compile_all(any_length.get("patterns", [])),
        any_length_max_words=int(any_length.get("max_words", 45)),
    )


def lower_share(line: str) -> float:
    """Share of alphabetic words that start in lower case (prose high, headlines low)."""
    words = [m.group(1) for m in map(_ALPHA_WORD.match, _TOKEN.findall(line)) if m]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].islower()) / len(words)


def word_count(line: str) -> int:
    return len(_TOKEN.findall(line))


def is_body_paragraph(line: str) -> bool:
    """A real sentence: long enough, mostly lower-case words, ends like a sentence."""
    line = line.strip()
    return (
        word_count(line) >= BODY_MIN_WORDS
        and bool(_SENTENCE_END.search(line))
        and not _TRUNCATED.search(line)
        and lower_share(line) >= 0.4
    )


def is_prose(line: str) -> bool:
    """Body paragraph, or a long line shaped like running text even without a full stop."""
    if is_body_paragraph(line):
        return True
    return word_count(line) >= PROSE_MIN_WORDS and lower_share(line) >= PROSE_LOWER_SHARE


def is_breadcrumb(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _HOME_GLUED.match(stripped)
        or _CRUMB_SEPARATED.match(stripped)
        or _GLUED_RUN.search(stripped.split(" ", 1)[0])
    )


def is_footnote(line: str) -> bool:
    return bool(_FOOTNOTE.match(line.strip()))


def _is_citation(line: str) -> bool:
    """A reference-list entry: a few words with a year or a link, ending in a full stop."""
    stripped = line.strip()
    return (
        word_count(stripped) >= 4
        and bool(_CITATION_MARK.search(stripped))
        and stripped.endswith((".", ">", ")"))
    )


def _is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def furniture_reason(line: str, rules: ClutterRules) -> str | None:
    """Why the line is furniture wherever it stands, or None."""
    plain = normalise_line(line)
    with_colons = normalise_line(line, keep_colons=True)
    if not plain:
        # only punctuation or symbols left ("* * *", "|", "»")
        return None if re.search(r"\w", line) else "symbols"
    words = word_count(line)
    if words <= rules.any_length_max_words and any(
        p.fullmatch(with_colons) or p.fullmatch(line.strip()) for p in rules.any_length
    ):
        return "notice"
    if is_prose(line):
        return None
    if plain in rules.phrases:
        return "phrase"
    if plain in rules.markers:
        return "marker"
    if set(plain.split()) <= rules.social:
        return "share row"
    if is_breadcrumb(line):
        return "breadcrumb"
    if any(p.fullmatch(with_colons) for p in rules.furniture):
        return "furniture"
    return None


def remove_clutter(text: str, rules: ClutterRules | None = None) -> CleanText:
    """Text without page furniture, and the lines removed with the reason for each."""
    rules = rules or load_rules()
    lines = tidy_whitespace(text).split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    body = [i for i in filled if is_body_paragraph(lines[i])]
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1
    next_filled = {a: b for a, b in zip(filled, filled[1:])}
    body_set = set(body)

    def heads_section(i: int) -> bool:
        """A heading stands alone in its block, and a body paragraph follows it."""
        j = next_filled.get(i)
        alone = i == 0 or not lines[i - 1].strip() or i - 1 in body_set
        return alone and j is not None and is_body_paragraph(lines[j])

    removed: list[RemovedLine] = []
    in_teasers = False
    for i in filled:
        line = lines[i]
        reason = furniture_reason(line, rules)
        if reason == "marker":
            in_teasers = True
        elif reason is None:
            reason = _zone_reason(line, i, first_body, last_body, in_teasers, heads_section(i), rules)
            if reason is None and is_prose(line):
                in_teasers = False
            elif reason is None and in_teasers and heads_section(i):
                in_teasers = False
        if reason:
            removed.append(RemovedLine(i, line, reason))
    gone = {r.line for r in removed}
    kept = [line for i, line in enumerate(lines) if i not in gone]
    if removed:
        log.debug("removed %d clutter lines", len(removed))
    return CleanText(tidy_whitespace("\n".join(kept)), removed)


def _zone_reason(
    line: str,
    i: int,
    first_body: int,
    last_body: int,
    in_teasers: bool,
    heading: bool,
    rules: ClutterRules,
) -> str | None:
    """Why a line that is not furniture everywhere is clutter where it stands, or None."""
    if is_prose(line) or is_footnote(line) or _is_citation(line):
        return None
    with_colons = normalise_line(line, keep_colons=True)
    if not heading and any(p.fullmatch(with_colons) for p in rules.teasers):
        return "teaser"
    if in_teasers and not heading:
        return "teaser run"
    if i > last_body >= 0 and not _SENTENCE_END.search(line.strip()):
        return "after the article"
    if i > first_body and not heading and _is_all_caps(line) and word_count(line) <= SHORT_LINE_WORDS:
        return "section furniture"
    if i > last_body >= 0 and lower_share(line) < PROSE_LOWER_SHARE:
        return "after the article"
    return None
