"""Policy recommendations: who should do what.

A sentence is a recommendation when it is prescriptive:

* a deontic modal with its verb: *should*, *must*, *ought to*, *need(s) to*
  (the present-tense verb, not the noun "the need to");
* an evaluative frame: "it is imperative / essential / crucial / important /
  vital / necessary / pivotal / critical to|that ...", "X is essential to ...";
  "there is a (growing) need to|for ...";
* an explicit act: "we recommend", "recommends that", "we propose";
* a stated importance: "the two leaders stressed the importance of working together".

Inside a recommendation section (a short heading line such as
"Recommendations", "Policy options", "The way forward", "Conclusion") weaker
markers also count: *can* / *could* / *has to* + verb, "is (more) important",
calls ("urge X to", "call on X to", "call for"), and every bullet item under the heading.

Left out: questions; past counterfactuals ("should have done", "could have
been"); discourse formulas ("it must be noted", "it is important to note");
modals in subordinate or relative clauses ("if X should ...", "should Kabul ask",
"the leverage it needs to ..."); a third party's belief reported ("Ahmed thinks
students should ...") and warnings to a party ("the Soviets must understand");
"you must" (a demand on the listener); reference and footnote lines. A party's
call or demand outside a recommendation section ("clerics urge him to leave",
"the leaders called for restraint") is a REQUEST event, not a recommendation.
A sentence that only adds to the proposal before it ("Equally important is to ...")
joins that proposal.

Who recommends (`recommender`): the speaker quoted or reported ("..., the minister
said"; "the two leaders stressed ..."), else the document's author, else its publisher.
To whom (`actor`, the addressee): the states or organisations named by the subject of
the prescriptive verb (bilat.nlp.actors); for an impersonal proposal ("it is imperative
to ...", "linkages must be strengthened") those named in the sentence, else the
document's two most-named states. What followed a recommendation is
`bilat.analysis.recommendations`.
"""
from __future__ import annotations

import functools
import logging
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bilat import vocab
from bilat.model import Document, Recommendation
from bilat.nlp.figures import document_pair, sentence_spans
from bilat.nlp.themes import tag_themes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

MAX_QUOTE = 300
@dataclass(frozen=True)
class Cues:
    """The compiled cues of data/recommendations.yaml (and user vocabulary files)."""

    adjectives: frozenset[str]
    strong: tuple[re.Pattern[str], ...]
    formula: re.Pattern[str]
    note: re.Pattern[str]
    section_head: re.Pattern[str]
    calls: re.Pattern[str]  # only under a recommendations heading
    importance: re.Pattern[str]
    importance_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    message_verbs: frozenset[str]
    continuation: re.Pattern[str]


def _inflected(items: list[str]) -> str:
    """Alternation of verb phrases with their first word inflected ("urge" -> urges, urged,
    urging; "call on" -> calls on, called on)."""
    forms = []
    for item in sorted(map(str, items), key=len, reverse=True):
        first, *rest = item.split()
        stem = re.escape(first[:-1] if first.endswith("e") else first)
        forms.append(rf"{stem}(?:e|es|ed|e?s|ing)?" + "".join(rf"\s+{re.escape(w)}" for w in rest))
    return "|".join(forms)


