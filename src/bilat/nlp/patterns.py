"""Event trigger candidates from patterns that are data.

The PLOVER trigger lexicons (one file per category family under `data/plover/`, read through
`bilat.vocab`) become spaCy DependencyMatcher patterns, compiled once per spaCy vocabulary:

- each word of a lexicon is a one-node pattern: a verb by its lemma; an event noun by lemma,
  by form, or as a proper-noun plural ("the Six-Party Talks");
- a phrase is a chain: its head, then each next word a dependent of the one before ("cut
  off", "call for", "put on alert");
- a two-word noun entry is a modifier and its head ("arms sale"); a generic head takes its
  event from a compound ("an aid programme");
- the verb-and-object table (`object_categories`) gives a verb the category its object's
  class decides ("removed its troops" is a retreat, "attacked the decision" criticism);
- the explicit `patterns` of the lexicon files are added as written (stopping cooperation,
  a reported demand, asking for aid ...).

`trigger_hits(doc, lex)` matches them once per Doc (`bilat.nlp.depmatch`) and returns what
matched at each token, most specific first. The sense rules of `bilat.nlp.lexicon` choose
among a token's hits and drop those their context rules out; no Python names a trigger word.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bilat.vocab import VocabError

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from bilat.nlp.lexicon import Lexicon

# kinds of hit, most specific first: the order a token's hits are given in
KINDS = ("pattern", "object", "phrase", "compound", "word", "generic")
# dependents that complete a phrasal verb ("call for", "cut off", "reach agreement")
PHRASE_DEPS = ["prt", "prep", "dobj", "obj", "dative", "iobj"]
OBJECT_DEPS = ["dobj", "obj", "nsubjpass"]
NOUN_POS = ["NOUN", "PROPN"]


@dataclass(frozen=True)
class Hit:
    """What one pattern found at a trigger token.

    kind: one of KINDS; category: a PLOVER category, or None where the pattern says the words
    report no event of their own ("signed a decree" — the decree says what happened); mode: a
    PLOVER mode or None; name: the pattern's name (explicit patterns) or the lexicon entry;
    arg: Doc index of the word the pattern matched beside the trigger (-1: none); rank: order
    among hits of one kind (lower first)."""

    kind: str
    category: str | None
    mode: str | None
    name: str
    arg: int = -1
    rank: tuple[int, ...] = ()
    role: str | None = None  # what the argument is to the event: "over" (what is stopped), "asks" (what is asked for)


@dataclass(frozen=True)
class _Rule:
    kind: str
    category: str | None
    mode: str | None
    name: str
    trigger: int  # index of the trigger node in the pattern
    arg: int  # index of the argument node, -1 for none
    order: tuple[int, ...] = ()  # rank among the rules of its kind, before the matched words' order
    role: str | None = None


def _forms(word: str) -> list[str]:
    """Spellings a lemma may have in spaCy: lower case, and capitalised for proper nouns."""
    return sorted({word, word.capitalize()})


class TriggerMatcher:
    """The trigger patterns of one lexicon, compiled for one spaCy vocabulary.

    Every lexicon entry becomes a pattern in spaCy's DependencyMatcher format: a word is a
    one-node pattern (a verb by lemma; an event noun by lemma, by form, or as a proper-noun
    plural), a phrase a chain of nodes, a modifier and noun two nodes, and so on; the explicit
    patterns of the data are added as they are written. All are matched by
    `bilat.nlp.depmatch.AnchoredDependencyMatcher` (spaCy's pattern format and relations,
    looked up from the first node's words).

    Build with `TriggerMatcher(lex, vocab)`; call on a parsed Doc to get {token index: [Hit]}.
    Raises VocabError for a malformed explicit pattern, naming the pattern."""

    def __init__(self, lex: "Lexicon", vocab: "Vocab", validate: bool = False) -> None:
        from bilat.nlp.depmatch import AnchoredDependencyMatcher

        self.validate = validate  # check the patterns built from word lists with spaCy too (tests)
        self.rules: dict[str, _Rule] = {}
        self.matcher = AnchoredDependencyMatcher(vocab)
        self._add_words(lex)
        self._add_phrases(lex)
        self._add_compounds(lex)
        self._add_generic(lex)
        self._add_objects(lex)
        self._add_explicit(lex)

    # -------------------------------------------------------------------- building

    def _add(self, rule: _Rule, nodes: list[dict[str, Any]]) -> None:
        key = f"{rule.kind}|{rule.name}|{len(self.rules)}"
        self.rules[key] = rule
        try:
            self.matcher.add(key, variants(nodes), validate=self.validate or rule.kind == "pattern")
        except (ValueError, KeyError) as exc:  # spaCy's or the matcher's message on a malformed pattern
            raise VocabError(f"plover pattern {rule.name!r}: {str(exc).splitlines()[0]}") from None

    def _add_words(self, lex: "Lexicon") -> None:
        for word, (category, mode) in lex.verbs.items():
            if " " not in word:
                self._add(_Rule("word", category, mode, word, 0, -1, (0,)),
                          [{"RIGHT_ID": "w", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": _forms(word)}}}])
        for word, (category, mode) in lex.nouns.items():
            if " " in word:
                continue
            forms = [("LEMMA", _forms(word)), ("LOWER", [word])]
            if not word.endswith("s"):  # names are not lemmatised: "the Six-Party Talks"
                forms.append(("PLURAL", [word + "s"]))
            for n, (attr, values) in enumerate(forms):
                pos = {"POS": "PROPN"} if attr == "PLURAL" else {"POS": {"IN": NOUN_POS}}
                attrs = {**pos, ("LOWER" if attr == "PLURAL" else attr): {"IN": values}}
                self._add(_Rule("word", category, mode, word, 0, -1, (n,)), [{"RIGHT_ID": "w", "RIGHT_ATTRS": attrs}])

    def _add_phrases(self, lex: "Lexicon") -> None:
        for entry, (category, mode) in lex.verbs.items():
            words = entry.split()
            if len(words) < 2:
                continue
            nodes = [{"RIGHT_ID": "w0", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": _forms(words[0])}}}]
            for n, word in enumerate(words[1:], 1):
                attrs: dict[str, Any] = {"LEMMA": {"IN": _forms(word)}}
                if n == 1:
                    attrs["DEP"] = {"IN": PHRASE_DEPS}
                nodes.append({"LEFT_ID": f"w{n - 1}", "REL_OP": ">", "RIGHT_ID": f"w{n}", "RIGHT_ATTRS": attrs})
            self._add(_Rule("phrase", category, mode, entry, 0, 1), nodes)
            if len(words) == 2:
                # "called for X to be brought to justice": the particle parsed as the marker of
                # the clause that follows the verb
                self._add(_Rule("phrase", category, mode, entry, 0, 1), [
                    nodes[0],
                    {"LEFT_ID": "w0", "REL_OP": ".", "RIGHT_ID": "mark",
                     "RIGHT_ATTRS": {"DEP": "mark", "LEMMA": {"IN": _forms(words[1])}}},
                    {"LEFT_ID": "mark", "REL_OP": "<", "RIGHT_ID": "clause",
                     "RIGHT_ATTRS": {"DEP": {"IN": ["advcl", "ccomp", "xcomp"]}}}])

    def _add_compounds(self, lex: "Lexicon") -> None:
        for entry, (category, mode) in lex.nouns.items():
            words = entry.split()
            if len(words) == 2:
                modifier, head = words
                self._add(_Rule("compound", category, mode, entry, 0, 1), [
                    {"RIGHT_ID": "head", "RIGHT_ATTRS": {"POS": {"IN": NOUN_POS}, "WORD": {"IN": _forms(head)}}},
                    {"LEFT_ID": "head", "REL_OP": ">--", "RIGHT_ID": "mod",
                     "RIGHT_ATTRS": {"DEP": {"IN": ["compound", "amod"]}, "WORD": {"IN": _forms(modifier)}}}])

    def _add_generic(self, lex: "Lexicon") -> None:
        """"a mediation effort", "an aid programme": a generic head takes its event from a compound."""
        heads = sorted({f for w in lex.generic_heads for f in _forms(w)})
        for word, (category, mode) in lex.nouns.items():
            if " " not in word:
                # from the compound (the rarer word) to its head on the right
                self._add(_Rule("generic", category, mode, word, 1, 0), [
                    {"RIGHT_ID": "mod", "RIGHT_ATTRS": {"DEP": "compound", "WORD": {"IN": _forms(word)}}},
                    {"LEFT_ID": "mod", "REL_OP": "<++", "RIGHT_ID": "head",
                     "RIGHT_ATTRS": {"POS": {"IN": NOUN_POS}, "WORD": {"IN": heads}}}])

    def _add_objects(self, lex: "Lexicon") -> None:
        """"removed its troops", "attacked the decision": the object's class decides the verb."""
        for name, table in lex.object_categories.items():
            verb, _, particle = name.partition(" ")
            for n, (cls, category) in enumerate(sorted(table.items())):
                words = sorted(w for w, classes in lex.object_classes.items() if cls in classes)
                nodes = [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": _forms(verb)}}},
                         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj",
                          "RIGHT_ATTRS": {"DEP": {"IN": OBJECT_DEPS}, "WORD": {"IN": words}}}]
                if particle:
                    nodes.append({"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "prt",
                                  "RIGHT_ATTRS": {"DEP": {"IN": ["prt", "advmod"]}, "LOWER": particle}})
                # a phrase ("take out") ranks before the bare verb ("take")
                self._add(_Rule("object", category, None, f"{name} {cls}", 0, 1, (0 if particle else 1, n)), nodes)

    def _add_explicit(self, lex: "Lexicon") -> None:
        for spec in lex.patterns:
            nodes = [_resolve(node, lex.lists) for node in spec["pattern"]]
            ids = [n.get("RIGHT_ID") for n in nodes]
            trigger = ids.index(spec.get("trigger", ids[0]))
            arg = ids.index(spec["argument"]) if spec.get("argument") else -1
            rule = _Rule("pattern", spec.get("category"), spec.get("mode"), str(spec["name"]), trigger, arg,
                         role=spec.get("role"))
            self._add(rule, nodes)

    # -------------------------------------------------------------------- matching

    def __call__(self, doc: "Doc") -> dict[int, list[Hit]]:
        found: dict[int, list[Hit]] = {}
        for key, tokens in self.matcher(doc):
            rule = self.rules[key]
            arg = tokens[rule.arg] if rule.arg >= 0 else -1
            hit = Hit(rule.kind, rule.category, rule.mode, rule.name, arg, _rank(doc, rule, arg), rule.role)
            hits = found.setdefault(tokens[rule.trigger], [])
            if hit not in hits:
                hits.append(hit)
        for hits in found.values():
            hits.sort(key=lambda h: (KINDS.index(h.kind), h.rank))
        return found


