"""spaCy's DependencyMatcher patterns, matched from their first node's words.

spaCy's `DependencyMatcher` runs every node of every pattern as a token pattern over every
token of a Doc, with set-valued conditions (`IN`, `NOT_IN`) evaluated in Python; with the
few hundred patterns of bilat's trigger lexicons that costs as much as parsing the text
(bench/bench_extract.py measured 9 s of matching for 9 s of parsing). Almost every bilat
pattern starts from a node that names its words (a verb's lemmas, a noun's forms), so this
matcher looks up each token's lemma and form in an index of those words and follows the
pattern's relations only from the tokens found there.

Patterns are in spaCy's format (RIGHT_ID, RIGHT_ATTRS, LEFT_ID, REL_OP) and are checked by
spaCy's own `DependencyMatcher.add` when added; the relation operators are spaCy's, with its
definitions, and tests compare the matches with spaCy's on parsed text
(tests/nlp/test_depmatch.py). Token conditions: ORTH, TEXT, LOWER, LEMMA, NORM, POS, TAG,
DEP, ENT_TYPE, SHAPE and the boolean flags (IS_TITLE, LIKE_NUM ...), each a value or
{IN: [...]} / {NOT_IN: [...]}; two nodes never match one token.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

Check = Callable[["Token"], bool]
Match = tuple[str, list[int]]  # (pattern key, Doc index of the token of each node, in node order)

# token attribute -> how to read it (spaCy's names; string attributes as their text)
READ: dict[str, Callable[["Token"], Any]] = {
    "ORTH": lambda t: t.text, "TEXT": lambda t: t.text, "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_, "NORM": lambda t: t.norm_, "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_, "ENT_TYPE": lambda t: t.ent_type_,
    "SHAPE": lambda t: t.shape_, "IS_ALPHA": lambda t: t.is_alpha, "IS_DIGIT": lambda t: t.is_digit,
    "IS_LOWER": lambda t: t.is_lower, "IS_UPPER": lambda t: t.is_upper, "IS_TITLE": lambda t: t.is_title,
    "IS_PUNCT": lambda t: t.is_punct, "IS_SENT_START": lambda t: bool(t.is_sent_start),
    "LIKE_NUM": lambda t: t.like_num, "IS_STOP": lambda t: t.is_stop,
}
# attributes an anchor may be looked up by
ANCHORS = ("LEMMA", "LOWER", "ORTH", "TEXT")


def _sent(doc: "Doc", i: int) -> range:
    """The token indices of the dependency tree holding token i (spaCy's `_get_sent`)."""
    tok = doc[i]
    root = (list(tok.ancestors) or [tok])[-1]
    return range(root.left_edge.i, root.right_edge.i + 1)


def _children(doc: "Doc", i: int, side: str = "", near: bool = False) -> list[int]:
    kids = doc[i].rights if side == ">" else doc[i].lefts if side == "<" else doc[i].children
    out = [c.i for c in kids]
    if near:
        return [c for c in out if c == (i + 1 if side == ">" else i - 1)]
    return out


def _siblings(doc: "Doc", i: int, right: bool, near: bool) -> list[int]:
    out = [c.i for c in doc[i].head.children if (c.i > i if right else c.i < i)]
    if near:
        return [c for c in out if c == (i + 1 if right else i - 1)]
    return out


def _parent(doc: "Doc", i: int, right: bool, near: bool) -> list[int]:
    head = doc[i].head.i
    if near:
        return [head] if head == (i + 1 if right else i - 1) else []
    return [head] if (head > i if right else head < i) else []


# REL_OP -> the tokens B may be, given the token of A (spaCy's definitions)
OPS: dict[str, Callable[["Doc", int], list[int]]] = {
    "<": lambda d, i: [] if d[i].head.i == i else [d[i].head.i],
    ">": lambda d, i: _children(d, i),
    "<<": lambda d, i: [t.i for t in d[i].ancestors],
    ">>": lambda d, i: [t.i for t in d[i].subtree if t.i != i],
    ".": lambda d, i: [i + 1] if i + 1 < len(d) and i + 1 in _sent(d, i) else [],
    ".*": lambda d, i: list(range(i + 1, _sent(d, i).stop)),
    ";": lambda d, i: [i - 1] if i > 0 and i - 1 in _sent(d, i) else [],
    ";*": lambda d, i: list(range(_sent(d, i).start, i)),
    "$+": lambda d, i: _siblings(d, i, True, True),
    "$-": lambda d, i: _siblings(d, i, False, True),
    "$++": lambda d, i: _siblings(d, i, True, False),
    "$--": lambda d, i: _siblings(d, i, False, False),
    ">+": lambda d, i: _children(d, i, ">", True),
    ">-": lambda d, i: _children(d, i, "<", True),
    ">++": lambda d, i: _children(d, i, ">"),
    ">--": lambda d, i: _children(d, i, "<"),
    "<+": lambda d, i: _parent(d, i, True, True),
    "<-": lambda d, i: _parent(d, i, False, True),
    "<++": lambda d, i: _parent(d, i, True, False),
    "<--": lambda d, i: _parent(d, i, False, False),
}


def _check(attr: str, value: Any) -> Check:
    """One token condition. Raises ValueError for an attribute or operator it cannot read."""
    read = READ.get(attr)
    if read is None:
        raise ValueError(f"token attribute {attr!r} is not supported (use one of {', '.join(READ)})")
    if isinstance(value, dict):
        unknown = set(value) - {"IN", "NOT_IN"}
        if unknown:
            raise ValueError(f"{attr}: only IN and NOT_IN are supported, not {', '.join(sorted(unknown))}")
        inside = frozenset(value["IN"]) if "IN" in value else None
        outside = frozenset(value.get("NOT_IN") or ())
        return lambda t: (inside is None or read(t) in inside) and read(t) not in outside
    return lambda t: read(t) == value


def _node_check(attrs: dict[str, Any]) -> Check:
    checks = [_check(attr, value) for attr, value in attrs.items()]
    return lambda t: all(c(t) for c in checks)


def _anchor_words(attrs: dict[str, Any]) -> tuple[str, list[str]] | None:
    """(attribute, words) of a first node that names its words, else None."""
    for attr in ANCHORS:
        value = attrs.get(attr)
        if isinstance(value, str):
            return attr, [value]
        if isinstance(value, dict) and "IN" in value:
            return attr, [str(v) for v in value["IN"]]
    return None


class _Compiled:
    __slots__ = ("key", "checks", "steps")

    def __init__(self, key: str, nodes: list[dict[str, Any]]) -> None:
        ids = [n["RIGHT_ID"] for n in nodes]
        self.key = key
        self.checks = [_node_check(n.get("RIGHT_ATTRS") or {}) for n in nodes]
        # for each node after the first: (index of its LEFT_ID node, relation)
        for n in nodes[1:]:
            if n["REL_OP"] not in OPS:
                raise ValueError(f"unknown REL_OP {n['REL_OP']!r} (choose from {' '.join(OPS)})")
        self.steps = [(ids.index(n["LEFT_ID"]), n["REL_OP"]) for n in nodes[1:]]


class AnchoredDependencyMatcher:
    """A DependencyMatcher for patterns whose first node names its words.

    `add(key, patterns)` as spaCy's (a list of patterns, each a list of nodes); calling it on a
    parsed Doc returns [(key, [token index per node])] for every match. Raises ValueError (as
    spaCy does) for a malformed pattern, and for a condition this matcher cannot evaluate."""

    def __init__(self, vocab: "Vocab") -> None:
        from spacy.matcher import DependencyMatcher

        self._spacy = DependencyMatcher(vocab)  # validates each pattern as spaCy would
        self._index: dict[str, dict[str, list[_Compiled]]] = {attr: {} for attr in ANCHORS}
        self._scan: list[_Compiled] = []  # patterns with no words on their first node
        self._count = 0
        self._patterns: dict[str, list[list[dict[str, Any]]]] = {}  # key -> patterns, as added

    def __len__(self) -> int:
        return self._count

    def add(self, key: str, patterns: list[list[dict[str, Any]]], validate: bool = True) -> None:
        """Add patterns under `key`; `validate=False` skips spaCy's check (for patterns built by
        code, which tests check once: spaCy's check costs ~1 ms a pattern)."""
        if validate:
            self._spacy.add(key, patterns)
        self._patterns.setdefault(key, []).extend(patterns)
        for nodes in patterns:
            compiled = _Compiled(key, nodes)
            anchor = _anchor_words(nodes[0].get("RIGHT_ATTRS") or {})
            if anchor is None:
                self._scan.append(compiled)
            else:
                attr, words = anchor
                for word in words:
                    self._index[attr].setdefault(word, []).append(compiled)
            self._count += 1

    def __call__(self, doc: "Doc") -> list[Match]:
        out: list[Match] = []
        lemma, lower, orth = self._index["LEMMA"], self._index["LOWER"], self._index["ORTH"]
        text = self._index["TEXT"]
        related: dict[tuple[str, int], list[int]] = {}
        for tok in doc:
            found = lemma.get(tok.lemma_, ()), lower.get(tok.lower_, ()), orth.get(tok.text, ()), \
                text.get(tok.text, ()), self._scan
            for group in found:
                for pattern in group:
                    if pattern.checks[0](tok):
                        out.extend((pattern.key, m) for m in _extend(doc, pattern, [tok.i], related))
        return out


def _extend(doc: "Doc", pattern: _Compiled, bound: list[int],
            related: dict[tuple[str, int], list[int]]) -> Iterator[list[int]]:
    """Every way to bind the pattern's remaining nodes, given the tokens of the first ones;
    `related` keeps each relation's tokens for the Doc being matched."""
    n = len(bound)
    if n == len(pattern.checks):
        yield list(bound)
        return
    left, op = pattern.steps[n - 1]
    check = pattern.checks[n]
    key = (op, bound[left])
    others = related.get(key)
    if others is None:
        others = related[key] = OPS[op](doc, bound[left])
    for i in others:
        if i not in bound and check(doc[i]):
            bound.append(i)
            yield from _extend(doc, pattern, bound, related)
            bound.pop()
