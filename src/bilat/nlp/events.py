"""Event mentions from parsed sentences: PLOVER category, source and target actor.

A trigger is a verb or an event noun from the PLOVER lexicon (`data/plover.yaml`). Its
arguments come from the dependency parse: the subject (or the passive "by" agent) is the
source; the object, the passive subject or the pobj of to/with/on/against/... is the
target. Event nouns take their source from possessives, compounds and adjectives
("U.S. sanctions", "Pakistan's request", "the Soviet invasion") or "by", and their
target from of/on/against/to/with/between. Triggers governed by another trigger are
folded into it ("imposed sanctions", "urged Pakistan to sign") so that one happening
gives one mention.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable

from bilat.dates import find_dates, forward_weekday
from bilat.model import Amount, EventMention, PartialDate
from bilat.nlp.actors import ActorMention, ActorResolver
from bilat.nlp.amounts import find_amounts
from bilat.nlp.dates import date_by_parse
from bilat.nlp.lexicon import Lexicon, load_lexicon, noun_category, verb_category
from bilat.nlp.modality import modality_of
from bilat.nlp.patterns import Hit, iter_hits, trigger_hits

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

SUBJ = {"nsubj", "csubj"}
OBJ = {"dobj", "dative", "obj", "iobj"}
TARGET_PREPS = {"to", "with", "on", "against", "into", "toward", "towards", "upon", "at", "for",
                "from", "over", "between", "among", "in", "onto", "about"}
NOUN_TARGET_PREPS = TARGET_PREPS | {"of"}
PRONOUN_SUBJ = {"he", "she", "they", "it", "who", "which", "that"}
RELATIVE = {"who", "which", "that"}


@dataclass
class SentenceContext:
    """What the document around a sentence tells about its actors and dates."""

    doc_id: str = ""
    published: str | None = None
    speaker: str | None = None  # the state "we"/"our" stands for
    topic: str | None = None  # the state the document talks most about
    pair: tuple[str, str] | None = None  # the two states "the two sides" stands for
    previous_subject: str | None = None  # for "he"/"they" at the start of a sentence
    dates: list[PartialDate] | None = None  # the sentence's dates; None: find them
    amounts: list[Amount] | None = None  # the sentence's money amounts; None: find them
    fallback_date: PartialDate | None = None  # narrative date the sentence inherits
    report_date: PartialDate | None = None  # publication date of a statement or news report


@dataclass
class Trigger:
    token: "Token"
    category: str
    mode: str | None
    is_noun: bool
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    parsed: bool = True  # actors came from the parse, not the sentence fallback
    absorbed: bool = False
    over: "Token | None" = None  # the cooperative noun a reduction stops ("suspended aid")
    asks: "Token | None" = None  # the aid a request asks for ("turned to X for assistance")


# ------------------------------------------------------------------------------ triggers


def find_triggers(sent: "Span", lex: Lexicon) -> list[Trigger]:
    """The event triggers of a parsed sentence: tokens where a pattern of the PLOVER lexicon
    matched (`bilat.nlp.patterns`), each with the category its sense rules settle on."""
    hits = trigger_hits(sent.doc, lex)
    out = []
    for tok in sent:
        explicit = next(iter_hits(hits, tok.i, "pattern"), None)
        if explicit is not None:  # an explicit pattern of the data decides alone
            if explicit.category:
                out.append(_explicit_trigger(tok, explicit))
            continue
        hit = None
        is_noun = False
        if tok.pos_ == "VERB":
            hit = verb_category(tok, lex)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            if tok.ent_type_ in ("DATE", "TIME") and tok.is_title:
                continue  # "on March 1": a month, not a march
            hit = noun_category(tok, lex)
            is_noun = True
        if hit and hit[0]:
            out.append(Trigger(tok, hit[0], hit[1], is_noun))
    return out


def _explicit_trigger(tok: "Token", hit: "Hit") -> Trigger:
    """The trigger an explicit pattern found; its argument is what the act stops ("over":
    "suspended aid") or asks for ("asks": "turned to X for aid"), as the pattern's role says."""
    arg = tok.doc[hit.arg] if hit.arg >= 0 else None
    return Trigger(tok, str(hit.category), hit.mode, tok.pos_ in ("NOUN", "PROPN"),
                   over=arg if hit.role == "over" else None, asks=arg if hit.role == "asks" else None)


def _static_use(noun: "Token", lex: Lexicon) -> bool:
    """An event noun under a predicate of state ("cooperation remains vital", "ties are
    crucial for aid", "depends on investment"): it names a topic, not a happening."""
    if noun.dep_ == "pobj" and noun.head.lower_ in lex.topic_preps:
        return True
    tok = noun
    for _ in range(6):
        if tok.dep_ not in ("pobj", "prep", "conj", "appos", "nsubj", "attr", "dobj") or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.pos_ not in ("VERB", "AUX"):
        return tok.pos_ == "ADJ"  # "crucial for aid"
    if tok.lemma_.lower() not in lex.static_predicates:
        return False
    if noun.dep_ == "nsubj" and noun.head.i == tok.i:  # "sanctions remained in place" still holds
        return any(c.dep_ in ("acomp", "attr") for c in tok.children)
    return True


