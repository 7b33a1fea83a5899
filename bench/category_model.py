"""An experiment: a PLOVER category classifier to help the lexicon choose an event's category.

A multinomial logistic regression over two blocks of features, each L2-normalised:
TF-IDF of the sentence's word uni- and bigrams, and binary features of the trigger (its
lemma, its head, its particles, prepositions, objects, auxiliaries and negation), fitted by
bench/train_category_model.py on example sentences written for bilat
(bench/data/category_examples.yaml) and the PLOVER gold-standard sentences in ../shared
(CC BY-SA 4.0, © 2016 Open Event Data Alliance). The parameters go to
bench/results/category_model.json, so prediction needs only numpy.

Judged by cross-validation it did not beat the lexicon (README, "Accuracy"), so bilat does not
use it and ships no model; it stays here so the measurement can be repeated.
"""
from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)

MODEL_FILE = "category_model.json"
WORD = re.compile(r"[a-z][a-z'\-]*|\d+(?:[.,]\d+)*")
# dependents of a trigger that change what kind of act it is ("call for", "turn down",
# "would strike", "did not accept", "imposed sanctions")
TRIGGER_DEPS = {"prt", "prep", "dobj", "obj", "dative", "xcomp", "ccomp", "aux", "neg", "agent",
                "auxpass", "acomp", "attr", "compound", "amod"}


def text_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of a sentence, lower-cased, digits folded to one token."""
    words = ["<num>" if w[0].isdigit() else w for w in WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def trigger_terms(trigger: "str | Token | None", category: str | None = None) -> list[str]:
    """Features of the trigger (a lemma string, or a parsed token with its head and dependents)
    and of the category the lexicon gives it, so that the model learns when to trust it."""
    lex = [f"lex={category}"] if category else []
    if trigger is None:
        return lex
    if isinstance(trigger, str):
        lemma = trigger.lower().strip()
        return lex + ([f"t={lemma}"] if lemma else [])
    lemma = trigger.lemma_.lower()
    out = lex + [f"t={lemma}", f"pos={trigger.pos_}"]
    if trigger.head.i != trigger.i:
        out += [f"h={trigger.head.lemma_.lower()}", f"d={trigger.dep_}"]
    for child in trigger.children:
        if child.dep_ not in TRIGGER_DEPS:
            continue
        clem = child.lemma_.lower()
        out.append(f"c={child.dep_}:{clem}")
        if child.dep_ in ("prt", "prep"):
            out.append(f"t={lemma} {clem}")
            out += [f"p={clem}:{g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj"]
    return out


def _unit(counts: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in counts.values()))
    return {k: v / norm for k, v in counts.items()} if norm else {}


class CategoryClassifier:
    """A fitted linear model over sentence and trigger features (see the module docstring)."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.classes: list[str] = list(params["classes"])
        self.text_vocab: dict[str, int] = {t: i for i, t in enumerate(params["text_vocab"])}
        self.idf = np.asarray(params["idf"], dtype=np.float64)
        self.trigger_vocab: dict[str, int] = {t: i for i, t in enumerate(params["trigger_vocab"])}
        self.trigger_weight = float(params["trigger_weight"])
        coef = np.asarray(params["coef"], dtype=np.float64)  # (n_features, n_classes)
        n_text = len(self.text_vocab)
        self.text_coef = coef[:n_text]
        self.trigger_coef = coef[n_text:]
        self.intercept = np.asarray(params["intercept"], dtype=np.float64)
        # the classifier replaces the lexicon's category only when this sure (chosen by CV)
        self.threshold = float(params.get("threshold", 1.0))
        self.margin = float(params.get("margin", 0.0))
        self._text_scores = lru_cache(maxsize=4096)(self._text_scores_uncached)

    # -------------------------------------------------------------- loading

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "CategoryClassifier":
        """The model bench/train_category_model.py wrote to bench/results (read once per process)."""
        return cls.from_file(Path(__file__).parent / "results" / MODEL_FILE)

    @classmethod
    def from_file(cls, path: Path | str) -> "CategoryClassifier":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    # -------------------------------------------------------------- features

    def text_vector(self, text: str) -> dict[int, float]:
        """Sparse TF-IDF vector (sublinear tf, L2 norm) of the sentence, as sklearn computes it."""
        counts = Counter(i for i in (self.text_vocab.get(t) for t in text_terms(text)) if i is not None)
        return _unit({i: (1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()})

    def trigger_vector(self, trigger: "str | Token | None", category: str | None = None) -> dict[int, float]:
        ids = {self.trigger_vocab[t] for t in trigger_terms(trigger, category) if t in self.trigger_vocab}
        return {i: self.trigger_weight * v for i, v in _unit({i: 1.0 for i in ids}).items()}

    def _text_scores_uncached(self, text: str) -> np.ndarray:
        vec = self.text_vector(text)
        if not vec:
            return np.zeros(len(self.classes))
        idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        val = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        return val @ self.text_coef[idx]

    # -------------------------------------------------------------- prediction

    def scores(self, text: str, trigger: "str | Token | None" = None, category: str | None = None) -> np.ndarray:
        out = self.intercept + self._text_scores(text)
        vec = self.trigger_vector(trigger, category)
        if vec:
            idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
            val = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
            out = out + val @ self.trigger_coef[idx]
        return out

    def predict_proba(self, text: str, trigger: "str | Token | None" = None,
                      category: str | None = None) -> dict[str, float]:
        """Probability of each PLOVER category for the event of `text` whose trigger is `trigger`
        (a lemma, or a parsed token whose head and dependents are used too) and to which the
        lexicon gives `category` (if known)."""
        s = self.scores(text, trigger, category)
        p = np.exp(s - s.max())
        p /= p.sum()
        return {c: float(v) for c, v in zip(self.classes, p)}

    def predict(self, text: str, trigger: "str | Token | None" = None,
                category: str | None = None) -> tuple[str, float]:
        """The most probable category and its probability."""
        proba = self.predict_proba(text, trigger, category)
        best = max(proba, key=proba.__getitem__)
        return best, proba[best]

    def revise(self, text: str, trigger: "str | Token | None", category: str) -> str:
        """The lexicon's `category` unless the classifier prefers another with probability above
        the threshold and by more than the margin over the lexicon's category."""
        proba = self.predict_proba(text, trigger, category)
        best = max(proba, key=proba.__getitem__)
        if best != category and proba[best] >= self.threshold \
                and proba[best] - proba.get(category, 0.0) >= self.margin:
            log.debug("category %s -> %s (p=%.2f) for %r", category, best, proba[best], trigger)
            return best
        return category


def revise_category(trigger: "Token", category: str) -> str:
    """The category for an event whose lexicon category is `category` and trigger `trigger`
    (a token of a parsed sentence), revised by the shipped classifier where it is sure."""
    return CategoryClassifier.load().revise(trigger.sent.text, trigger, category)