def _words(items: list[str]) -> str:
    """Alternation of phrases, longest first, spaces matching any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, str(w).split())) for w in sorted(items, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def load_cues(extra: tuple[str, ...] = ()) -> Cues:
    """Cues from data/recommendations.yaml and the `recommendations:` sections of the user
    vocabulary files `extra` (paths). Raises VocabError for a bad user file."""
    data = vocab.load("recommendations", extra)
    acts = _words(data["acts"])
    return Cues(
        adjectives=frozenset(str(w).lower() for w in data["evaluative_adjectives"]),
        strong=(
            re.compile(r"\bthere\s+(?:is|are|remains)\s+(?:an?\s+)?(?:\w+\s+){0,2}need\s+(?:to|for)\b", re.I),
            re.compile(rf"\b(?:we|i)\s+(?:\w+\s+)?(?:{acts})\b", re.I),
            re.compile(r"\brecommend(?:s|ed)?\s+that\b|\brecommendations?\s+(?:is|are|include)\b", re.I),
        ),
        formula=re.compile(rf"\b(?:it\s+)?(?:must|should|needs?\s+to)\s+be\s+(?:{_words(data['formula_participles'])})\b", re.I),
        note=re.compile(rf"\b(?:important|worth|necessary|interesting|useful)\s+to\s+(?:{_words(data['note_verbs'])})\b", re.I),
        section_head=re.compile("|".join(f"(?:{p})" for p in data["section_headings"]), re.I),
        calls=re.compile(rf"\b(?:{_inflected(data['calls'])})\b", re.I),
        # the importance of doing something ("of working together", "of all countries using"),
        # not of a thing ("the importance of the relationship")
        importance=re.compile(rf"\b(?:{_inflected(data['importance_verbs'])})\s+(?:the\s+)?(?:\w+\s+)?"
                              r"(?:importance|necessity)\s+of\s+(?:[\w’'-]+\s+){0,3}?"
                              r"(?!(?:during|thing|something|nothing|anything|everything|morning|evening|spring)\b)"
                              r"\w+ing\b", re.I),
        importance_verbs=frozenset(str(w).lower() for w in data["importance_verbs"]),
        belief_verbs=frozenset(str(w).lower() for w in data["belief_verbs"]),
        message_verbs=frozenset(str(w).lower() for w in data["message_verbs"]),
        continuation=re.compile("|".join(f"(?:{p})" for p in data["continuations"]), re.I),
    )


_SECTION_ONLY = [
    re.compile(r"\b(?:is|are)\s+(?:\w+\s+)?(?:more\s+)?important\b", re.I),
]
_COUNTERFACTUAL = re.compile(
    r"\b(?:should|must|could|would|might|ought\s+to)\s+(?:not\s+)?have\s+(?:been|\w+(?:ed|en|wn|ne|de|ght|ld|lt|nt|un))\b", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•–▪◦]|\d{1,2}[.)]|\(?[a-z]\))\s+")
_REFERENCE = re.compile(r"https?://|www\.|\bVol(?:ume)?\.|\bNo\.\s*\d|\bpp?\.\s*\d", re.I)
_FOOTNOTE = re.compile(r"^\s*(?:\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_LEAD = re.compile(r"^(?:moreover|further(?:more)?|likewise|similarly|also|additionally|in addition|"
                   r"therefore|hence|thus|finally|lastly|first(?:ly)?|second(?:ly)?|third(?:ly)?|however|"
                   r"and|but|so)\b[,\s]*", re.I)
_DEONTIC = {"should", "must", "ought", "shall"}


# ---------------------------------------------------------------- sections
def _heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 10 and not re.search(r"[.?!;,]$", line.strip()) and line.strip()[0].isupper()


def recommendation_sections(text: str, cues: Cues | None = None) -> list[tuple[int, int, str]]:
    """(start, end, heading) character ranges of the text under recommendation headings.

    A section runs from its heading to the next heading-like line (or the end).
    """
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, line))
        pos += len(line)
    heads = [(p, line.strip().strip("#*: ").strip()) for p, line in lines
             if _heading(line.strip().strip("#*").strip()) and not _BULLET.match(line)]
    out = []
    for n, (p, head) in enumerate(heads):
        if not (cues or load_cues()).section_head.search(head):
            continue
        end = heads[n + 1][0] if n + 1 < len(heads) else len(text)
        out.append((p, end, head))
    return out


# ---------------------------------------------------------------- markers
def _modal_verb(sent: "Span") -> "Token | None":
    """The verb governed by a deontic modal in `sent`, or None."""
    for tok in sent:
        low = tok.lower_
        if low in _DEONTIC and tok.tag_ == "MD":
            if low == "ought" or tok.i + 1 < sent.end:
                return tok.head if tok.head != tok else tok
        if tok.lemma_ == "need" and tok.tag_ in ("VB", "VBP", "VBZ") and tok.i + 1 < sent.end \
                and sent.doc[tok.i + 1].lower_ == "to":
            return tok
    return None


_SUBORDINATE = frozenset("if unless whether because since as although though with while whereas".split())


def _subordinate(verb: "Token") -> bool:
    """The verb sits in an adverbial clause ("if X should", "with the US need to"), a
    relative clause ("the leverage it needs to negotiate"), a conditional told by inversion
    ("should Kabul ask for it") or a that-clause reporting a belief or a fact ("convinced
    that aid must")."""
    modal = next((c for c in verb.children if c.tag_ == "MD"), None)
    if modal is not None and modal.i > verb.sent.start and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > modal.i for c in verb.children):
        return True
    for _ in range(4):
        if verb.dep_ == "relcl":
            return True
        if verb.dep_ == "ccomp" and verb.head.dep_ == "relcl":
            return True
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in _SUBORDINATE:
                return True
            if child.dep_ == "mark" and child.lower_ == "that" and verb.head.pos_ in ("NOUN", "ADJ"):
                return True
        if verb.dep_ in ("conj", "xcomp") and verb.head != verb:
            verb = verb.head
        else:
            break
    return False


_FIRST_PERSON = frozenset({"we", "i", "us"})


