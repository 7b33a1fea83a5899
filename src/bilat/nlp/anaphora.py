"""A definite event noun that names nothing of its own refers back to a happening told before.

"Kenyan forces raided a camp on Monday. The raid killed four fighters." tells one raid: the
second sentence adds its toll, not a second event. `refers_back` recognises such a noun from
the parse (a determiner of `anaphoric_determiners` in data/plover.yaml, and no dependent that
names an actor, a place, a time or an amount); `fold_references` then drops its mention when an
earlier mention of the document has the same category.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bilat.nlp.lexicon import noun_category

if TYPE_CHECKING:
    from spacy.tokens import Token

    from bilat.model import EventMention
    from bilat.nlp.lexicon import Lexicon

# how many sentences back a reference may point ("the raid" three paragraphs on is another)
NEAR = 3
# dependents that leave a noun phrase naming nothing of its own ("the deadly raid")
BARE_DEPS = frozenset({"det", "amod", "punct"})
# entity types that make a modifier informative ("the Kenyan raid" names its actor)
NAMING = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL"})


def refers_back(noun: "Token", lex: "Lexicon") -> bool:
    """Whether a trigger tells of a happening already told: an event noun that is a definite
    reference naming no party, place, time or amount ("the raid", "this brutal attack": True;
    "the Kenyan raid", "the raid on the camp", "a raid": False), or a verb whose subject is one
    ("the raid killed four fighters")."""
    if noun.pos_ in ("VERB", "AUX"):  # "the raid killed four fighters" tells more of the raid
        subject = next((c for c in noun.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject is not None and refers_back(subject, lex) and not _tells_another(noun, subject, lex)
    if noun.pos_ != "NOUN" or noun.ent_type_ or noun_category(noun, lex) is None:
        return False  # only an event noun ("the raid"), never a party ("the Leaders", "the U.S.")
    children = list(noun.children)
    if not any(c.dep_ == "det" and c.lower_ in lex.anaphoric_determiners for c in children):
        return False
    return all(c.dep_ in BARE_DEPS and c.ent_type_ not in NAMING for c in children)


def fold_references(mentions: list["EventMention"], references: set[int],
                    window: int = NEAR) -> list["EventMention"]:
    """`mentions` in document order without those whose id() is in `references` and that tell
    an earlier mention's happening: one of the same category at most `window` sentences
    before, whose parties include the reference's and whose year does not differ."""
    out: list["EventMention"] = []
    for mention in mentions:
        if id(mention) in references and any(_same_happening(mention, earlier, window) for earlier in out):
            continue
        out.append(mention)
    return out


def _same_happening(later: "EventMention", earlier: "EventMention", window: int) -> bool:
    if later.category != earlier.category:
        return False
    if later.sentence_index is not None and earlier.sentence_index is not None \
            and later.sentence_index - earlier.sentence_index > window:
        return False
    parties = {earlier.source_actor, earlier.target_actor}
    if any(code and code not in parties for code in (later.source_actor, later.target_actor)):
        return False
    return not (later.date and earlier.date and later.date[:4] != earlier.date[:4])


def _tells_another(verb: "Token", subject: "Token", lex: "Lexicon") -> bool:
    """Whether the clause names another happening of the subject's kind ("the meeting discussed
    the state visit"): the mention may then be that one."""
    kind = (noun_category(subject, lex) or ("",))[0]
    inside = {t.i for t in subject.subtree}
    return any(t.i not in inside and t.pos_ == "NOUN" and (noun_category(t, lex) or ("",))[0] == kind
               for t in verb.subtree if t.i != verb.i)


def referent_party(trigger: "Token", lex: "Lexicon", earlier: list["EventMention"], sentence: int,
                   window: int = NEAR) -> str | None:
    """The doer of the happening a trigger's object refers back to: "Somalia condemned the raid"
    is aimed at whoever raided, told in one of the `window` sentences before (`earlier`, in
    document order; `sentence`: the trigger's sentence index). None when the object is no such
    reference or no earlier mention of its kind names a doer."""
    for child in trigger.children:
        noun = child if child.dep_ in ("dobj", "obj") else None
        if child.dep_ == "prep":  # "protested against the raid", "called for an inquiry into the raid"
            noun = next((c for c in child.children if c.dep_ == "pobj"), None)
        if noun is None or not refers_back(noun, lex):
            continue
        kind = (noun_category(noun, lex) or ("",))[0]
        for mention in reversed(earlier):
            near = mention.sentence_index is None or sentence - mention.sentence_index <= window
            if mention.category == kind and near and mention.source_actor:
                return mention.source_actor
    return None
