"""Which language a document is written in.

bilat's extraction is English only (the spaCy pipeline, the vocabularies and the date rules),
so a document in another language is stored with its language and not analysed. The
identifier is py3langid (a maintained fork of langid.py: a naive Bayes model over byte
n-grams for 140 languages, shipped inside the 4.6 MB wheel, no network, deterministic).

A wrong "not English" costs a document's events, a wrong "English" only a few spurious ones,
so detection leans to English: short texts are not judged at all, and a language other
than English must be detected with high confidence.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bilat.ingest.text import count_words

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

log = logging.getLogger(__name__)

ENGLISH = "en"
# texts shorter than this are too short to tell apart reliably (a headline, a caption)
MIN_WORDS = 20
# softmax confidence py3langid must give a non-English language (its probabilities are
# calibrated by text length); 0.9 is far below what one paragraph of French or German gets
MIN_CONFIDENCE = 0.9
# detection reads samples from the start, middle and end: a long document costs no more
# than a few pages, and a foreign-language abstract alone does not decide
SAMPLE_CHARS = 3000
# English function words: in running English they are about a third of all words, in French or
# German text a few per cent. A text where they make a fifth or more is English without asking
# the model, whose loading (about 2 s) an all-English corpus then never pays.
FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as by was it at from are be this have has an were "
    "not or which its their but".split())
CLEARLY_ENGLISH = 0.2
_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Detection:
    """A detected language: ISO 639-1 code, the model's confidence (0–1; None when the text was
    too short to judge, or plainly English by its function words and not shown to the model)
    and whether the code was detected or assumed."""

    language: str
    confidence: float | None
    detected: bool


@lru_cache(maxsize=1)
def _identifier() -> "LanguageIdentifier":
    # loading the model takes about 2 s (it is xz-compressed): once per process, when needed
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _sample(text: str) -> str:
    if len(text) <= 3 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2 - SAMPLE_CHARS // 2
    return "\n".join((text[:SAMPLE_CHARS], text[middle:middle + SAMPLE_CHARS], text[-SAMPLE_CHARS:]))


def detect_language(text: str) -> Detection:
    """The language of `text`: English unless another language is detected with confidence.

    Texts under MIN_WORDS words are taken as English without asking the model
    (`detected` False); so is a text whose best guess is not English but below
    MIN_CONFIDENCE. Raises nothing for any string.
    """
    if count_words(text) < MIN_WORDS:
        return Detection(ENGLISH, None, detected=False)
    sample = _sample(text)
    words = _WORDS.findall(sample.lower())
    if sum(w in FUNCTION_WORDS for w in words) >= CLEARLY_ENGLISH * len(words):
        return Detection(ENGLISH, None, detected=True)
    language, confidence = _identifier().classify(sample)
    if language != ENGLISH and confidence < MIN_CONFIDENCE:
        log.debug("language %r at %.2f is below %.2f: taken as English", language, confidence, MIN_CONFIDENCE)
        return Detection(ENGLISH, confidence, detected=False)
    return Detection(language, confidence, detected=True)
