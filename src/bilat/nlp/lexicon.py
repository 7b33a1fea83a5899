"""The PLOVER vocabulary (`data/plover.yaml` and the family files `data/plover/*.yaml`) and the
word-sense rules that read it.

Which tokens can report an event is decided by the patterns built from the lexicons
(`bilat.nlp.patterns`): words, phrases, compounds, verb + object class, and explicit patterns
such as "suspended aid" (a sanction) or "turned to X for aid" (a request). The sense rules here
choose among a token's matches and rule some out by the words around it: a verb of giving is
aid only with a material object, and a verb like "commit" or "recognise" reports nothing with
some objects. Everything a user may want to extend is a word list or a pattern in the data
files, not a literal here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bilat import vocab

if TYPE_CHECKING:
    from spacy.tokens import Token

    from bilat.nlp.patterns import Hit

OBJ = {"dobj", "dative", "obj", "iobj"}
SUBJ = {"nsubj", "csubj"}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    weights: dict[str, float]
    mode_weights: dict[str, dict[str, float]]
    person_object: dict[str, tuple[str | None, str | None]]
    light_verbs: frozenset[str]
    dominant: frozenset[str]
    agentive_of: frozenset[str]
    reporting_verbs: frozenset[str] = frozenset()
    future_aux: frozenset[str] = frozenset({"will", "would", "shall", "'ll"})
    intent_words: frozenset[str] = frozenset()
    hostile: frozenset[str] = frozenset()
    partnership: frozenset[str] = frozenset()
    static_predicates: frozenset[str] = frozenset()
    topic_preps: frozenset[str] = frozenset()
    anaphoric_determiners: frozenset[str] = frozenset()
    reduction_verbs: frozenset[str] = frozenset()
    reduction_nouns: frozenset[str] = frozenset()
    cooperative_nouns: frozenset[str] = frozenset()
    giving_verbs: frozenset[str] = frozenset()
    material_nouns: frozenset[str] = frozenset()
    material_measures: frozenset[str] = frozenset()
    given_objects: dict[str, str] = field(default_factory=dict)
    given_from: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    empty_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    needs_complement: frozenset[str] = frozenset()
    belief_verbs: frozenset[str] = frozenset()
    causal_verbs: frozenset[str] = frozenset()
    generic_heads: frozenset[str] = frozenset()
    prevention_verbs: frozenset[str] = frozenset()
    exit_verbs: frozenset[str] = frozenset()
    aim_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    asking_verbs: frozenset[str] = frozenset()
    reciprocal: frozenset[str] = frozenset()
    object_classes: dict[str, frozenset[str]] = field(default_factory=dict)  # object word -> classes
    partitive_heads: frozenset[str] = frozenset()
    object_categories: dict[str, dict[str, str | None]] = field(default_factory=dict)
    patterns: tuple[dict[str, Any], ...] = ()  # explicit DependencyMatcher patterns (data/plover/*.yaml)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)  # word lists "$name" may name
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # quad class -> categories

    def intensity(self, category: str, mode: str | None = None) -> float:
        if mode and mode in self.mode_weights.get(category, {}):
            return float(self.mode_weights[category][mode])
        return float(self.weights.get(category, 0.0))


def _entries(section: dict[str, list[str]]) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for category, words in (section or {}).items():
        for word in words or []:
            text, _, mode = str(word).partition(":")
            out.setdefault(text.lower().strip(), (category, mode or None))
    return out


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The PLOVER lexicon shipped in data/plover.yaml, extended by the `plover:` sections of
    the user vocabulary files `extra` (paths; see `bilat.vocab`)."""
    raw: dict[str, Any] = vocab.load("plover", extra)
    return Lexicon(
        verbs=_entries(raw.get("verbs") or {}),
        nouns=_entries(raw.get("nouns") or {}),
        weights={k: float(v) for k, v in (raw.get("weights") or {}).items()},
        mode_weights=raw.get("mode_weights") or {},
        person_object={k: (v[0], v[1]) for k, v in (raw.get("person_object") or {}).items()},
        light_verbs=frozenset(raw.get("light_verbs") or []),
        dominant=frozenset(raw.get("dominant") or []),
        agentive_of=frozenset(raw.get("agentive_of") or []),
        reporting_verbs=frozenset(raw.get("reporting_verbs") or []),
        intent_words=frozenset(str(w).lower() for w in raw.get("intent_words") or []),
        hostile=frozenset(raw.get("hostile") or []),
        partnership=frozenset(str(w).lower() for w in raw.get("partnership") or []),
        static_predicates=frozenset(str(w).lower() for w in raw.get("static_predicates") or []),
        topic_preps=frozenset(str(w).lower() for w in raw.get("topic_preps") or []),
        anaphoric_determiners=_words(raw, "anaphoric_determiners"),
        reduction_verbs=_words(raw, "reduction_verbs"),
        reduction_nouns=_words(raw, "reduction_nouns"),
        cooperative_nouns=_words(raw, "cooperative_nouns"),
        giving_verbs=_words(raw, "giving_verbs"),
        material_nouns=_words(raw, "material_nouns"),
        material_measures=_words(raw, "material_measures"),
        given_from=frozenset(raw.get("given_from") or []),
        receiving_verbs=_words(raw, "receiving_verbs"),
        empty_objects={str(k).lower(): frozenset(str(w).lower() for w in v or [])
                       for k, v in (raw.get("empty_objects") or {}).items()},
        needs_complement=_words(raw, "needs_complement"),
        belief_verbs=_words(raw, "belief_verbs"),
        causal_verbs=_words(raw, "causal_verbs"),
        generic_heads=_words(raw, "generic_heads"),
        prevention_verbs=_words(raw, "prevention_verbs"),
        exit_verbs=_words(raw, "exit_verbs"),
        asking_verbs=_words(raw, "asking_verbs"),
        reciprocal=frozenset(raw.get("reciprocal") or []),
        object_classes=_classes(raw.get("object_classes") or {}),
        partitive_heads=_words(raw, "partitive_heads"),
        object_categories={str(k).lower(): dict(v or {}) for k, v in (raw.get("object_categories") or {}).items()},
        aim_preps={str(k).lower(): frozenset(str(w).lower() for w in v or [])
                   for k, v in (raw.get("aim_preps") or {}).items()},
        given_objects={str(k).lower(): str(v) for k, v in (raw.get("given_objects") or {}).items()},
        patterns=tuple(_patterns(raw.get("patterns") or [])),
        lists=_lists(raw),
        families={str(k): tuple(v) for k, v in (raw.get("families") or {}).items()},
    )


