"""Disclaimer and boilerplate paragraphs: dropped before extraction.

A brief's disclaimer ("these views belong to the writer alone, not to ...") reads as
prose, and the extractor would find events in it. Paragraphs that are about the publication
itself are recognised by the patterns of ``data/boilerplate.yaml`` (extensible with
``--vocab``) and dropped from the cleaned text. Only short paragraphs are dropped: a long
paragraph that happens to contain such a phrase is body text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from bilat import vocab
from bilat.errors import UsageError
from bilat.ingest.text import count_words

log = logging.getLogger(__name__)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class BoilerplateRules:
    patterns: tuple[re.Pattern[str], ...]
    max_words: int


def load_boilerplate(vocab_files: Iterable[Path | str] = ()) -> BoilerplateRules:
    """The packaged boilerplate patterns merged with the users' (`boilerplate:` in --vocab files).

    Raises VocabError for a bad file, UsageError for a pattern that is not a regular expression."""
    return _rules(tuple(str(p) for p in vocab_files))


@lru_cache(maxsize=16)
def _rules(files: tuple[str, ...]) -> BoilerplateRules:
    data = vocab.load("boilerplate", files)
    patterns = []
    for pattern in data.get("patterns") or []:
        try:
            patterns.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as exc:
            raise UsageError(f"boilerplate pattern {pattern!r} is not a regular expression ({exc})") from None
    return BoilerplateRules(tuple(patterns), int(data.get("max_words") or 0))


def is_boilerplate(paragraph: str, rules: BoilerplateRules) -> bool:
    """True for a paragraph of at most `rules.max_words` words that matches a pattern."""
    if count_words(paragraph) > rules.max_words:
        return False
    folded = " ".join(paragraph.split())
    return any(pattern.search(folded) for pattern in rules.patterns)


def drop_boilerplate(text: str, rules: BoilerplateRules, source: str = "") -> str:
    """`text` without its boilerplate paragraphs (paragraphs are separated by blank lines;
    the others are kept exactly as they were)."""
    kept = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if paragraph.strip() and is_boilerplate(paragraph, rules):
            log.info("%s: boilerplate paragraph dropped: %.60s...", source, " ".join(paragraph.split()))
            continue
        kept.append(paragraph)
    return "\n\n".join(kept)
