"""Modality of an event trigger: occurred, planned, recommended, hypothetical or negated.

`modality_of` reads the dependency parse around the trigger: its own auxiliaries
and negation first ("will", "should", "could", "did not"), then, climbing the
head chain through complements (xcomp, ccomp, conj without its own subject,
infinitival clauses, prepositional objects), what governs it: a verb ("agreed
to X": planned; "refused to X": negated; "we recommend that X": recommended),
an adjective ("ready to X", "it is essential that X"), or an event noun
("a plan to X", "the lack of X"). Event nouns also look at their modifiers
("the planned visit", "potential sanctions").

Cue words live in ``data/modality.yaml``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bilat import vocab

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

OCCURRED, PLANNED, RECOMMENDED, HYPOTHETICAL, NEGATED = (
    "occurred", "planned", "recommended", "hypothetical", "negated")
_MAX_DEPTH = 6
_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")


@dataclass(frozen=True)
class _Cues:
    aux: dict[str, str]
    negating_modals: frozenset[str]
    negators: frozenset[str]
    governors: dict[str, str]
    adjectives: dict[str, str]
    noun_modifiers: dict[str, str]
    noun_governors: dict[str, str]
    under_frames: dict[str, str]
    reporting: frozenset[str]
    conditional: frozenset[str]
    intention_verbs: frozenset[str]
    intention_nouns: frozenset[str]
    content_verbs: frozenset[str]
    content_nouns: frozenset[str]
    realizing_verbs: frozenset[str] = frozenset()
    prep_governors: dict[str, str] | None = None
    scarce_quantifiers: frozenset[str] = frozenset()


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for modality, words in groups.items():
        for w in words:
            out.setdefault(str(w).lower(), modality)
    return out


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw: dict[str, Any] = vocab.load("modality")
    return _Cues(
        aux={str(k).lower(): v for k, v in raw["aux"].items()},
        negating_modals=frozenset(raw["negating_modals"]),
        negators=frozenset(str(w).lower() for w in raw["negators"]),
        governors=_invert(raw["governors"]),
        adjectives=_invert(raw["adjectives"]),
        noun_modifiers=_invert(raw["noun_modifiers"]),
        noun_governors=_invert(raw["noun_governors"]),
        under_frames=_invert(raw["under_frames"]),
        reporting=frozenset(raw["reporting_verbs"]),
        conditional=frozenset(raw["conditional_marks"]),
        intention_verbs=frozenset(raw["intention_verbs"]),
        intention_nouns=frozenset(raw["intention_nouns"]),
        content_verbs=frozenset(raw["content_verbs"]),
        content_nouns=frozenset(raw["content_nouns"]),
        realizing_verbs=frozenset(raw.get("realizing_verbs") or []),
        prep_governors=_invert(raw.get("prep_governors") or {}),
        scarce_quantifiers=frozenset(str(w).lower() for w in raw.get("scarce_quantifiers") or []),
    )


def _lemma(tok: "Token") -> str:
    """The token's lemma as the cue lists spell it. The small English model sometimes strips
    a silent e with the suffix ("hoping" -> "hop"): when only the e-form is a cue word, it is
    the lemma meant."""
    lemma = tok.lemma_.lower()
    cues = _cues()
    if tok.tag_ in ("VBG", "VBD", "VBN") and not lemma.endswith("e") and lemma + "e" in cues.governors \
            and lemma not in cues.governors:
        return lemma + "e"
    return lemma


# ---------------------------------------------------------------- public API


def modality_of(trigger: "Token") -> str:
    """Modality of the event whose trigger (verb or event noun) is `trigger`."""
    return _modality(trigger, 0)


def sentence_modality(sent: "Span") -> str:
    """Default modality of a sentence: that of its main verb."""
    return _modality(sent.root, 0)


# ---------------------------------------------------------------- rules


def _modality(tok: "Token", depth: int) -> str:
    cues = _cues()
    own = _own_cue(tok, cues)
    if own is not None:
        return own
    if depth == 0:
        inner = _complement_cue(tok, cues)
        if inner is not None:
            return inner
    if depth >= _MAX_DEPTH or tok.head is tok:
        return OCCURRED
    return _inherited(tok, cues, depth)


def _is_noun(tok: "Token") -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or (tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj"))


def _own_cue(tok: "Token", cues: _Cues) -> str | None:
    """What the trigger's own auxiliaries, negation, marker or modifiers say."""
    if _is_noun(tok):
        return _noun_cue(tok, cues)
    children = list(tok.children)
    mark = next((c.lower_ for c in children if c.dep_ == "mark"), None)
    if mark in cues.conditional and tok.dep_ == "advcl":
        return HYPOTHETICAL
    modals = [c for c in children if c.dep_ in ("aux", "auxpass") and c.lower_ in cues.aux]
    negated = any(_is_negator(c, cues) for c in children) or _negated_argument(tok, cues)
    if modals:
        return _modal_cue(tok, modals[0], negated, cues)
    if tok.lemma_ == "have" and any(c.lower_ == "yet" for c in children):
        return NEGATED  # "has yet to sign"
    if negated:
        return NEGATED
    under = _under_frame(tok, cues)
    if under is not None:
        return under
    return None


