"""A trained scorer for event candidates: does a candidate report a happening between actors,
and of which PLOVER category, with a calibrated confidence.

The rules (`bilat.nlp.events`) find candidates and their arguments, dates and modality; the
scorer decides what the rules guess at. For each candidate — a trigger token in a parsed
sentence, with the category the rules gave it — a multinomial logistic regression over sparse
features (the trigger's lemma, part of speech, head and dependents, where the parsed actors
sit, its modality, the rules' category, and the sentence's content lemmas) gives a probability
for each of the 16 PLOVER categories and for NONE (no happening). `rescore` then

- drops a rule mention the model is confident reports no happening (a topic noun, a
  subject of discussion),
- changes a rule mention's category when the model prefers another one clearly,
- proposes a mention for a sentence where the rules found none but the model sees a
  happening and the parse gives it an actor,

and writes the probability of the final category, temperature-calibrated, to
`EventMention.confidence`.

The model is `data/models/event_scorer.npz` (feature names, coefficients, intercepts) with
`event_scorer.json` beside it (classes, thresholds, temperature, training data and metrics);
it is rebuilt by `make model` (bench/train_scorer.py). Prediction is numpy only: nothing is
unpickled.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from bilat.model import EventMention
    from bilat.nlp.actors import ActorResolver
    from bilat.nlp.events import SentenceContext

log = logging.getLogger(__name__)

NONE = "NONE"
MODEL_NAME = "event_scorer"
# dependents of a trigger that change what kind of act it is ("call for", "turn down",
# "would strike", "did not accept", "imposed sanctions")
TRIGGER_DEPS = frozenset({"prt", "prep", "dobj", "obj", "dative", "xcomp", "ccomp", "aux", "neg", "agent",
                          "auxpass", "acomp", "attr", "compound", "amod", "advmod", "nsubj", "nsubjpass"})
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss", "compound", "amod", "csubj"})
OBJ_DEPS = frozenset({"dobj", "obj", "dative", "iobj", "prep", "pobj"})
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
Step = Callable[["Span", list[tuple["EventMention", "Token"]], "ActorResolver", "SentenceContext"],
                list[tuple["EventMention", "Token"]]]


@dataclass
class Candidate:
    """One possible event of a sentence: its trigger token, the rules' category (None when the
    rules passed the token over), the rules' mention if they made one, and how it was found:
    "rule" (a mention of the rules), "trigger" (a lexicon trigger the rules dropped or gave no
    actors) or "root" (the sentence's main verb, for recall)."""

    token: "Token"
    rule_category: str | None
    mention: "EventMention | None"
    kind: str


# ------------------------------------------------------------------------------ features


def sentence_candidates(sent: "Span", found: list[tuple["EventMention", "Token"]]) -> list[Candidate]:
    """The candidates of a parsed sentence: the rules' mentions (`found`, as returned by
    `find_event_triggers`) or, when there are none, the lexicon's triggers and the main verb."""
    if found:
        return [Candidate(tok, m.category, m, "rule") for m, tok in found]
    from bilat.nlp.events import find_triggers
    from bilat.nlp.lexicon import load_lexicon

    out = [Candidate(t.token, t.category, None, "trigger") for t in find_triggers(sent, load_lexicon())]
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and all(c.token.i != root.i for c in out):
        out.append(Candidate(root, None, None, "root"))
    return out


def actor_tokens(sent: "Span", resolver: "ActorResolver") -> set[int]:
    """Indices (in the Doc) of the tokens of the sentence's actor mentions (states,
    organisations, officials, "we"), places after "in"/"at" left out."""
    return {i for m in resolver.find(sent) if not m.locative and (m.code or m.kind in ("title", "first_person"))
            for i in range(m.start, m.end)}


def _has_actor(tok: "Token", actors: set[int]) -> bool:
    return any(t.i in actors for t in tok.subtree)


def candidate_terms(sent: "Span", cand: Candidate, actors: set[int]) -> tuple[list[str], list[str]]:
    """The features of a candidate as two blocks of names: the trigger's (lemma, part of
    speech, head, dependents, actors around it, modality, the rules' category) and the
    sentence's (content lemmas outside actor names). `actors`: see `actor_tokens`."""
    from bilat.nlp.modality import modality_of

    tok = cand.token
    lemma = tok.lemma_.lower()
    lex = cand.rule_category or "-"
    trig = [f"lex={lex}", f"kind={cand.kind}", f"t={lemma}", f"t={lemma}|{lex}", f"pos={tok.pos_}",
            f"tag={tok.tag_}", f"dep={tok.dep_}", f"mod={modality_of(tok)}"]
    if tok.head.i != tok.i:
        trig += [f"h={tok.head.lemma_.lower()}", f"hd={tok.dep_}>{tok.head.pos_}",
                 f"hh={tok.head.lemma_.lower()}|{tok.dep_}"]
    subj = obj = False
    for child in tok.children:
        dep = child.dep_
        if dep in TRIGGER_DEPS:
            trig.append(f"c{dep}={'ACTOR' if child.i in actors else child.lemma_.lower()}")
        if dep == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    trig.append(f"p{child.lower_}={'ACTOR' if _has_actor(pobj, actors) else pobj.lemma_.lower()}")
        if dep in SUBJ_DEPS and _has_actor(child, actors):
            subj = True
        elif dep in OBJ_DEPS and _has_actor(child, actors):
            obj = True
    trig += ["subj_actor"] if subj else []
    trig += ["obj_actor"] if obj else []
    if cand.mention is not None:
        trig += [f"src={cand.mention.source_actor is not None}", f"tgt={cand.mention.target_actor is not None}"]
    n_actors = len({t for t in actors if sent.start <= t < sent.end})
    trig += [f"actors={min(n_actors, 3)}", f"finite={any(t.tag_ in FINITE for t in sent)}"]
    words = sorted({t.lemma_.lower() for t in sent if t.pos_ in CONTENT_POS and not t.is_stop
                    and t.i not in actors and t.is_alpha})
    return trig, [f"w={w}" for w in words]


def encode(blocks: tuple[list[str], list[str]], vocab: dict[str, int],
           weights: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of one candidate's feature row: each block's known features
    share the block's weight (L2-normalised within the block, so a long sentence does not
    outweigh its trigger). Unknown feature names are skipped."""
    cols: list[int] = []
    vals: list[float] = []
    for names, weight in zip(blocks, weights):
        known = sorted({vocab[n] for n in names if n in vocab})
        if known:
            cols += known
            vals += [weight / float(np.sqrt(len(known)))] * len(known)
    return np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64)


# ------------------------------------------------------------------------------ model


@dataclass
class EventScorer:
    """A fitted scorer: `classes` (the 16 categories and NONE), `coef` (classes x features),
    `intercept` (classes), feature `vocab`, block `weights`, softmax `temperature` and the
    decision thresholds `drop` (P(NONE) to drop a rule mention), `switch` (probability to
    change a rule category), `propose` (probability to add a mention the rules missed) and
    `parties` (how many of a proposal's two actors the parse must give, 1 or 2)."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    weights: tuple[float, float] = (1.0, 0.7)
    temperature: float = 1.0
    drop: float = 0.6
    switch: float = 0.6
    propose: float = 0.8
    parties: int = 2
    meta: dict[str, Any] | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> "EventScorer":
        """Read a model from `path` (the .npz; its .json beside it), by default the shipped
        one. Raises FileNotFoundError when either file is missing, ValueError when they do not
        fit together."""
        if path is None:
            base = resources.files("bilat.data").joinpath("models")
            npz_file, json_file = base.joinpath(f"{MODEL_NAME}.npz"), base.joinpath(f"{MODEL_NAME}.json")
        else:
            npz_file, json_file = Path(path), Path(path).with_suffix(".json")
        with npz_file.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            names = [str(n) for n in data["features"]]
            coef = data["coef"].astype(np.float32)
            intercept = data["intercept"].astype(np.float32)
        meta = json.loads(json_file.read_text(encoding="utf-8"))
        classes = tuple(meta["classes"])
        if coef.shape != (len(classes), len(names)) or intercept.shape != (len(classes),):
            raise ValueError(f"{npz_file}: coefficients {coef.shape} do not fit {len(classes)} classes "
                             f"and {len(names)} features")
        p = meta["parameters"]
        return cls(classes, {n: i for i, n in enumerate(names)}, coef, intercept,
                   weights=tuple(p["weights"]), temperature=float(p["temperature"]),  # type: ignore[arg-type]
                   drop=float(p["drop"]), switch=float(p["switch"]), propose=float(p["propose"]),
                   parties=int(p.get("parties", 2)), meta=meta)

    def probabilities(self, blocks: tuple[list[str], list[str]]) -> np.ndarray:
        """Calibrated class probabilities (shape: len(classes), sums to 1) of one candidate's
        feature blocks (see `candidate_terms`)."""
        cols, vals = encode(blocks, self.vocab, self.weights)
        logits = self.intercept.astype(np.float64) + self.coef[:, cols].astype(np.float64) @ vals
        logits /= self.temperature
        logits -= logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def predict(self, sent: "Span", cand: Candidate, actors: set[int]) -> dict[str, float]:
        """Probabilities by class name for one candidate of a parsed sentence."""
        return dict(zip(self.classes, self.probabilities(candidate_terms(sent, cand, actors)).tolist()))


@lru_cache(maxsize=4)
def load_scorer(path: str | None = None) -> EventScorer:
    """The model at `path` (default: the shipped one), loaded once per process."""
    return EventScorer.load(Path(path) if path else None)


# ------------------------------------------------------------------------------ the step


def _proposal(sent: "Span", cand: Candidate, category: str, resolver: "ActorResolver",
              ctx: "SentenceContext", parties: int = 2) -> "EventMention | None":
    """A mention for a candidate the rules made none of: actors from the parse of its
    trigger (as the rules find them), date and modality as the rules give them."""
    from bilat.model import EventMention
    from bilat.nlp import events
    from bilat.nlp.lexicon import load_lexicon
    from bilat.nlp.modality import modality_of

    lex = load_lexicon()
    idx = events.ActorIndex(resolver.find(sent), ctx)
    tok = cand.token
    source, target = (events.noun_arguments(tok, idx, lex) if tok.pos_ in ("NOUN", "PROPN")
                      else events.verb_arguments(tok, idx))
    source_code = source[0] if source else None
    target_code = next((c for c in target if c != source_code), None)
    if (source_code is not None) + (target_code is not None) < parties:
        return None  # a proposal needs its parties from the parse: the model guesses only the kind
    if source_code is None or target_code is None:  # the other party: another actor of the sentence
        others = [c for c in (idx.code_of(m, idx.mentions) for m in idx.mentions)
                  if c and c not in (source_code, target_code)]
        if source_code is None:
            source_code = others[0] if others else None
        else:
            target_code = others[0] if others else None
    modality = modality_of(tok)
    date = events._date_for(tok, sent, ctx, {tok.i}, modality)  # the rules' own date choice
    return EventMention(
        doc_id=ctx.doc_id, quote=sent.text, start=sent.start_char, end=sent.end_char, category=category,
        source_actor=source_code, target_actor=target_code, date=events._date_value(date),
        date_precision=date.precision if date else None, date_text=date.text if date else None,
        modality=modality, amount=events._amount_for(tok, sent, ctx),
        intensity=lex.intensity(category), confidence=0.5, trigger=tok.text)


def rescore(sent: "Span", found: list[tuple["EventMention", "Token"]], resolver: "ActorResolver",
            ctx: "SentenceContext", scorer: EventScorer) -> list[tuple["EventMention", "Token"]]:
    """The rules' mentions of one sentence (`found`, from `find_event_triggers`), judged by
    the model: dropped, re-categorised or kept, each with the model's probability of its
    category as `confidence` (0..1); for a sentence without mentions, at most one proposal.
    A pure function of the sentence, the candidates and the model (mentions are updated in
    place and returned)."""
    from bilat.nlp.lexicon import load_lexicon

    if not found and scorer.propose > 1:
        return found  # proposals off: a sentence without rule mentions has nothing to judge
    actors = actor_tokens(sent, resolver)
    if not found and not actors:
        return found  # a proposal needs a parsed actor: no need to look for candidates
    cands = sentence_candidates(sent, found)
    if not cands:
        return found
    lex = load_lexicon()
    none = scorer.classes.index(NONE)
    out: list[tuple["EventMention", "Token"]] = []
    best: tuple[float, Candidate, str] | None = None
    for cand in cands:
        p = scorer.probabilities(candidate_terms(sent, cand, actors))
        if cand.mention is not None:
            m = cand.mention
            if p[none] >= scorer.drop:
                continue
            p_event = np.delete(p, none)
            names = [c for c in scorer.classes if c != NONE]
            top = int(np.argmax(p_event))
            rule_p = p[scorer.classes.index(m.category)] if m.category in scorer.classes else 0.0
            if names[top] != m.category and p_event[top] >= scorer.switch and p_event[top] > rule_p:
                m.category = names[top]
                m.intensity = lex.intensity(m.category)
                rule_p = p_event[top]
            m.confidence = round(float(rule_p), 3)
            out.append((m, cand.token))
            continue
        top = int(np.argmax(p))
        if top != none and (best is None or p[top] > best[0]):
            best = (float(p[top]), cand, scorer.classes[top])
    if not found and best is not None and best[0] >= scorer.propose:
        mention = _proposal(sent, best[1], best[2], resolver, ctx, scorer.parties)
        if mention is not None:
            mention.confidence = round(best[0], 3)
            out.append((mention, best[1].token))
    return out


def scorer_step(enabled: bool = True, path: Path | None = None) -> Step | None:
    """The pipeline step `(sent, found, resolver, ctx) -> found` of the model at `path`
    (default: the shipped one), or None when `enabled` is false. Raises FileNotFoundError
    when the model file is missing."""
    if not enabled:
        return None
    scorer = load_scorer(str(path) if path else None)

    def step(sent: "Span", found: list[tuple["EventMention", "Token"]], resolver: "ActorResolver",
             ctx: "SentenceContext") -> list[tuple["EventMention", "Token"]]:
        return rescore(sent, found, resolver, ctx, scorer)

    return step