def _subject(verb: "Token") -> "Token | None":
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _not_advice(verb: "Token", cues: Cues) -> bool:
    """A modal sentence that is not the writer's advice: a third party's belief reported
    ("Ahmed thinks students should ..."), a warning to a party ("the Soviets must
    understand ..."), or a demand on the listener ("you must ...")."""
    subject = _subject(verb)
    if subject is not None and subject.lower_ == "you":
        return True
    if verb.lemma_.lower() in cues.message_verbs and (subject is None or subject.lower_ not in _FIRST_PERSON):
        return True
    for node in list(verb.ancestors)[:4]:
        # "X thinks ...", and "X is convinced ..." (the belief an adjective of the copula)
        lemmas = {node.lemma_.lower()} | {c.lemma_.lower() for c in node.children if c.dep_ == "acomp"}
        if lemmas & cues.belief_verbs:
            believer = _subject(node)
            return believer is None or believer.lower_ not in _FIRST_PERSON
    return False


def _evaluative(sent: "Span", adjectives: frozenset[str]) -> bool:
    """"it is imperative to|that ...", "an approach is essential to foster ...": an evaluative
    adjective governing a to-infinitive or a that-clause (not "critical to stability")."""
    for tok in sent:
        if tok.lemma_.lower() not in adjectives or tok.pos_ != "ADJ":
            continue
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp", "advcl") and child.pos_ in ("VERB", "AUX"):
                marks = {c.lower_ for c in child.children if c.dep_ in ("aux", "mark")}
                if marks & {"to", "that"}:
                    return True
        # "it is imperative to" parsed with the infinitive on the copula
        head = tok.head
        if tok.dep_ == "acomp" and any(
            c.dep_ in ("xcomp", "ccomp", "advcl") and c.i > tok.i and {g.lower_ for g in c.children} & {"to", "that"}
            for c in head.children
        ):
            return True
    return False


def _weak_modal(sent: "Span") -> "Token | None":
    """can/could + verb, or has/have to + verb ("has to do with" excepted): prescriptive
    only in a recommendation section, descriptive elsewhere often enough."""
    for tok in sent:
        if tok.lemma_ == "have" and tok.i + 2 < sent.end and sent.doc[tok.i + 1].lower_ == "to" \
                and tok.pos_ in ("VERB", "AUX") and sent.doc[tok.i + 2].lemma_ != "do":
            return tok
        if tok.lower_ in ("can", "could") and tok.tag_ == "MD" and tok.head.pos_ in ("VERB", "AUX"):
            return tok.head
    return None


def prescriptive_verb(sent: "Span", in_section: bool, cues: Cues | None = None) -> tuple[bool, "Token | None"]:
    """(is prescriptive, the verb whose subject is the actor) for a parsed sentence."""
    cues = cues or load_cues()
    text = sent.text
    if text.rstrip().endswith("?") or _COUNTERFACTUAL.search(text) or cues.formula.search(text) or cues.note.search(text):
        return False, None
    verb = _modal_verb(sent)
    if verb is not None and not _subordinate(verb):
        return (False, None) if _not_advice(verb, cues) else (True, verb)
    if _evaluative(sent, cues.adjectives) or any(p.search(text) for p in cues.strong):
        return True, None
    if cues.importance.search(text):
        return True, None
    if in_section and cues.calls.search(text):
        return True, None
    if in_section:
        verb = _weak_modal(sent)
        if verb is not None and not _subordinate(verb):
            return True, verb
        if any(p.search(text) for p in _SECTION_ONLY):
            return True, None
    return False, None


# ---------------------------------------------------------------- actors
@functools.lru_cache(maxsize=1)
def _resolver() -> Any:
    try:
        from bilat.nlp.actors import default_resolver
    except ImportError:  # actors not available: recommendations keep no actor
        return None
    return default_resolver()


def _codes(span: "Span") -> list[str]:
    resolver = _resolver()
    if resolver is None:
        return []
    found = []
    for m in resolver.find(span):
        if m.code and m.code not in found:
            found.append(m.code)
    return found


def resolve_actor(sent: "Span", verb: "Token | None", pair: tuple[str, str] | None = None) -> str | None:
    """The addressee: codes of the subject of the prescriptive verb, else of every actor in
    the sentence, else the document's two most-named states `pair` ("USA, PAK"), else None."""
    if verb is not None:
        for v in (verb, verb.head):
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                doc = sent.doc
                codes = _codes(doc[subj.left_edge.i : subj.right_edge.i + 1])
                if codes:
                    return ", ".join(codes)
                break
    codes = _codes(sent) or list(pair or ())
    return ", ".join(codes[:3]) if codes else None


_SPEECH = frozenset({"say", "tell", "add", "state", "declare", "write", "stress", "insist", "caution", "warn",
                     "argue"})
_QUOTE_MARK = re.compile(r"[\"“”]")


