"""Characterizations: statements about the state of a relationship over a period.

"Relations cooled for the rest of the decade", "the two became close allies after 1954", "a
transactional relationship", "the rapprochement was accelerating". A sentence characterizes
when one of its words is a cue of `data/characterizations.yaml`:

* a relationship noun ("relations", "ties") qualified by a modifier ("close ties"), a
  predicate ("relations cooled", "improved ties") or a denial ("had no relations");
* a noun that names a relationship in a state ("rapprochement", "hostility", "competition"),
  turned over by a reversing verb ("eased the tension");
* a noun for one party seen from the other ("an ally of", "America's rival") when a state is
  that party or its counterpart;
* a phrase ("pull away from", "grow closer").

A cue that is part of a happening's name ("a friendship treaty") or a goal ("talks aimed at
improving relations") is no characterization. The parties are the actors nearest the cue in
the dependency tree, then the sentence's, then the document's main pair; the period is the
sentence's dates as an interval (bilat.dates.interval), else the year the narrative is
telling about, else the publication date of a statement or news report.

`find_characterizations` reads one parsed sentence; `CharacterizationScan` reads a document
sentence by sentence (bilat.nlp.process) and folds repeats.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bilat import vocab
from bilat.dates import add_durations, interval
from bilat.model import CHARACTERIZATION_LABELS, Characterization, PartialDate
from bilat.nlp.dates import tree_distance

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from bilat.nlp.actors import ActorMention, ActorResolver

# how far (dependency edges) an actor may sit from the cue to count as one of its parties
NEAR = 4
# at most this many characterizations from one sentence (distinct parties or labels)
PER_SENTENCE = 3
# prepositions after which a state names a place, not a party ("a competition in Japan")
_LOCATIVE = frozenset({"in", "at", "near", "into", "inside", "across", "throughout", "to"})
_STATE_KINDS = ("state", "demonym", "place", "organ", "leader", "org")
_REFERENCE_POINTS = ("until", "till", "before", "up to")
_TEMPORAL = re.compile(r"(?i)(?:in|during|since|after|before|until|through|throughout|from|by|at)\b")


@dataclass(frozen=True)
class Cues:
    """The cue vocabulary, read from data/characterizations.yaml (and user files)."""

    relation_nouns: frozenset[str]
    state_nouns: dict[str, str]  # lemma -> label
    party_nouns: dict[str, str]
    modifiers: dict[str, str]
    predicates: dict[str, str]
    change_nouns: dict[str, str]
    reversers: frozenset[str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (lemmas, label), longest first
    events_of: frozenset[str]
    happening_verbs: frozenset[str]
    negators: frozenset[str]
    goal_heads: frozenset[str]
    averted_heads: frozenset[str]
    # first word -> ranks of the phrases it starts: a sentence is scanned once, not once a phrase
    phrase_starts: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        starts: dict[str, list[int]] = {}
        for n, (words, _label) in enumerate(self.phrases):
            starts.setdefault(words[0], []).append(n)
        object.__setattr__(self, "phrase_starts", {w: tuple(ns) for w, ns in starts.items()})


def _by_label(raw: dict[str, Any], key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, words in (raw.get(key) or {}).items():
        if label not in CHARACTERIZATION_LABELS:
            raise vocab.VocabError(f"characterizations.{key}: unknown label {label!r} "
                                   f"(choose from {', '.join(CHARACTERIZATION_LABELS)})")
        for word in words or []:
            out[str(word).lower()] = label
    return out


@lru_cache(maxsize=8)
def load_cues(vocab_files: tuple[str, ...] = ()) -> Cues:
    """The cues of data/characterizations.yaml merged with the user files `vocab_files`.
    Raises VocabError for a bad user file or an unknown label."""
    raw = vocab.load("characterizations", vocab_files)
    single: dict[str, dict[str, str]] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for key in ("state_nouns", "party_nouns", "modifiers", "predicates", "change_nouns"):
        single[key] = {}
        for word, label in _by_label(raw, key).items():
            if " " in word:  # "cold war", "ups and downs": matched as phrases
                phrases[tuple(word.split())] = label
            else:
                single[key][word] = label
    for words, label in _by_label(raw, "phrases").items():
        phrases[tuple(words.split())] = label
    return Cues(
        relation_nouns=frozenset(str(w).lower() for w in raw.get("relation_nouns") or ()),
        state_nouns=single["state_nouns"], party_nouns=single["party_nouns"],
        modifiers=single["modifiers"], predicates=single["predicates"], change_nouns=single["change_nouns"],
        reversers=frozenset(str(w).lower() for w in raw.get("reversers") or ()),
        phrases=tuple(sorted(phrases.items(), key=lambda p: -len(p[0]))),
        events_of=frozenset(str(w).lower() for w in raw.get("events_of") or ()),
        happening_verbs=frozenset(str(w).lower() for w in raw.get("happening_verbs") or ()),
        negators=frozenset(str(w).lower() for w in raw.get("negators") or ()),
        goal_heads=frozenset(str(w).lower() for w in raw.get("goal_heads") or ()),
        averted_heads=frozenset(str(w).lower() for w in raw.get("averted_heads") or ()),
    )


@dataclass
class Context:
    """What the document around a sentence tells a characterization."""

    doc_id: str = ""
    doc: str = ""
    pair: tuple[str, str] | None = None  # the document's two most-named states
    narrative: PartialDate | None = None  # the year a history's paragraph is telling about
    report_date: PartialDate | None = None  # publication date of a statement or news report
    dates: list[PartialDate] = field(default_factory=list)  # the sentence's dates


@dataclass
class _Cue:
    token: "Token"
    label: str
    words: str  # the cue as written
    attached: tuple[str, ...] = ()  # parties the cue's own words name ("an ally of X")


# ------------------------------------------------------------------------------ cues
def _lemma(tok: "Token") -> str:
    return tok.lemma_.lower()


def _negated(tok: "Token", cues: Cues) -> bool:
    return any(c.dep_ in ("neg", "det") and c.lower_ in cues.negators for c in tok.children)


def _flip(label: str) -> str:
    return {"engagement": "estrangement", "estrangement": "engagement"}.get(label, label)


def _is_goal(tok: "Token", cues: Cues) -> bool:
    """The cue is what someone aims at ("talks aimed at improving relations"), not a state."""
    for anc in list(tok.ancestors)[:3]:  # "talks aimed at improving relations"
        if _lemma(anc) in cues.goal_heads or anc.lower_ in cues.goal_heads:
            return True
    return any(_lemma(anc) in cues.averted_heads for anc in list(tok.ancestors)[:6])


def _in_event_name(tok: "Token", cues: Cues) -> bool:
    """The noun only names a kind of happening ("friendship treaty", "a treaty of friendship")
    or is the object of one ("joined the alliance")."""
    if tok.dep_ in ("compound", "amod", "nmod") and _lemma(tok.head) in cues.events_of:
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in cues.happening_verbs:
        return True
    return tok.head.dep_ == "prep" and tok.dep_ == "pobj" and _lemma(tok.head.head) in cues.events_of


def _relation_label(tok: "Token", cues: Cues) -> str | None:
    """The label a relationship noun gets from its modifiers, its predicate or a denial."""
    label = None
    for child in tok.children:
        if child.dep_ in ("amod", "advmod", "compound", "nummod") and \
                (child.lower_ in cues.modifiers or _lemma(child) in cues.modifiers):
            label = cues.modifiers.get(child.lower_) or cues.modifiers[_lemma(child)]
    head = tok.head
    if label is None and tok.dep_ == "pobj" and head.lower_ in ("in", "of", "between", "to") and \
            head.head.pos_ == "NOUN" and _lemma(head.head) in cues.change_nouns:  # "a cut in the relationship"
        label = cues.change_nouns[_lemma(head.head)]
    if label is None and head.i != tok.i and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
        verb = head.head if tok.dep_ == "pobj" and head.dep_ == "prep" else head
        if _lemma(verb) in cues.predicates:
            label = cues.predicates[_lemma(verb)]
            if _negated(verb, cues):
                label = _flip(label)
        else:  # "relations were close", "ties grew warmer"
            for child in verb.children:
                if child.dep_ in ("acomp", "attr", "oprd") and child.i != tok.i and \
                        (child.lower_ in cues.modifiers or _lemma(child) in cues.modifiers):
                    label = cues.modifiers.get(child.lower_) or cues.modifiers[_lemma(child)]
                    if _negated(verb, cues):
                        label = _flip(label)
    if _negated(tok, cues):  # "had no diplomatic relations"
        label = _flip(label) if label else "estrangement"
    return label


def _state_label(tok: "Token", label: str, cues: Cues) -> str:
    """A state noun's label, turned over by a verb that ends or lessens it ("eased tensions")."""
    head = tok.head
    verb = head.head if tok.dep_ == "pobj" and head.dep_ == "prep" else head
    if tok.dep_ in ("dobj", "nsubjpass", "pobj") and _lemma(verb) in cues.reversers and label != "mixed":
        return _flip(label)
    return _flip(label) if _negated(tok, cues) and label != "mixed" else label


