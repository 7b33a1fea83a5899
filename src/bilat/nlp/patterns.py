"""Event trigger candidates from patterns that are data.

The PLOVER trigger lexicons (one file per category family under `data/plover/`, read through
`bilat.vocab`) are compiled once per spaCy vocabulary into two matchers:

- a `Matcher` for single words: a verb of the lexicon (by lemma) or an event noun (by lemma,
  by form, or a proper-noun plural such as "the Six-Party Talks");
- a `DependencyMatcher` for structures: a phrase (its head, then each next word a dependent
  of the one before: "cut off", "call for", "put on alert"), a modifier and its event noun
  ("arms sale"), a generic head that takes its event from a compound ("an aid programme"),
  the verb-and-object table (`object_categories`: "removed its troops" is a retreat,
  "attacked the decision" criticism), and the explicit `patterns` of the lexicon files.

`trigger_hits(doc, lex)` runs both once per Doc and returns what matched at each token. The
sense rules of `bilat.nlp.lexicon` choose among a token's hits and drop those their context
rules out; nothing in Python names a trigger word.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from bilat.nlp.lexicon import Lexicon

# kinds of hit, most specific first: what `best` prefers when a token has several
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


def _split(entry: str) -> tuple[str, str | None]:
    text, _, mode = str(entry).partition(":")
    return text.lower().strip(), (mode or None)


class TriggerMatcher:
    """The compiled trigger patterns of one lexicon for one spaCy vocabulary.

    Build with `TriggerMatcher(lex, vocab)`; call on a parsed Doc to get {token index: [Hit]}.
    Raises ValueError (from spaCy) for a malformed explicit pattern, naming the pattern."""

    def __init__(self, lex: "Lexicon", vocab: "Vocab") -> None:
        from spacy.matcher import DependencyMatcher, Matcher

        self.rules: dict[int, _Rule] = {}
        self.words = Matcher(vocab)
        self.structures = DependencyMatcher(vocab)
        self.vocab = vocab
        self._add_words(lex)
        self._add_phrases(lex)
        self._add_compounds(lex)
        self._add_generic(lex)
        self._add_objects(lex)
        self._add_explicit(lex)

    # -------------------------------------------------------------------- building

    def _key(self, rule: _Rule, label: str) -> str:
        key = f"{rule.kind}|{label}|{len(self.rules)}"
        self.rules[self.vocab.strings.add(key)] = rule
        return key

    def _word(self, kind: str, category: str, mode: str | None, name: str, pattern: list[dict[str, Any]]) -> None:
        self.words.add(self._key(_Rule(kind, category, mode, name, 0, -1), name), [pattern])

    def _structure(self, rule: _Rule, pattern: list[dict[str, Any]]) -> None:
        try:
            self.structures.add(self._key(rule, rule.name), variants(pattern))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"trigger pattern {rule.name!r}: {exc}") from None

    def _add_words(self, lex: "Lexicon") -> None:
        for pos, table in (("VERB", lex.verbs), ("NOUN", lex.nouns)):
            groups: dict[tuple[str, str | None], list[str]] = {}
            for word, (category, mode) in table.items():
                if " " not in word:
                    groups.setdefault((category, mode), []).append(word)
            for (category, mode), words in groups.items():
                forms = sorted({f for w in words for f in _forms(w)})
                if pos == "VERB":
                    self._word("word", category, mode, f"{category} verb", [{"POS": "VERB", "LEMMA": {"IN": forms}}])
                    continue
                name = f"{category} noun"
                self._word("word", category, mode, name, [{"POS": {"IN": NOUN_POS}, "LEMMA": {"IN": forms}}])
                self._word("form", category, mode, name, [{"POS": {"IN": NOUN_POS}, "LOWER": {"IN": words}}])
                # names are not lemmatised: "the Six-Party Talks"
                plurals = [w + "s" for w in words if not w.endswith("s")]
                self._word("plural", category, mode, name, [{"POS": "PROPN", "LOWER": {"IN": plurals}}])

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
            self._structure(_Rule("phrase", category, mode, entry, 0, 1), nodes)
            if len(words) == 2:
                # "called for X to be brought to justice": the particle parsed as the marker of
                # the clause that follows the verb
                marked = [nodes[0],
                          {"LEFT_ID": "w0", "REL_OP": ".", "RIGHT_ID": "mark",
                           "RIGHT_ATTRS": {"DEP": "mark", "LEMMA": {"IN": _forms(words[1])}}},
                          {"LEFT_ID": "mark", "REL_OP": "<", "RIGHT_ID": "clause",
                           "RIGHT_ATTRS": {"DEP": {"IN": ["advcl", "ccomp", "xcomp"]}}}]
                self._structure(_Rule("phrase", category, mode, entry, 0, 1), marked)

    def _add_compounds(self, lex: "Lexicon") -> None:
        for entry, (category, mode) in lex.nouns.items():
            words = entry.split()
            if len(words) != 2:
                continue
            modifier, head = words
            for head_attr, mod_attr in (("LEMMA", "LOWER"), ("LEMMA", "LEMMA"), ("LOWER", "LOWER")):
                nodes = [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"POS": {"IN": NOUN_POS}, head_attr: {"IN": _forms(head)}}},
                         {"LEFT_ID": "head", "REL_OP": ">--", "RIGHT_ID": "mod",
                          "RIGHT_ATTRS": {"DEP": {"IN": ["compound", "amod"]}, mod_attr: {"IN": _forms(modifier)}}}]
                self._structure(_Rule("compound", category, mode, entry, 0, 1), nodes)

    def _add_generic(self, lex: "Lexicon") -> None:
        heads = sorted({f for w in lex.generic_heads for f in _forms(w)})
        groups: dict[tuple[str, str | None], list[str]] = {}
        for word, (category, mode) in lex.nouns.items():
            if " " not in word:
                groups.setdefault((category, mode), []).append(word)
        for (category, mode), words in groups.items():
            forms = sorted({f for w in words for f in _forms(w)})
            for head_attr, mod_attr in (("LEMMA", "LEMMA"), ("LEMMA", "LOWER"), ("LOWER", "LEMMA"), ("LOWER", "LOWER")):
                nodes = [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"POS": {"IN": NOUN_POS}, head_attr: {"IN": heads}}},
                         {"LEFT_ID": "head", "REL_OP": ">--", "RIGHT_ID": "mod",
                          "RIGHT_ATTRS": {"DEP": "compound", mod_attr: {"IN": forms}}}]
                self._structure(_Rule("generic", category, mode, f"{category} noun", 0, 1), nodes)

    def _add_objects(self, lex: "Lexicon") -> None:
        for name, table in lex.object_categories.items():
            verb, _, particle = name.partition(" ")
            for n, (cls, category) in enumerate(sorted(table.items())):
                words = sorted(w for w, classes in lex.object_classes.items() if cls in classes)
                for attr in ("LEMMA", "LOWER"):
                    nodes = [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": _forms(verb)}}},
                             {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj",
                              "RIGHT_ATTRS": {"DEP": {"IN": OBJECT_DEPS}, attr: {"IN": words}}}]
                    if particle:
                        nodes.append({"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "prt",
                                      "RIGHT_ATTRS": {"DEP": {"IN": ["prt", "advmod"]}, "LOWER": particle}})
                    # a phrase ("take out") ranks before the bare verb ("take")
                    order = (0 if particle else 1, n)
                    self._structure(_Rule("object", category, None, f"{name} {cls}", 0, 1, order), nodes)

    def _add_explicit(self, lex: "Lexicon") -> None:
        for spec in lex.patterns:
            nodes = [_resolve(node, lex.lists) for node in spec["pattern"]]
            ids = [n.get("RIGHT_ID") for n in nodes]
            trigger = ids.index(spec.get("trigger", ids[0]))
            arg = ids.index(spec["argument"]) if spec.get("argument") else -1
            rule = _Rule("pattern", spec.get("category"), spec.get("mode"), str(spec["name"]), trigger, arg,
                         role=spec.get("role"))
            self._structure(rule, nodes)

    # -------------------------------------------------------------------- matching

    def __call__(self, doc: "Doc") -> dict[int, list[Hit]]:
        found: dict[int, list[Hit]] = {}
        for match_id, start, _end in self.words(doc):
            rule = self.rules[match_id]
            kind, rank = _word_kind(rule.kind)
            found.setdefault(start, []).append(Hit(kind, rule.category, rule.mode, rule.name, -1, rank))
        for match_id, tokens in self.structures(doc):
            rule = self.rules[match_id]
            trigger = tokens[rule.trigger]
            arg = tokens[rule.arg] if rule.arg >= 0 else -1
            found.setdefault(trigger, []).append(
                Hit(rule.kind, rule.category, rule.mode, rule.name, arg, _rank(doc, rule, arg), rule.role))
        for hits in found.values():
            hits.sort(key=lambda h: (KINDS.index(h.kind), h.rank))
        return found


def _word_kind(kind: str) -> tuple[str, tuple[int, ...]]:
    """Lemma before form before plural: all are single-word hits."""
    return "word", ((("word", "form", "plural").index(kind)),)


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
    raise ValueError(f"trigger pattern: {attr} and WORD give two values for one word")


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
            raise ValueError(f"trigger pattern: unknown word list {node!r} (choose from {', '.join(sorted(lists))})")
        return sorted({f for w in words for f in _forms(w)})
    return node


def trigger_hits(doc: "Doc", lex: "Lexicon") -> dict[int, list[Hit]]:
    """{token index in `doc`: hits, most specific first} for the lexicon `lex`, computed once
    per Doc and kept in `doc.user_data`."""
    key = ("bilat.hits", id(lex))
    hits = doc.user_data.get(key)
    if hits is None:
        hits = doc.user_data[key] = matcher_for(lex, doc.vocab)(doc)
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