def _patterns(specs: list[Any]) -> list[dict[str, Any]]:
    """The explicit trigger patterns, checked for the keys bilat needs. Raises VocabError."""
    out = []
    for n, spec in enumerate(specs):
        if not isinstance(spec, dict) or not spec.get("name") or not isinstance(spec.get("pattern"), list) \
                or "category" not in spec:
            raise vocab.VocabError(f"plover.patterns[{n}]: a pattern needs a name, a category "
                                   f"(null for none) and a pattern (a list of nodes)")
        out.append(spec)
    return out


def _lists(raw: dict[str, Any]) -> dict[str, frozenset[str]]:
    """The word lists a pattern may name as "$name": every list of the PLOVER vocabulary, and
    "verbs.CATEGORY" / "nouns.CATEGORY" for the single words of a category's lexicon."""
    out = {str(k): frozenset(str(w).lower() for w in v) for k, v in raw.items()
           if isinstance(v, list) and k != "patterns" and all(not isinstance(w, (dict, list)) for w in v)}
    for part in ("verbs", "nouns"):
        for category, words in (raw.get(part) or {}).items():
            out[f"{part}.{category}"] = frozenset(_split_mode(w) for w in words or [] if " " not in str(w))
    return out


def _split_mode(word: Any) -> str:
    return str(word).partition(":")[0].lower().strip()


def _classes(section: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """word -> the object classes it belongs to ("law" is an utterance and an instrument)."""
    out: dict[str, set[str]] = {}
    for cls, words in section.items():
        for word in words or []:
            out.setdefault(str(word).lower(), set()).add(str(cls))
    return {word: frozenset(classes) for word, classes in out.items()}


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw.get(key) or [])


def material(obj: "Token", lex: Lexicon) -> bool:
    """Whether the object of a verb of giving is material: goods, money, training."""
    lemma, lower = obj.lemma_.lower(), obj.lower_
    if lemma in lex.material_nouns or lower in lex.material_nouns:
        return True
    if obj.ent_type_ == "MONEY" or obj.like_num or obj.tag_ == "$":
        return True
    hit = lex.nouns.get(lemma) or lex.nouns.get(lower)
    if hit and hit[0] == "AID":
        return True
    for child in obj.children:
        if child.dep_ in ("compound", "nummod", "quantmod") and (
                child.lemma_.lower() in lex.material_nouns or child.tag_ == "$" or child.like_num):
            return True
        if child.dep_ == "prep" and (lemma in lex.material_measures or lower in lex.material_measures):
            if any(material(p, lex) for p in child.children if p.dep_ == "pobj"):
                return True
    return False