def find_recommender(sent: "Span", document: Document, cues: Cues) -> str | None:
    """Who recommends: the speaker quoted or reported in the sentence ("..., the minister
    said", "the two leaders stressed the importance of ..."), else the document's author,
    else its publisher, else None. A pronoun ("they", "we") names no one: the document's
    author or publisher speaks."""
    quoted = bool(_QUOTE_MARK.search(sent.text))
    for tok in sent:
        lemma = tok.lemma_.lower()
        reported = lemma in cues.importance_verbs or (
            lemma in _SPEECH and tok.pos_ in ("VERB", "AUX") and (quoted or any(c.dep_ == "ccomp" for c in tok.children)))
        # "Washington should state clearly ...": the proposal itself, not a report of one
        reported = reported and not any(c.tag_ == "MD" for c in tok.children)
        subject = _subject(tok) if reported else None
        if subject is not None and subject.pos_ != "PRON":
            speaker = sent.doc[subject.left_edge.i : subject.right_edge.i + 1].text
            return re.sub(r"\s+", " ", speaker).strip(" ,\"“”")[:80] or None
    return document.author or document.publisher


# ---------------------------------------------------------------- extraction
def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", text)
    text = _BULLET.sub("", text, count=1)
    text = _LEAD.sub("", text, count=1)
    return text[:1].upper() + text[1:] if text else text


def _quote(doc_text: str, start: int, end: int) -> tuple[str, int, int]:
    end = min(end, start + MAX_QUOTE) if end - start > MAX_QUOTE else end
    if end - start >= MAX_QUOTE:
        cut = doc_text.rfind(" ", start, end)
        end = cut if cut > start else end
    raw = doc_text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start + lead, start + lead + len(raw.strip())


def _in(sections: list[tuple[int, int, str]], pos: int) -> bool:
    """`pos` falls in one of `sections` (in text order, not overlapping): a binary search,
    since a long document can have many sections and many sentences."""
    i = bisect_right(sections, (pos, sys.maxsize)) - 1
    return i >= 0 and sections[i][0] <= pos < sections[i][1]


def extract_recommendations(document: Document, spacy_doc: "Doc", offset: int = 0,
                            sections: list[tuple[int, int, str]] | None = None,
                            vocab_files: tuple[str, ...] = (),
                            pair: tuple[str, str] | None = None) -> list[Recommendation]:
    """Policy proposals in a parsed document. `spacy_doc` is the parse of document.text, or
    of the chunk of it that starts at character `offset`; `sections`: the document's
    `recommendation_sections`, when already found; `vocab_files`: user vocabulary files
    whose `recommendations:` cues count too; `pair`: the document's two most-named states,
    the addressees of an impersonal proposal (found in `spacy_doc` if None). Offsets are
    into document.text."""

    text_all = document.text
    cues = load_cues(tuple(vocab_files))
    sections = recommendation_sections(text_all, cues) if sections is None else sections
    pair = pair or document_pair(spacy_doc)
    recs: list[Recommendation] = []
    for sent in sentence_spans(spacy_doc):
        text = sent.text.strip()
        if len(text.split()) < 4 or _REFERENCE.search(text) or _FOOTNOTE.match(text):
            continue
        start, end = sent.start_char + offset, sent.end_char + offset
        in_section = _in(sections, start)
        # the line's start only matters in a section: looking back for it from every
        # sentence of a long unbroken line would cost time quadratic in its length
        bullet = in_section and bool(_BULLET.match(text_all[text_all.rfind("\n", 0, start) + 1 : end]))
        ok, verb = prescriptive_verb(sent, in_section, cues)
        if not ok and not bullet:
            continue
        if recs and _continues(recs[-1], text_all, start, text, cues):
            recs[-1] = _joined(recs[-1], text_all, end, text)
            continue
        quote, q_start, q_end = _quote(text_all, start, end)
        themes = tag_themes(text)
        recs.append(Recommendation(
            doc_id=document.id, actor=resolve_actor(sent, verb, pair), text=_clean(text), quote=quote,
            start=q_start, end=q_end, theme=themes[0] if themes else None,
            id=f"{document.id}:r{len(recs) + 1}", doc=document.name,
            recommender=find_recommender(sent, document, cues),
        ))
    log.debug("%s: %d recommendations", document.name, len(recs))
    return recs


def _continues(previous: Recommendation, text_all: str, start: int, text: str, cues: Cues) -> bool:
    """The sentence at `start` only adds to the proposal just before it ("Equally important
    is to ..."): nothing but white space between them, a continuation cue at its start."""
    return not text_all[previous.end:start].strip() and bool(cues.continuation.match(_LEAD.sub("", text, count=1)))


def _joined(previous: Recommendation, text_all: str, end: int, text: str) -> Recommendation:
    from dataclasses import replace

    quote, q_start, q_end = _quote(text_all, previous.start, end)
    return replace(previous, text=f"{previous.text} {_clean(text)}", quote=quote, start=q_start, end=q_end)