def _rank(doc: "Doc", rule: _Rule, arg: int) -> tuple[int, ...]:
    """Among phrases, a particle or preposition before an object before a clause marker, then
    the order of the words; among other structures, the order of the matched word."""
    if rule.kind != "phrase" or arg < 0:
        return rule.order + (arg,)
    dep = doc[arg].dep_
    group = 0 if dep in ("prt", "prep") else 2 if dep == "mark" else 1
    return rule.order + (group, arg)


def variants(nodes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The spaCy patterns a pattern with the attribute WORD stands for: WORD is a word by its
    lemma or by its form ("talks" is listed as a form, "sanctions" found by its lemma), so a
    node with WORD becomes one node with LEMMA and one with LOWER (merged with a LEMMA or
    LOWER condition already there)."""
    out: list[list[dict[str, Any]]] = [[]]
    for node in nodes:
        attrs = node.get("RIGHT_ATTRS") or {}
        if "WORD" not in attrs:
            out = [p + [node] for p in out]
            continue
        options = []
        for attr in ("LEMMA", "LOWER"):
            rest = {k: v for k, v in attrs.items() if k != "WORD"}
            rest[attr] = _both(rest.get(attr), attrs["WORD"], attr)
            options.append({**node, "RIGHT_ATTRS": rest})
        out = [p + [o] for p in out for o in options]
    return out


def _both(current: Any, word: Any, attr: str) -> Any:
    """One condition from an attribute's own and WORD's: {IN: ...} and {NOT_IN: ...} merge."""
    word = {"IN": [w.lower() for w in word["IN"]]} if attr == "LOWER" and isinstance(word, dict) and "IN" in word \
        else word
    if current is None:
        return word
    if isinstance(current, dict) and isinstance(word, dict):
        return {**current, **word}
    raise VocabError(f"plover pattern: {attr} and WORD give two values for one word")


def _resolve(node: Any, lists: dict[str, frozenset[str]]) -> Any:
    """A pattern node with each "$name" replaced by the word list `name` (forms included)."""
    if isinstance(node, dict):
        return {k: _resolve(v, lists) for k, v in node.items()}
    if isinstance(node, list):
        if any(isinstance(v, str) and v.startswith("$") for v in node):
            # a list of words and word lists: ["must", "$obligation"] is one list of words
            return sorted({f for v in node for f in (_resolve(v, lists) if str(v).startswith("$") else _forms(str(v)))})
        return [_resolve(v, lists) for v in node]
    if isinstance(node, str) and node.startswith("$"):
        words = lists.get(node[1:])
        if words is None:
            raise VocabError(f"plover pattern: unknown word list {node!r} (choose from {', '.join(sorted(lists))})")
        return sorted({f for w in words for f in _forms(w)})
    return node


def trigger_hits(doc: "Doc", lex: "Lexicon") -> dict[int, list[Hit]]:
    """{token index in `doc`: hits, most specific first} for the lexicon `lex`, computed once
    per Doc and kept in `doc.user_data`."""
    by_lexicon = doc.user_data.setdefault("bilat.hits", {})
    hits = by_lexicon.get(id(lex))
    if hits is None:
        hits = by_lexicon[id(lex)] = matcher_for(lex, doc.vocab)(doc)
    return hits


_MATCHERS: dict[tuple[int, int], tuple[Any, Any, TriggerMatcher]] = {}


def matcher_for(lex: "Lexicon", vocab: "Vocab") -> TriggerMatcher:
    """The compiled matcher of `lex` for `vocab`, built on first use (a few ms)."""
    key = (id(lex), id(vocab))
    entry = _MATCHERS.get(key)
    if entry is None:  # the entry keeps lex and vocab alive, so their ids stay theirs
        entry = _MATCHERS[key] = (lex, vocab, TriggerMatcher(lex, vocab))
    return entry[2]


def iter_hits(hits: dict[int, list[Hit]], i: int, *kinds: str) -> Iterator[Hit]:
    """The hits of token `i` of the given kinds, most specific first."""
    return (h for h in hits.get(i, ()) if h.kind in kinds)