def _hits(tok: "Token", lex: Lexicon, *kinds: str) -> list["Hit"]:
    from bilat.nlp.patterns import iter_hits, trigger_hits

    return list(iter_hits(trigger_hits(tok.doc, lex), tok.i, *kinds))


def _first(tok: "Token", lex: Lexicon, *kinds: str) -> tuple[str, str | None] | None:
    """(category, mode) of the token's most specific hit of these kinds, None for none."""
    hits = _hits(tok, lex, *kinds)
    return (hits[0].category, hits[0].mode) if hits and hits[0].category else None


def giving_category(tok: "Token", lex: Lexicon,
                     hit: tuple[str, str | None] | None) -> tuple[str, str | None] | None:
    """A verb of giving is aid only when what is given is material; an assurance given is
    a promise, a warning given an accusation, and a plan or a deadline no event here."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None:
        obj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if obj is not None and (obj.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or obj.pos_ == "PRON"):
            return hit  # "Pakistan was given ..." with nothing given named
    if obj is None:
        return hit
    if material(obj, lex):
        return hit or ("AID", None)  # "handed 40 tonnes of medicine to X"
    category = lex.given_objects.get(obj.lemma_.lower()) or lex.given_objects.get(obj.lower_)
    return (category, None) if category else None


def verb_category(tok: "Token", lex: Lexicon) -> tuple[str, str | None] | None:
    """(category, mode) a verb reports in its clause, None for no event: the most specific
    pattern that matched it (an explicit pattern, then its object's class, then a phrase,
    then the bare word; see `bilat.nlp.patterns`), unless a sense rule below rules it out."""
    decided = _hits(tok, lex, "pattern", "object")
    if decided:
        return (decided[0].category, decided[0].mode) if decided[0].category else None
    phrase = _first(tok, lex, "phrase")
    if phrase:
        lemma = tok.lemma_.lower()
        if lemma in lex.giving_verbs and phrase[0] != "AID":  # "handed over two tonnes of food"
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None and material(obj, lex):
                return ("AID", None)
        return phrase
    return _sense_of_word(tok, lex, _first(tok, lex, "word"))


def _sense_of_word(tok: "Token", lex: Lexicon, hit: tuple[str, str | None] | None) -> tuple[str, str | None] | None:
    """The bare verb's category after the sense rules of data/plover.yaml: what is given,
    empty objects, aims, causes, beliefs, verbs needing a complement, person objects."""
    lemma = tok.lemma_.lower()
    if lemma in lex.giving_verbs:
        return giving_category(tok, lex, hit)
    if lemma in lex.empty_objects:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")), None)
        if obj is not None and obj.lemma_.lower() in lex.empty_objects[lemma]:
            return None
    if lemma in lex.aim_preps and any(c.dep_ == "prep" and c.lower_ in lex.aim_preps[lemma]
                                      for c in tok.children):
        return None
    if lemma in lex.causal_verbs and any(
            c.dep_ in SUBJ and c.pos_ == "NOUN" and (c.lemma_.lower() in lex.nouns or c.lower_ in lex.nouns)
            for c in tok.children):
        return None
    if lemma in lex.belief_verbs and any(c.dep_ == "ccomp" for c in tok.children) \
            and not any(c.dep_ in OBJ for c in tok.children):
        return None
    if lemma in lex.needs_complement and not any(
            c.dep_ in OBJ | {"xcomp", "ccomp", "nsubjpass"} for c in tok.children):
        return None
    if lemma in lex.person_object:
        obj = next((c for c in tok.children if c.dep_ in OBJ), None)
        person, other = lex.person_object[lemma]
        is_person = obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "GPE", "NORP"))
        category = person if is_person else other
        return (category, "telephone" if lemma == "call" else None) if category else None
    return hit


def noun_category(tok: "Token", lex: Lexicon) -> tuple[str, str | None] | None:
    """(category, mode) an event noun names, None for none: a modifier and head of the lexicon
    ("arms sale"), else the noun itself, else a generic head's compound ("an aid programme")."""
    explicit = _hits(tok, lex, "pattern")
    if explicit:
        return (explicit[0].category, explicit[0].mode) if explicit[0].category else None
    return _first(tok, lex, "compound") or _first(tok, lex, "word") or _first(tok, lex, "generic")