def _party_codes(tok: "Token", actors: list["ActorMention"]) -> list[str]:
    """An "ally" or "rival" counts when a named party is attached to it: the subject it is said
    of ("Pakistan became an ally"), or for one party its possessor, compound or "of"/"to"
    object ("Pakistan's ally", "an ally of the United States"). A plural only counts said of
    its subject: "our allies" names no one in particular. Returns the codes of the parties
    attached, [] when none is."""
    near: set[int] = set()
    if tok.dep_ in ("attr", "oprd", "appos"):
        near |= {t.i for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    if tok.dep_ == "pobj" and tok.head.lower_ in ("into", "as"):  # "turned X into an ally", "saw X as a rival"
        near |= {t.i for c in tok.head.head.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}
    if tok.tag_ != "NNS":
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "nmod"):
                near |= {t.i for t in child.subtree}
            elif child.dep_ == "prep" and child.lower_ in ("of", "to", "with", "for"):
                # the object's own name, not a clause about it ("an ally of X, who became ...")
                near |= {t.i for c in child.children for t in [c, *c.children] if t.dep_ not in ("relcl", "acl")}
    codes: list[str] = []
    for m in actors:
        if m.code and m.code not in codes and any(i in near for i in range(m.start, m.end)):
            codes.append(m.code)
    return codes