def _complement_cue(tok: "Token", cues: _Cues) -> str | None:
    """When the trigger only frames the event: 'plans to X', 'announced that X would ...'."""
    lemma = _lemma(tok)
    children = list(tok.children)
    if _is_noun(tok):
        if lemma in cues.content_nouns:
            for c in children:
                if c.dep_ in ("acl", "ccomp") and not _infinitive(c):
                    inner = _modality(c, 1)
                    if inner != OCCURRED:
                        return inner
        return None
    for c in children:
        if c.dep_ == "dobj" and c.lemma_.lower() in cues.intention_nouns and any(
            a.dep_ == "acl" and _infinitive(a) for a in c.children
        ):
            return PLANNED  # "declared its intention to withdraw"
    has_object = any(c.dep_ == "dobj" for c in children)  # "committed $38 million": a transfer
    frames = [tok] + [c for c in children if c.dep_ == "acomp"]
    for f in frames:
        if has_object or _lemma(f) not in cues.intention_verbs:
            continue
        if f.lemma_.lower() == "look" and not any(c.lower_ == "forward" for c in f.children):
            continue
        for c in f.children:
            if c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to" and any(
                g.dep_ == "pcomp" or (g.dep_ == "pobj" and (g.tag_ == "VBG" or f.lemma_ == "look"))
                for g in c.children
            )):
                return PLANNED
    if lemma in cues.content_verbs:
        for c in children:
            if c.dep_ == "ccomp":
                if lemma in ("dismiss", "deny"):
                    return NEGATED
                inner = _modality(c, 1)
                if inner != OCCURRED:
                    return inner
    return None


def _is_negator(tok: "Token", cues: _Cues) -> bool:
    return tok.dep_ == "neg" or (tok.dep_ in ("advmod", "preconj") and tok.lower_ in cues.negators)


def _negated_argument(tok: "Token", cues: _Cues) -> bool:
    """'No agreement was reached', 'gave no assurances': the verb did not happen."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            g.dep_ in ("det", "neg") and g.lower_ == "no" for g in c.children
        ):
            return True
    return False


def _modal_cue(tok: "Token", modal: "Token", negated: bool, cues: _Cues) -> str:
    word = modal.lower_
    base = cues.aux[word]
    if negated and word in cues.negating_modals:
        return NEGATED  # "could not agree", "cannot accept"
    if word == "would":
        if _has_conditional(tok, cues):
            return HYPOTHETICAL
        if tok.lemma_ in ("like", "love") or _reported(tok, cues):
            return PLANNED  # "would like to", "announced it would"
        return HYPOTHETICAL
    if base == RECOMMENDED and tok.dep_ == "ccomp" and cues.governors.get(tok.head.lemma_) == PLANNED:
        return PLANNED  # "decided that they must continue": a decision, not advice
    return base


def _has_conditional(tok: "Token", cues: _Cues) -> bool:
    for c in tok.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in cues.conditional for g in c.children):
            return True
    return False


def _reported(tok: "Token", cues: _Cues) -> bool:
    head = tok.head
    return tok.dep_ in ("ccomp", "conj") and head is not tok and head.lemma_ in cues.reporting


def _under_frame(tok: "Token", cues: _Cues) -> str | None:
    """'X is under consideration', 'a fence is under construction'."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "under":
            for obj in c.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in cues.under_frames:
                    return cues.under_frames[obj.lemma_.lower()]
    return None


def _realized(tok: "Token", cues: _Cues) -> bool:
    """The noun is the object of a past-tense verb that carries it out ("mounted its
    long-threatened invasion")."""
    head = tok.head
    return tok.dep_ == "dobj" and head.tag_ == "VBD" and head.lemma_.lower() in cues.realizing_verbs


def _scarce(tok: "Token", cues: _Cues) -> bool:
    """'little aid', 'few talks': a quantity that amounts to none ('a little aid' is some)."""
    children = list(tok.children)
    for c in children:
        if c.dep_ in ("amod", "det", "nummod", "advmod") and c.lower_ in cues.scarce_quantifiers:
            return not any(a.lower_ == "a" and a.i == c.i - 1 for a in [*children, *c.children])
    return False


def _noun_cue(tok: "Token", cues: _Cues) -> str | None:
    if _realized(tok, cues):
        return None  # the governing verb decides
    if _scarce(tok, cues):
        return NEGATED
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "det", "nummod", "advmod", "neg", "poss"):
            cue = cues.noun_modifiers.get(c.lower_)
            if cue is not None:
                return cue
    return None