def _purpose_of(trig: Trigger, triggers: list[Trigger]) -> bool:
    """A purpose infinitive under another trigger ("sent aid to support the army", "met
    to discuss trade") states the aim of that event, not a second happening."""
    tok = trig.token
    if trig.is_noun or tok.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    above = {a.i for a in tok.ancestors}
    return any(o.token.i in above for o in triggers if o is not trig)


def _partnership_frame(tok: "Token", lex: Lexicon) -> "Token | None":
    """The alliance word a fight is framed by: "allied with X in the war on Y", "joined the
    campaign against Y", "helped X repel the invasion" (up to three heads up)."""
    head = tok
    for _ in range(3):
        if head.head.i == head.i:
            return None
        if head.dep_ not in ("pobj", "prep", "dobj", "xcomp", "ccomp", "pcomp", "nsubj", "advcl", "acl", "conj"):
            return None
        head = head.head
        near = [c for c in head.children if c.dep_ in ("attr", "amod", "compound", "acomp")]
        # "became a close ally in the campaign against X": the frame word modifies the attribute
        near += [g for c in near if c.dep_ == "attr" for g in c.children if g.dep_ in ("amod", "compound")]
        for cand in [head, *near]:
            if cand.lemma_.lower() in lex.partnership or cand.lower_ in lex.partnership:
                return cand.head if cand.dep_ in ("amod", "compound") else cand
    return None


def _partners(trig: Trigger, idx: "ActorIndex", lex: Lexicon) -> None:
    """The parties of a fight framed as partnership are the partners: the frame's own
    arguments, with the side that leads the fight as the partner when none is named."""
    frame = _partnership_frame(trig.token, lex)
    if frame is None:
        return
    if frame.pos_ in ("NOUN", "PROPN"):
        source, target = noun_arguments(frame, idx, lex)
    else:
        source, target = verb_arguments(frame, idx)
    if not target:
        target = [c for c in trig.source if c not in source]
    trig.source, trig.target = source, target


def announced_intent(tok: "Token", lex: Lexicon) -> str | None:
    """A party announcing what it will do ("X said it will release ...", "X says it is
    willing to withdraw"): the announcement is the event, a promise or a threat. Returns
    "negated" for "will not", "conditional" for "unless"/"if", else "intent"; None when the
    verb is not an announced intention of the reporter."""
    if tok.pos_ != "VERB":
        return None
    clause = tok
    future = any(c.dep_ == "aux" and c.lower_ in lex.future_aux for c in tok.children)
    if not future and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.intent_words:
        clause = tok.head
        if clause.dep_ == "acomp" and clause.head.i != clause.i:  # "is willing to"
            clause = clause.head
        future = True
    if not future or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lex.reporting_verbs:
        return None
    subj = next((c for c in clause.children if c.dep_ in SUBJ), None)
    if subj is None or subj.lower_ not in PRONOUN_SUBJ | {"we"}:
        return None  # "X said Y will ...": a report about another party
    if any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in clause.children):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in ("unless", "if") for w in tok.subtree for c in w.children
           if w.dep_ == "advcl"):
        return "conditional"
    return "intent"


def intent_category(category: str, intent: str, lex: Lexicon) -> str:
    """The category of an announced intention: a refusal, a threat of harm or a promise."""
    if intent == "negated":
        return "REJECT" if category not in lex.hostile else category
    if category in lex.hostile or intent == "conditional":
        return "THREATEN"
    # an intention to demand, accuse, refuse or threaten is that act already (PLOVER's verbal conflict)
    return category if category in lex.families.get("verbal conflict", ()) else "AGREE"


def choose_category(trig: Trigger, sent: "Span", lex: Lexicon) -> str:
    """The PLOVER category of a trigger in its sentence: the lexicon's category, except that
    a fight framed as partnership ("allied with X in the war on Y") is cooperation between
    the partners, not an assault."""
    if trig.category == "ASSAULT" and _partnership_frame(trig.token, lex) is not None:
        return "COOPERATE"
    return trig.category


# ------------------------------------------------------------------------------ actors


class Guess(str):
    """A state code a bare title ("officials", "the minister") was given by its context (the
    sentence's one state, the speaker, the document's topic), not by a name of its own."""


class Pair(str):
    """One state of a phrase that names both parties at once ("the two sides"); `other` is
    the second, its counterpart when the sentence names no other."""

    other: str


def _pair_code(pair: tuple[str, str]) -> Pair:
    code = Pair(pair[0])
    code.other = pair[1]
    return code