def _near_party(tok: "Token", actors: list["ActorMention"]) -> bool:
    """A state noun is about named parties when one sits near it in the tree ("Sino-Soviet
    tension", "rapprochement with China"); in a sentence that names none, the document's pair
    is meant ("the rapprochement was accelerating") unless the noun is indefinite ("an
    international competition" introduces something new, not the known relationship)."""
    if not actors:
        return not any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "some", "another") for c in tok.children)
    doc = tok.doc
    return any(tree_distance(doc[m.start:m.end].root, tok) <= NEAR for m in actors)


def _phrase_cues(sent: "Span", cues: Cues) -> list[_Cue]:
    """Phrases of the vocabulary, matched on lemmas with at most two words between their words
    when those name an object ("steered Afghanistan away from", "turned the country against"),
    never a description ("in an international competition" is no "in competition")."""
    lemmas = [(_lemma(t), t.lower_) for t in sent]
    firsts = cues.phrase_starts
    # (phrase rank, token) for each token that starts a phrase: phrases in their order, longest first
    starts = sorted({(n, i) for i, pair in enumerate(lemmas) for w in set(pair) for n in firsts.get(w, ())})
    found: list[_Cue] = []
    used: set[int] = set()
    for n, i in starts:
        words, label = cues.phrases[n]
        if i in used:
            continue
        hits = _follow(sent, lemmas, words, i)
        if hits and used.isdisjoint(hits):
            used.update(hits)
            found.append(_Cue(sent[i], label, sent[i:hits[-1] + 1].text))
    return found