def _inherited(tok: "Token", cues: _Cues, depth: int) -> str:
    """Modality passed down from what governs the trigger."""
    head, dep = tok.head, tok.dep_
    has_subject = any(c.dep_ in _SUBJ for c in tok.children)
    if dep == "conj":
        return OCCURRED if has_subject else _modality(head, depth + 1)
    if dep in ("pobj", "pcomp") and head.dep_ == "prep":
        return _through_preposition(tok, head, cues, depth)
    if dep in ("csubj", "csubjpass"):
        return _modality(head, depth + 1)
    if dep in ("xcomp", "ccomp", "pcomp", "acomp"):
        return _governed(tok, head, dep, cues, depth)
    if dep == "advcl":
        if _infinitive(tok):
            return _modality(head, depth + 1)
        return OCCURRED
    if dep in ("acl", "relcl"):
        if _infinitive(tok):
            cue = cues.noun_governors.get(head.lemma_.lower())
            return cue if cue is not None else _modality(head, depth + 1)
        return OCCURRED
    if dep in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "appos"):
        if head.pos_ in ("VERB", "AUX"):
            gov = _modality(head, depth + 1)
            if gov == OCCURRED and dep == "dobj":
                cue = cues.governors.get(_lemma(head))
                if cue in (PLANNED, RECOMMENDED, HYPOTHETICAL) and head.lemma_ not in ("announce", "set"):
                    return cue  # "proposed talks", "urged restraint", "considered sanctions"
            return gov
        if dep == "appos":
            return _modality(head, depth + 1)
    return OCCURRED


def _prep_frame(verb: "Token", prep: "Token", cues: _Cues, words: list[str] | None = None) -> str | None:
    """'refrained from imposing', 'stopped short of recognising': a verb and preposition
    (with an adverb or particle between) that set what they govern."""
    lemma = _lemma(verb)
    if words is None:
        words = [c.lower_ for c in verb.children if c.dep_ in ("advmod", "prt") and c.i < prep.i]
    for phrase in [f"{lemma} {w} {prep.lower_}" for w in words] + [f"{lemma} {prep.lower_}"]:
        cue = (cues.prep_governors or {}).get(phrase)
        if cue is not None:
            return cue
    return None


def _infinitive(tok: "Token") -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _governed(tok: "Token", head: "Token", dep: str, cues: _Cues, depth: int) -> str:
    """'agreed to X', 'refused to X', 'we recommend that X', 'ready to X', 'is to X'."""
    gov = _modality(head, depth + 1)
    if gov in (NEGATED, RECOMMENDED, HYPOTHETICAL):
        return gov
    lemma = _lemma(head)
    cue = None
    if head.pos_ == "ADJ" or (head.pos_ == "AUX" and lemma == "be"):
        cue = _adjective_cue(head, cues)
        if cue is None and lemma == "be" and dep == "xcomp" and _infinitive(tok):
            cue = PLANNED  # "the minister is to visit"
    if cue is None and head.pos_ == "ADJ":
        cue = cues.adjectives.get(lemma)
    if cue is None:
        cue = cues.governors.get(lemma)
        if lemma == "have" and dep == "xcomp" and _infinitive(tok):
            cue = RECOMMENDED  # "Washington has to engage"
        if lemma == "go" and not _infinitive(tok):
            cue = None
        if lemma == "look" and not any(c.lower_ == "forward" for c in head.children):
            cue = None
        if lemma in ("announce", "agree", "decide") and dep == "ccomp":
            cue = None  # "announced that X happened" reports X; a future needs its own "will"
    if cue is not None:
        return cue
    return gov


def _adjective_cue(head: "Token", cues: _Cues) -> str | None:
    """'It is essential that X', 'Washington is ready to X'."""
    if head.pos_ == "ADJ":
        return cues.adjectives.get(head.lemma_.lower())
    for c in head.children:
        if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in cues.adjectives:
            return cues.adjectives[c.lemma_.lower()]
    return None


def _through_preposition(tok: "Token", prep: "Token", cues: _Cues, depth: int) -> str:
    """'the lack of X', 'plans for X', 'looked forward to X', 'calls for X'."""
    gov_tok = prep.head
    lemma = _lemma(gov_tok)
    if gov_tok.pos_ in ("NOUN", "PROPN"):
        cue = cues.noun_governors.get(lemma)
        if cue is not None:
            return cue
        return _modality(gov_tok, depth + 1) if gov_tok.dep_ != "ROOT" else OCCURRED
    if gov_tok.pos_ == "ADV" and lemma == "forward":
        return PLANNED
    if gov_tok.pos_ in ("ADV", "ADJ") and gov_tok.head.pos_ == "VERB":  # "stopped short of"
        framed = _prep_frame(gov_tok.head, prep, cues, [gov_tok.lower_])
        if framed is not None:
            return framed
    if gov_tok.pos_ in ("VERB", "AUX"):
        gov = _modality(gov_tok, depth + 1)
        if gov != OCCURRED:
            return gov
        framed = _prep_frame(gov_tok, prep, cues)
        if framed is not None:
            return framed
        if lemma == "look" and any(c.lower_ == "forward" for c in gov_tok.children):
            return PLANNED
        if lemma == "call" and prep.lower_ == "for":
            return RECOMMENDED
        if prep.lower_ in ("for", "on") and lemma in ("prepare", "plan", "agree", "decide"):
            return PLANNED
    return OCCURRED