class ActorIndex:
    """The actor mentions of one sentence, looked up by token."""

    def __init__(self, mentions: list[ActorMention], ctx: SentenceContext) -> None:
        self.mentions = mentions
        self.ctx = ctx
        self.by_token: dict[int, list[ActorMention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, []).append(m)
        states = {m.code for m in mentions if m.code and m.kind in ("state", "demonym", "organ", "leader", "place")}
        self.single_state = states.pop() if len(states) == 1 else None

    def code_of(self, m: ActorMention, scope: list[ActorMention]) -> str | None:
        if m.locative:
            return None
        if m.code:
            return m.code
        if m.kind == "first_person":
            return self.ctx.speaker
        if m.kind == "pair":
            return _pair_code(self.ctx.pair) if self.ctx.pair else None
        if m.kind == "title":
            states = [s.code for s in scope if s.code and s.kind != "first_person"]
            if states:
                return states[0]
            guess = self.single_state or self.ctx.speaker or self.ctx.topic
            return Guess(guess) if guess else None
        return None

    def settle(self, source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
        """Source and target without a party on both sides. A state a bare title was given
        only by context ("Officials imposed sanctions on X": X is the sentence's one state)
        yields to the same state named as target: the source is then unknown."""
        if source and isinstance(source[0], Guess) and \
                any(t == source[0] and not isinstance(t, Guess) for t in target):
            source = source[1:]
        return source, [t for t in target if t not in source[:1]]

    def in_subtree(self, head: "Token", stop: Callable[["Token"], bool] | None = None) -> list[str]:
        """Codes in the subtree of `head`, nearest to the head first; `stop` prunes clauses."""
        found: list[tuple[int, int, ActorMention]] = []
        seen: set[int] = set()
        stack = [(head, 0)]
        while stack:
            tok, depth = stack.pop()
            for m in self.by_token.get(tok.i, ()):
                if id(m) not in seen:
                    seen.add(id(m))
                    found.append((depth, m.start, m))
            for child in tok.children:
                if stop and stop(child):
                    continue
                stack.append((child, depth + 1))
        found.sort(key=lambda x: (x[0], x[1]))
        scope = [m for _, _, m in found]
        codes = []
        for m in scope:
            code = self.code_of(m, scope)
            if code and code not in codes:
                codes.append(code)
        return codes


def _clause_stop(tok: "Token") -> bool:
    # an embedded clause or a long appositive is not part of the argument's reference
    return tok.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "parataxis") or \
        (tok.dep_ == "prep" and tok.lemma_.lower() in {"in", "during", "after", "before", "since"})


def _subject(verb: "Token", idx: ActorIndex, depth: int = 0) -> tuple[list[str], bool]:
    """Codes of the verb's subject, following control, coordination and relative clauses.
    The flag says whether the subject is a passive one (a target, not a source)."""
    for child in verb.children:
        if child.dep_ in SUBJ:
            codes = idx.in_subtree(child, _clause_stop)
            if not codes and child.pos_ == "NOUN" and _party_noun(child):  # "opposition parties in Nepal"
                codes = _located(child, idx)
            if not codes and child.lower_ in RELATIVE and verb.dep_ == "relcl":
                codes = idx.in_subtree(verb.head, _clause_stop)
            if not codes and child.lower_ in PRONOUN_SUBJ:
                codes = _reporter(verb, idx)
            if not codes and child.lower_ in PRONOUN_SUBJ - RELATIVE and idx.ctx.previous_subject \
                    and not (child.lower_ == "it" and verb.lemma_ == "be"):  # "it was X that ...": no one
                codes = [idx.ctx.previous_subject]
            return codes, False
        if child.dep_ == "nsubjpass":
            return idx.in_subtree(child, _clause_stop), True
    for aux in verb.children:  # a quotation between auxiliary and verb can misattach the subject
        if aux.dep_ in ("aux", "auxpass") and aux.i < verb.i:
            for child in aux.children:
                if child.dep_ in SUBJ and child.i < aux.i:
                    return idx.in_subtree(child, _clause_stop), False
    if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            head = head.head  # "X commenced a programme by allocating $5 million"
        return _subject(head, idx, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        passive = verb.tag_ == "VBN"
        return idx.in_subtree(verb.head, _clause_stop)[:1], passive
    return [], False


def _party_noun(tok: "Token") -> bool:
    """A noun that names people or groups, not a happening ("parties", not "negotiations")."""
    lex = load_lexicon()
    lemma = tok.lemma_.lower()
    return lemma not in lex.nouns and tok.lower_ not in lex.nouns and lemma not in lex.cooperative_nouns


def _located(noun: "Token", idx: ActorIndex) -> list[str]:
    """The state of a party named by where it is ("students in Sivas", "groups from Kabul")."""
    codes: list[str] = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                for tok in pobj.subtree:
                    for m in idx.by_token.get(tok.i, ()):
                        if m.code and m.code not in codes and m.kind in ("state", "place", "demonym"):
                            codes.append(m.code)
    return codes


def _reporter(verb: "Token", idx: ActorIndex) -> list[str]:
    """A pronoun subject of a reported clause is the reporter: "X said it will ..." (the
    clause is a complement of the verb whose subject is X)."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return []
        tok = tok.head
        for child in tok.children:
            if child.dep_ in SUBJ:
                if child.lower_ in PRONOUN_SUBJ:
                    break
                return idx.in_subtree(child, _clause_stop)
    return []


def _prep_targets(tok: "Token", idx: ActorIndex, preps: set[str]) -> list[str]:
    out: list[str] = []
    for child in tok.children:
        if child.dep_ == "prep" and child.lemma_.lower() in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    for code in idx.in_subtree(pobj, _clause_stop):
                        if code not in out:
                            out.append(code)
    return out


def _agent(tok: "Token", idx: ActorIndex) -> list[str]:
    for child in tok.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                return idx.in_subtree(pobj, _clause_stop)
    return []


def _measured(noun: "Token", lex: Lexicon) -> bool:
    """The noun is what an amount measures: "$5 million in aid", "a package of assistance"."""
    head = noun.head
    if noun.dep_ != "pobj" or head.lower_ not in ("in", "of") or head.head.i == head.i:
        return False
    amount = head.head
    return amount.like_num or amount.tag_ == "$" or amount.lemma_.lower() in lex.material_measures \
        or (head.lower_ == "of" and amount.lemma_.lower() in lex.partitive_heads)  # "a round of talks"


def _agent_is_happening(verb: "Token", lex: Lexicon) -> bool:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                lemma = pobj.lemma_.lower()
                return pobj.pos_ == "NOUN" and (lemma in lex.nouns or lemma in lex.reduction_nouns)
    return False


def verb_arguments(verb: "Token", idx: ActorIndex) -> tuple[list[str], list[str]]:
    subj, passive = _subject(verb, idx)
    source, target = ([], list(subj)) if passive else (list(subj), [])
    if passive or any(c.dep_ == "auxpass" for c in verb.children):
        source = _agent(verb, idx) or source
    for child in verb.children:
        if child.dep_ in OBJ:
            target += [c for c in idx.in_subtree(child, _clause_stop) if c not in target]
    target += [c for c in _prep_targets(verb, idx, TARGET_PREPS) if c not in target]
    if not target:
        for child in verb.children:  # "urged Pakistan to ..." parsed as ccomp/xcomp subject
            if child.dep_ in ("xcomp", "ccomp"):
                for grand in child.children:
                    if grand.dep_ in SUBJ:
                        target += idx.in_subtree(grand, _clause_stop)
    return source, target


def noun_arguments(noun: "Token", idx: ActorIndex, lex: Lexicon) -> tuple[list[str], list[str]]:
    source: list[str] = []
    target: list[str] = []
    modifiers: list[str] = []
    kinds: list[str] = []  # "military aid": a kind of aid; whose only when nothing else says
    for child in noun.children:
        if child.dep_ == "poss":
            source += idx.in_subtree(child)
        elif child.dep_ in ("compound", "amod", "nmod", "npadvmod") and child.i < noun.i:
            own = idx.by_token.get(child.i, [])
            if (child.pos_ == "ADJ" or child.is_lower) and own and all(m.kind == "title" for m in own):
                kinds += idx.in_subtree(child)
                continue
            modifiers += idx.in_subtree(child)
    source += [m for m in modifiers if m not in source]
    hit = noun_category(noun, lex)
    if hit and hit[0] in lex.given_from:  # "aid from the U.S.", "pressure from Washington"
        source += [c for c in _prep_targets(noun, idx, {"from"}) if c not in source]
    source += [c for c in _agent(noun, idx) + _prep_targets(noun, idx, {"by"}) if c not in source]
    if not source:  # "the invasion of X, this time by Y, ...": the agent in an appositive
        asides = [c for c in noun.children if c.dep_ in ("appos", "npadvmod", "parataxis")]
        if noun.dep_ == "attr":
            asides += [c for c in noun.head.children if c.dep_ in ("npadvmod", "parataxis") and c.i > noun.i]
        for aside in asides:
            source += [c for c in _prep_targets(aside, idx, {"by"}) if c not in source]
    of_args = _prep_targets(noun, idx, {"of"})
    if noun.lemma_.lower() in lex.agentive_of and not source:
        source += of_args
    else:
        target += of_args
    target += [c for c in _prep_targets(noun, idx, TARGET_PREPS - {"in"}) if c not in target
               and c not in source]
    for child in noun.children:  # "sanctions imposed by Washington"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            source += [c for c in _agent(child, idx) if c not in source]
            target += [c for c in _prep_targets(child, idx, TARGET_PREPS) if c not in target]
    if len(source) > 1 and not target and hit and hit[0] in lex.reciprocal:
        # "U.S.-Pakistan dialogue", "Chinese and Pakistani talks"; "U.S. and British aid" is joint
        target = source[1:]
        source = source[:1]
    if _measured(noun, lex):  # "$200 million in assistance": the amount stands in the clause
        noun = noun.head.head
    head = noun.head
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":  # "sanctions were imposed on X by Y"
        if not _agent_is_happening(head, lex):  # "the raid was followed by a decline in aid"
            source += [c for c in _agent(head, idx) if c not in source]
        target += [c for c in _prep_targets(head, idx, TARGET_PREPS) if c not in target]
    elif noun.dep_ in OBJ and head.pos_ == "VERB":  # "imposed sanctions on X"
        target += [c for c in _prep_targets(head, idx, TARGET_PREPS - {"in"}) if c not in target]
    if not source and noun.dep_ in OBJ | {"attr", "pobj"} and head.pos_ in ("VERB", "AUX", "ADP"):
        verb = head.head if head.pos_ == "ADP" else head
        if verb.pos_ in ("VERB", "AUX"):
            subj, passive = _subject(verb, idx)
            if verb.lemma_.lower() in lex.receiving_verbs and not passive:
                # "X received aid from Y": the subject is the recipient
                source = _prep_targets(verb, idx, {"from"})
                target = [c for c in subj if c not in source] + [c for c in target if c not in subj]
            elif not passive:
                source = subj
    source = source or [c for c in kinds if c not in target]
    return idx.settle(source, target)


# ------------------------------------------------------------------------------ folding


def _left(noun: "Token", lex: Lexicon) -> bool:
    """The agreement is what a party leaves: "withdrew from the pact", "quits the accord"."""
    if noun.dep_ in OBJ and noun.head.lemma_.lower() in lex.exit_verbs:
        return True
    prep = noun.head
    out = prep.head.lower_ == "out"
    verb = prep.head.head if out else prep.head  # "pull out of", "took X out of"
    lemma = verb.lemma_.lower()
    return noun.dep_ == "pobj" and prep.lower_ in ("from", "of") and (
        lemma in lex.exit_verbs or (out and f"{lemma} out" in lex.exit_verbs))


def _governs(a: "Token", b: "Token") -> bool:
    """b is in the subtree of a."""
    t = b
    for _ in range(40):
        if t.i == a.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _light_use(verb: "Token", lex: Lexicon) -> bool:
    """A light verb used on its own ("undertook exercises") yields to its event noun; a
    phrase of the lexicon ("lodged a protest") keeps its category."""
    lemma = verb.lemma_.lower()
    return lemma in lex.light_verbs and lemma in lex.verbs


def fold_triggers(triggers: list[Trigger], lex: Lexicon) -> list[Trigger]:
    """One mention per happening: a verb with an event-noun object reports one event, and a
    request/rejection/threat about an event is that speech act, not the event itself."""
    by_token = {t.token.i: t for t in triggers}
    for trig in triggers:
        tok = trig.token
        if not trig.is_noun:
            for child in tok.children:
                inner = by_token.get(child.i)
                if inner is None:
                    continue
                if child.dep_ in OBJ and inner.is_noun:
                    if trig.category in lex.dominant and trig.category != inner.category \
                            and not _light_use(tok, lex):
                        inner.absorbed = True
                    else:
                        trig.absorbed = True
                        inner.source = inner.source or trig.source
                        inner.target = inner.target or trig.target
                elif child.dep_ in ("xcomp",) and not inner.is_noun:
                    inner.absorbed = True
        if trig.category in lex.families.get("verbal conflict", ()) and not trig.is_noun:
            for other in triggers:
                if other is not trig and _governs(tok, other.token) and other.category != trig.category \
                        and other.token.dep_ not in ("conj",):
                    other.absorbed = True
        elif trig.category in ("REQUEST", "THREATEN") and trig.is_noun:
            # "its demand that X ease restrictions": the clause is what is demanded
            for other in triggers:
                if other is not trig and not other.is_noun and other.token.head.i == tok.i \
                        and other.token.dep_ in ("acl", "ccomp", "relcl") \
                        and any(c.dep_ == "mark" and c.lower_ == "that" for c in other.token.children):
                    other.absorbed = True
    merged: dict[str, Trigger] = {}
    for trig in triggers:
        if trig.absorbed:
            continue
        prev = merged.get(trig.category)
        if prev is None:
            merged[trig.category] = trig
            continue
        prev.source = prev.source or trig.source
        prev.target = prev.target or trig.target
    return list(merged.values())


# ------------------------------------------------------------------------------ main


def _mention_modality(trig: Trigger) -> str:
    if trig.mode == "announced":
        return "occurred"
    if trig.mode == "demand":
        # "X said Y must ...": the demand was made; the "must" belongs to what is demanded
        head = trig.token.head
        mode = modality_of(head)
        own_modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
        return "occurred" if mode == "recommended" and not own_modal else mode
    return modality_of(trig.token)


def _counterparts(codes: list[str], trig: Trigger, lex: Lexicon) -> list[str]:
    """Sentence codes that may stand in for a missing target: co-listed sources ("X and Y
    condemned ...") act together, and are each other's counterpart only in a reciprocal
    category ("X and Y met")."""
    if trig.category in lex.reciprocal:
        return codes
    return [c for c in codes if c not in trig.source]


def _takes_part(m: ActorMention, trig: "Token") -> bool:
    """Whether an actor mention is in the trigger's clause: its subtree, or that of the verb
    an event noun depends on ("police launched a crackdown")."""
    head = trig.head if trig.pos_ in ("NOUN", "PROPN") else trig
    return head.left_edge.i <= m.start and m.end - 1 <= head.right_edge.i


def _clause_party(trig: "Token", mentions: list[ActorMention], idx: ActorIndex) -> tuple[str | None, str | None]:
    """(source, target) for a trigger the parse gave no argument: the first coded actor in its
    clause is the source when it is named before the trigger, else the target ("two guards
    were shot outside the Nigerian embassy": the happening lands there) unless "by" or "from"
    introduces it ("arrested after a tip from Chilean customs"); (None, None) when the clause
    names no coded actor (a place after "in" or "at" says where, not who: it is no party)."""
    for m in mentions:
        code = idx.code_of(m, mentions) if m.code and _takes_part(m, trig) else None
        if code:
            acts = m.start < trig.i or _via_agent_preposition(trig.doc[m.start], trig)
            return (_pick([code]), None) if acts else (None, _pick([code]))
    return None, None


def _via_agent_preposition(tok: "Token", trig: "Token") -> bool:
    """Whether `tok` hangs below the trigger under "by" or "from" (the doer's prepositions)."""
    while tok.i != trig.i and tok.head.i != tok.i:
        if tok.dep_ in ("prep", "agent") and tok.lower_ in ("by", "from"):
            return True
        tok = tok.head
    return False


def _plain(code: str | None) -> str | None:
    return None if code is None else str.__str__(code)


def _pick(codes: list[str], avoid: str | None = None) -> str | None:
    for code in codes:
        if code != avoid:
            return code
    return None


def _reported_as_new(trig: "Token") -> bool:
    """A simple past, a present or a future: what a statement reports as happening at its
    date. A perfect ("has provided") or a participle reports a state of affairs instead."""
    verb = trig
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    for _ in range(4):  # "plans to fund", "will continue facilitating": the finite verb decides
        if verb.dep_ not in ("xcomp", "advcl") or verb.head.i == verb.i or verb.tag_ not in ("VB", "VBG"):
            break
        verb = verb.head
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"has", "have", "had", "'ve"}:
        return False
    if auxes & {"will", "shall", "'ll"}:
        return True
    return verb.tag_ in ("VBD", "VBZ", "VBP") or bool(auxes & {"is", "are", "was", "were"})


def _after_publication(date: PartialDate, published: str | None) -> bool:
    """A date in a year after the text was published."""
    year, pub = (date.value or "")[:4], (published or "")[:4]
    return year.isdigit() and pub.isdigit() and year > pub


def _told_in_past(trig: "Token") -> bool:
    """The trigger's finite verb is a simple past ("applauded", "was signed")."""
    verb = trig
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(4):
        if verb.dep_ not in ("xcomp", "advcl") or verb.head.i == verb.i or verb.tag_ not in ("VB", "VBG"):
            break
        verb = verb.head
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "shall", "'ll", "would", "could", "may", "might", "has", "have"}:
        return False
    return verb.tag_ == "VBD" or bool(auxes & {"was", "were", "did", "had"})


def _date_for(trig: "Token", sent: "Span", ctx: SentenceContext, stops: set[int],
              modality: str) -> PartialDate | None:
    """The date of a trigger's happening (its `basis` says how it was found): a date of the
    sentence that belongs to it, else the publication date of a current report for what
    the report tells as new, else the year the narrative is telling about. A weekday of a
    planned happening is the coming one."""
    dates = [d for d in ctx.dates or [] if d.value]
    date = date_by_parse(dates, trig, stops, sent.text, sent.start_char) if dates else None
    if date is not None and modality == "occurred" and _after_publication(date, ctx.published) \
            and _told_in_past(trig):
        date = None  # "welcomed the plan to double exports by 2030": the year is the goal's
    if date is not None:
        if date.basis == "name":  # the instrument is the happening: its year is stated
            return replace(date, basis="explicit")
        return forward_weekday(date, ctx.published) if modality == "planned" else date
    if ctx.report_date is not None and _reported_as_new(trig) and not _in_background_clause(trig):
        return replace(ctx.report_date, basis="publication")
    return replace(ctx.fallback_date, basis="context") if ctx.fallback_date is not None else None


def _date_value(date: PartialDate | None) -> str | None:
    """The ISO date of a mention; a decade or era is no date (its text is kept), as the
    gold convention has it: "the sixties" says too little to place on a timeline."""
    if date is None or date.precision == "decade":
        return None
    return date.value


def money_amounts(text: str, offset: int = 0) -> list[Amount]:
    """Money amounts of a sentence (counts and percentages are figures, not event amounts)."""
    return [a for a in find_amounts(text, offset) if a.unit and a.unit.isupper() and len(a.unit) == 3]


def _amount_for(trig: "Token", sent: "Span", ctx: SentenceContext) -> Amount | None:
    """The money amount nearest the trigger in its clause (counts of people are not amounts
    of an event)."""
    best: tuple[int, Amount] | None = None
    for amount in ctx.amounts or []:
        if amount.start is None:
            continue
        dist = abs(amount.start - trig.idx)
        if best is None or dist < best[0]:
            best = (dist, amount)
    return best[1] if best else None


# ------------------------------------------------------------------------------ selection


def _depth(tok: "Token") -> int:
    """Steps from the token up to its sentence root."""
    n = 0
    while tok.head.i != tok.i and n < 40:
        tok = tok.head
        n += 1
    return n


def _rank(mention: EventMention, trig: Trigger) -> tuple[float, int]:
    """How well a trigger stands for the sentence's main happening (lower is better): the
    trigger heading the main clause, a verb rather than a noun, with its own actors."""
    depth = _depth(trig.token)
    if trig.is_noun and trig.token.dep_ in OBJ | {"nsubjpass", "nsubj", "attr"}:
        depth -= 1  # "imposed sanctions": the noun carries its light verb's clause
    score = float(depth)
    if trig.is_noun:
        score += 0.5
    if not trig.source:
        score += 1.0
    if not trig.target:
        score += 1.0
    if mention.modality in ("hypothetical", "recommended"):
        score += 5.0
    if _in_background_clause(trig.token):
        score += 1.5
    return score, trig.token.i


BACKGROUND_MARKS = {"as", "because", "since", "although", "though", "whereas", "while"}


def _in_background_clause(tok: "Token", relative: bool = False) -> bool:
    """Inside a clause of reason or concession ("..., as X's cooperation was seen as vital"):
    it explains the main happening rather than reporting one. `relative`: a relative clause
    ("X, which had supplied arms, ...") counts as background too."""
    for _ in range(40):
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in tok.children):
            return True
        if relative and tok.dep_ == "relcl":
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def select_main_events(found: list[tuple[EventMention, Trigger]]) -> list[tuple[EventMention, Trigger]]:
    """One main happening per sentence: the best-ranked trigger (see `_rank`)."""
    if len(found) <= 1:
        return found
    ranked = sorted(found, key=lambda pair: _rank(*pair))
    # a further happening only when the parse gives it both parties and it is reported as done
    extra = [(m, t) for m, t in ranked[1:] if t.source and t.target and m.modality == "occurred"
             and m.source_actor != m.target_actor]
    return ranked[:1] + extra


def find_events(
    sent: "Span",
    resolver: ActorResolver,
    ctx: SentenceContext | None = None,
) -> list[EventMention]:
    """The event mentions of one parsed sentence (quote = the sentence, offsets into its Doc)."""
    return [m for m, _ in find_event_triggers(sent, resolver, ctx)]


def find_event_triggers(
    sent: "Span",
    resolver: ActorResolver,
    ctx: SentenceContext | None = None,
) -> list[tuple[EventMention, "Token"]]:
    """Like find_events, with the trigger token of each mention."""
    ctx = ctx or SentenceContext()
    lex = load_lexicon(getattr(resolver, "vocab_files", ()))
    if ctx.dates is None or ctx.amounts is None:
        ctx = replace(ctx, dates=ctx.dates if ctx.dates is not None else
                      find_dates(sent.text, ctx.published, sent.start_char),
                      amounts=ctx.amounts if ctx.amounts is not None else
                      money_amounts(sent.text, sent.start_char))
    mentions = resolver.find(sent)
    if not any(m.code or m.kind in ("title", "first_person") for m in mentions):
        return []
    triggers = find_triggers(sent, lex)
    if not triggers:
        return []
    idx = ActorIndex(mentions, ctx)
    for trig in triggers:
        if trig.mode == "demand":
            trig.source = _subject(trig.token.head, idx)[0]
            trig.target = _subject(trig.token, idx)[0]
            continue
        trig.source, trig.target = (noun_arguments(trig.token, idx, lex) if trig.is_noun
                                    else verb_arguments(trig.token, idx))
        if trig.over is not None:  # donor and recipient are those of what is stopped
            source, target = noun_arguments(trig.over, idx, lex)
            # settled together: a state the verb's bare subject took from context yields to
            # the same state named as the act's target ("the president vowed sanctions on X")
            trig.source, trig.target = idx.settle(source or trig.source, target or trig.target)
    stopped = {t.over.i for t in triggers if t.over is not None}
    stopped |= {t.asks.i for t in triggers if t.asks is not None}
    # "disrupted attacks", "deter aggression": the hostile happening was prevented
    stopped |= {t.token.i for t in triggers if t.is_noun and t.category in lex.hostile
                and t.token.dep_ in OBJ and t.token.head.lemma_.lower() in lex.prevention_verbs}
    # "the closure of the loans provided by X": the participle describes what was stopped
    stopped |= {c.i for t in triggers if t.over is not None for c in t.over.children if c.dep_ == "acl"}
    # "withdrew from the pact": the pact is left, not agreed; the leaving is the event
    for t in [t for t in triggers if t.is_noun and t.category == "AGREE" and _left(t.token, lex)]:
        if any(o.token.i in (t.token.head.head.i, t.token.head.head.head.i) for o in triggers):
            stopped.add(t.token.i)
        else:
            t.category, t.mode = "RETREAT", None
    triggers = [t for t in triggers if t.token.i not in stopped]
    # an event noun needs an actor of its own or a governing verb's subject, and something
    # must happen with it ("X is crucial for aid" says nothing happened)
    dated = any(d.value for d in ctx.dates or []) or bool(ctx.amounts)
    unplaced_roles = [] if any(idx.code_of(m, mentions) for m in mentions) else \
        [m for m in mentions if m.kind == "title"]
    triggers = [t for t in triggers if not t.is_noun or ((t.source or t.target or any(
        m.start >= t.token.left_edge.i and m.end - 1 <= t.token.right_edge.i for m in unplaced_roles))
        and (dated or not _static_use(t.token, lex)))]
    triggers = [t for t in triggers if not _purpose_of(t, triggers)]
    for trig in triggers:
        intent = None if trig.is_noun else announced_intent(trig.token, lex)
        if intent:
            trig.category, trig.mode = intent_category(trig.category, intent, lex), "announced"
            continue
        category = choose_category(trig, sent, lex)
        if category == "COOPERATE" and trig.category == "ASSAULT":
            _partners(trig, idx, lex)
        trig.category = category
    triggers = fold_triggers(triggers, lex)
    sentence_codes: list[str] = []
    for m in mentions:
        code = idx.code_of(m, mentions)
        if code and code not in sentence_codes:
            sentence_codes.append(code)
    place_codes = [m.code for m in mentions if m.locative and m.code]
    # a role named alone ("police", "the government") where neither the sentence nor the
    # document names a state: the event is kept with both sides unknown rather than lost
    roles = [] if sentence_codes else [m for m in mentions if m.kind == "title"]
    out = []
    stops = {t.token.i for t in triggers}
    for trig in triggers:
        trig.source, trig.target = idx.settle(trig.source, trig.target)
        source_code = _pick(trig.source)
        target_code = _pick(trig.target, source_code)
        unplaced = source_code is None and target_code is None
        if unplaced:  # "guards were shot outside the Nigerian embassy": the clause's party takes part
            source_code, target_code = _clause_party(trig.token, mentions, idx)
            unplaced = source_code is None and target_code is None
        if unplaced and not any(_takes_part(m, trig.token) for m in roles):
            continue
        # "the two sides met": each is the other's counterpart in a reciprocal happening only;
        # "the two countries condemned X" is a joint act on another
        if target_code is None and isinstance(source_code, Pair) and trig.category in lex.reciprocal:
            target_code = source_code.other
        elif source_code is None and isinstance(target_code, Pair):  # "talks between the two countries"
            source_code = target_code.other
        confidence = 0.5 if unplaced else 0.8 if (source_code and target_code) else 0.6
        if source_code is None:
            source_code = _pick(sentence_codes, target_code)
        elif target_code is None:
            target_code = _pick(_counterparts(sentence_codes, trig, lex), source_code)
        if target_code is None:  # "suspended aid deliveries in Baghdad": the place's state is affected
            target_code = _pick(place_codes, source_code)
        if trig.is_noun:
            confidence -= 0.1
        modality = _mention_modality(trig)
        date = _date_for(trig.token, sent, ctx, stops, modality)
        out.append((EventMention(
            doc_id=ctx.doc_id, quote=sent.text, start=sent.start_char, end=sent.end_char,
            category=trig.category, source_actor=_plain(source_code), target_actor=_plain(target_code),
            date=_date_value(date), date_precision=date.precision if date else None,
            date_text=date.text if date else None,
            modality=modality, amount=_amount_for(trig.token, sent, ctx),
            intensity=lex.intensity(trig.category, trig.mode),
            confidence=round(confidence, 2), trigger=trig.token.text,
            date_basis=(date.basis or "explicit") if date is not None and _date_value(date) else None,
        ), trig))
    return [(m, t.token) for m, t in select_main_events(out)]