def _follow(sent: "Span", lemmas: list[tuple[str, str]], words: tuple[str, ...], i: int) -> list[int] | None:
    """The positions of a phrase's words from position i, each at most three words on with
    only object words between; None when the phrase breaks off."""
    pos, hits = i, [i]
    for word in words[1:]:
        nxt = next((j for j in range(pos + 1, min(pos + 4, len(lemmas)))
                    if word in lemmas[j] and all(sent[k].pos_ in _OBJECT_POS for k in range(pos + 1, j))), None)
        if nxt is None:
            return None
        pos = nxt
        hits.append(nxt)
    return hits


_OBJECT_POS = ("PROPN", "PRON", "NOUN", "DET")
_NOMINAL = ("nsubj", "nsubjpass", "dobj", "pobj", "pcomp", "attr", "conj", "appos", "ROOT")


def _nominal(tok: "Token") -> bool:
    """A noun, or a word the tagger took for an adjective where a noun stands ("towards
    détente")."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ in ("ADJ", "X") and tok.dep_ in _NOMINAL)


def find_cues(sent: "Span", cues: Cues, actors: list["ActorMention"]) -> list[_Cue]:
    """The characterizing words of a sentence, each with its label. A state noun with no
    party near it counts only beside another cue: the sentence is then about the relationship
    ("a step toward better relations after years of hostility")."""
    found = _phrase_cues(sent, cues)
    taken = {c.token.i for c in found}
    loose: list[_Cue] = []
    for tok in sent:
        if tok.i in taken or not _nominal(tok):
            continue
        lemma, low = _lemma(tok), tok.lower_
        attached: tuple[str, ...] = ()
        label, near = None, True
        if lemma in cues.relation_nouns or low in cues.relation_nouns:
            label = _relation_label(tok, cues)
        elif lemma in cues.state_nouns or low in cues.state_nouns:
            label = _state_label(tok, cues.state_nouns.get(low) or cues.state_nouns[lemma], cues)
            near = _near_party(tok, actors)
        elif lemma in cues.party_nouns or low in cues.party_nouns:
            attached = tuple(_party_codes(tok, actors))
            label = (cues.party_nouns.get(low) or cues.party_nouns[lemma]) if attached else None
        if label is None or _in_event_name(tok, cues) or _is_goal(tok, cues):
            continue
        (found if near else loose).append(_Cue(tok, label, tok.text, attached))
    if found:
        found += loose
    return sorted(found, key=lambda c: c.token.i)


# ------------------------------------------------------------------------------ parties
def parties(cue: "Token", actors: list["ActorMention"], pair: tuple[str, str] | None) -> list[str | None]:
    """The two parties of a cue: states nearest it in the tree (the document's main pair first
    among equals), then the sentence's others, then the document's main pair ("the two
    countries" stands for it, or the states the sentence joins). An armed group or other
    non-state is a party only where no state is left to be one ("a raid that killed X
    strained relations" is about the states). A second party may be None."""
    doc = cue.doc
    ranked: list[tuple[bool, int, bool, int, str]] = []
    joined = _coordinated(actors, doc)
    for m in actors:
        if m.kind == "pair":  # "both nations": the two states the sentence joins, else the document's
            codes = list(joined or pair or ())
        else:
            codes = [m.code] if m.code else []
        near = tree_distance(doc[m.start:m.end].root, cue)
        for code in codes:
            ranked.append((m.kind == "group", min(near, NEAR + 1), code not in (pair or ()),
                           abs(m.start - cue.i), code))
    states: list[str] = []
    groups: list[str] = []
    for group, *_, code in sorted(ranked):
        kept = groups if group else states
        if code not in kept:
            kept.append(code)
    out: list[str | None] = list(states[:2])
    if len(out) == 1 and pair and out[0] in pair:
        out.append(pair[1] if out[0] == pair[0] else pair[0])
    elif not out and pair and not groups:
        out = list(pair)
    out += [g for g in groups if g not in out][: 2 - len(out)]
    return out + [None] * (2 - len(out))


def _between(cue: "Token", actors: list["ActorMention"]) -> list[str | None] | None:
    """The parties a relationship names with "between" ("relations between X and Y soured",
    "tension between A, B and C"), each as its actor's code or None for a person or body
    bilat cannot place; None when the cue names none that way. Read off the words after
    "between" up to the verb, split at "and" and commas: the parse often hangs long names
    elsewhere."""
    near = [cue, *(c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")), cue.head]
    prep = next((c for t in near for c in t.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if prep is None:
        return None
    parts: list[list[int]] = [[]]
    for tok in prep.doc[prep.i + 1:prep.sent.end]:
        if tok.pos_ in ("VERB", "AUX", "ADP") or (tok.is_punct and tok.text != ","):
            break
        if tok.lower_ in ("and", ",") and parts[-1]:
            parts.append([])
        elif tok.lower_ not in ("and", ","):
            parts[-1].append(tok.i)
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    return [next((m.code for m in actors if any(m.start <= i < m.end for i in part)), None) for part in parts]


def _with_attached(attached: list[str], nearest: list[str | None],
                   pair: tuple[str, str] | None) -> list[str | None]:
    """The parties of a cue that names its own ("an ally of X", "X became a rival"): those,
    then the document pair's other member, then the nearest other actor."""
    if len(attached) >= 2:
        return list(attached[:2])
    one = attached[0]
    if pair and one in pair:
        return [one, pair[1] if one == pair[0] else pair[0]]
    return [one, next((c for c in nearest if c and c != one), None)]


def _coordinated(actors: list["ActorMention"], doc: Any) -> tuple[str, str] | None:
    """The first two states a sentence joins ("Neither Pakistan nor France ..."), if any."""
    for m in actors:
        root = doc[m.start:m.end].root
        if root.dep_ != "conj" or not m.code:
            continue
        for other in actors:
            if other.code and other.code != m.code and other.start <= root.head.i < other.end:
                return other.code, m.code
    return None


# ------------------------------------------------------------------------------ period
def period(ctx: Context) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(start, end, precision, date text, basis) of the period the sentence bounds: its dates
    as one interval, else the narrative's year, else the publication date of a report."""
    # an era named as a topic ("the context of the Cold War") is no period of the sentence's
    dated = [d for d in ctx.dates if d.value and d.basis != "name"
             and not (d.precision == "decade" and d.end_value and not any(c.isdigit() for c in d.text or "")
                      and not _TEMPORAL.match(d.text or ""))]
    if dated:
        start: str | None = None
        end: str | None = None
        for d in dated:
            span = interval(d)
            lo, hi = (span[0], span[1]) if span else (d.value or "", d.value or "")
            if (d.text or "").lower().startswith(_REFERENCE_POINTS):
                end = hi if end is None or hi > end else end
                continue
            start = lo if start is None or lo < start else start
            end = hi if (span or len(dated) > 1) and (end is None or hi > end) else end
        if start is None:  # "until 1979": open at the start, the narrative may give it
            start = ctx.narrative.value if ctx.narrative else None
        span0 = interval(dated[0])
        precision = span0[2] if span0 else ("range" if end and end != start else dated[0].precision)
        text = " ".join(d.text for d in dated)
        return start, end if end != start else None, precision, text, "explicit"
    if ctx.narrative is not None:
        return ctx.narrative.value, None, "year", None, "context"
    if ctx.report_date is not None:
        return ctx.report_date.value, None, ctx.report_date.precision, None, "publication"
    return None, None, None, None, None


# ------------------------------------------------------------------------------ sentences
def find_characterizations(sent: "Span", resolver: "ActorResolver", ctx: Context,
                           cues: Cues | None = None) -> list[Characterization]:
    """The characterizations of one parsed sentence (offsets into the sentence's Doc; the
    caller moves them). At most PER_SENTENCE, one per pair of parties: cues about the same
    parties with opposite labels make one `mixed` characterization."""
    cues = cues or load_cues(resolver.vocab_files)
    doc = sent.doc
    actors = [m for m in resolver.find(sent) if (m.code or m.kind == "pair") and not m.locative
              and (m.kind in _STATE_KINDS or m.kind in ("group", "pair"))
              and not (m.start > sent.start and doc[m.start - 1].lower_ in _LOCATIVE)]
    found = find_cues(sent, cues, actors)
    if not found:
        return []
    # one characterization per parties and label: "after years of hostility, a step toward
    # better relations" tells of both states, each with its own period
    grouped: dict[tuple[frozenset[str | None], str], tuple[list[str | None], list[_Cue]]] = {}
    for cue in found:
        named = _between(cue.token, actors)
        if named is not None and len(set(filter(None, named))) < 2:
            continue  # "relations between the general and the prime minister": not two states
        pair = parties(cue.token, actors, ctx.pair)
        if named is not None:
            pair = list(dict.fromkeys(named))[:2]
        if cue.attached:  # "X became an ally": X is one party, the other as the document has it
            pair = _with_attached(list(cue.attached), pair, ctx.pair)
        if pair[0] is None or pair[1] is None or pair[0] == pair[1]:
            continue  # a relationship has two parties
        grouped.setdefault((frozenset(pair), cue.label), (pair, []))[1].append(cue)
    ctx.dates = add_durations(ctx.dates, sent.text, sent.start_char)  # "... for about a decade"
    start, end, precision, text, basis = period(ctx)
    out = []
    for (_, label), (pair, group) in list(grouped.items())[:PER_SENTENCE]:
        out.append(Characterization(
            doc_id=ctx.doc_id, doc=ctx.doc, actors=pair, label=label, quote=sent.text,
            char_start=sent.start_char, char_end=sent.end_char, start=start, end=end,
            date_precision=precision, date_text=text, date_basis=basis,
            cue=", ".join(c.words for c in group)))
    return out


class CharacterizationScan:
    """Characterizations of one document, read sentence by sentence across its chunks; a
    statement repeated in the document (same parties, label and start year) is kept once."""

    def __init__(self, resolver: "ActorResolver", ctx: Context) -> None:
        self.resolver = resolver
        self.ctx = ctx
        self.cues = load_cues(resolver.vocab_files)
        self.found: list[Characterization] = []
        self.paragraph = -1

    def read(self, sent: "Span", offset: int, sentence_index: int, dates: list[PartialDate],
             paragraph: int) -> None:
        """Read one sentence (`offset`: its chunk's place in the document's text; `paragraph`:
        its paragraph's number, as the period a history tells about holds within one)."""
        self.ctx.dates = dates
        if paragraph != self.paragraph:
            self.paragraph, self.ctx.narrative = paragraph, None
        if self.ctx.report_date is None:
            self._read(sent, offset, sentence_index)
            self.ctx.narrative = self.ctx.narrative or _narrative(self.ctx.dates)
        else:  # a statement or a news report: its undated sentences speak of its own time
            self._read(sent, offset, sentence_index)

    def _read(self, sent: "Span", offset: int, sentence_index: int) -> None:
        for item in find_characterizations(sent, self.resolver, self.ctx, self.cues):
            item.char_start += offset
            item.char_end += offset
            item.sentence_index = sentence_index
            self.found.append(item)

    def finish(self) -> list[Characterization]:
        """The document's characterizations, repeats folded, numbered."""
        out = fold_repeats(self.found)
        for n, item in enumerate(out):
            item.id = f"{self.ctx.doc_id}:c{n}"
        return out


def _narrative(dates: list[PartialDate]) -> PartialDate | None:
    """The start of the last period a sentence names (a year, or a decade's first year: "in
    the late 1960s" goes on bounding the sentences after it in its paragraph)."""
    for d in reversed(dates):
        if d.value and d.basis != "name" and d.value[:4].isdigit():
            span = interval(d)
            return PartialDate(span[0] if span else d.value[:4], "year")
    return None


def fold_repeats(items: Iterable[Characterization]) -> list[Characterization]:
    """The first of the characterizations that say the same of the same parties for the same
    start year when the text gives no date of its own: a statement says "the partnership" many
    times over. Statements with their own dates stay apart."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        if item.date_basis == "explicit":
            out.append(item)
            continue
        key = (frozenset(item.actors), item.label, (item.start or "")[:4])
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
