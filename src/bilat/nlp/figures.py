"""Quantitative claims ("bilateral trade exceeds $9 billion") and the conflicts between sources.

Amounts come from bilat.nlp.amounts.find_amounts (money, percentages, counts;
years and durations are not amounts). A figure is an amount in a body sentence
(reference and footnote lines are skipped) that is not a trivial count ("the
two countries"). Its subject is read from the dependency parse:

1. a phrase the amount governs: "$88 billion *in security assistance*";
2. the noun the amount belongs to: "a *surplus* of $3 billion";
3. for a count, the counted noun phrase itself: "80 *U.S. firms*";
4. the subject of the governing verb: "*bilateral trade* exceeds $9 billion",
   "*investments* have increased by 50%".

`subject_key` is the subject's lemmas without stop words and generic
modifiers, mapped through the synonyms in data/figures.yaml, so "trade
volume", "bilateral trade" and "two-way trade" all become "trade". The period
is the date expression nearest the amount in its sentence
(bilat.dates.find_dates), else "annual" when the sentence says so.

`concept` is what the figure measures, one of the `concepts` of data/figures.yaml
("trade", "aid", "arms sale", "casualties" ...): named by the subject, or, when the
subject is generic ("a value of $450 million") or the figure a count, by the word of
its sentence nearest the amount. The two parties (`source_actor`, `target_actor`) are
read from the sentence as the concept's `pair` says, completed from the document's two
most-named states. Conflicts between sources are `bilat.analysis.figures`.
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any


from bilat import vocab
from bilat.dates import find_dates
from bilat.model import Amount, Document, Figure
from bilat.nlp.amounts import find_amounts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

MAX_QUOTE = 300
CURRENCY = re.compile(r"^[A-Z]{3}$")  # an ISO 4217 code: the unit of money
_QUALIFIER = re.compile(
    r"\b(more than|over|nearly|almost|about|approximately|around|roughly|some|up to|at least|"
    r"less than|under|an estimated|estimated|just over|just under|exceeds?|exceeding)\s*$",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"\b(annual(ly)?|per (year|annum)|a year|each year|every year|yearly)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"https?://|www\.|\bdoi\b|\bVol(ume)?\.|\bNo\.\s*\d|\bpp?\.\s*\d", re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"^\s*(\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,3}[.)]\s+[A-Z\"“])")
_NOUN_MODS = {"compound", "amod", "nmod", "poss"}
_SKIP_MODS = {"det", "nummod", "quantmod", "punct", "predet", "advmod", "case"}


@functools.lru_cache(maxsize=4)
def load_subject_vocab(extra: tuple[str, ...] = ()) -> tuple[dict[str, str], frozenset[str]]:
    """(variant phrase -> canonical key, ignored modifiers) from data/figures.yaml and the
    `figures:` sections of user vocabulary files (see `bilat.vocab`)."""
    data = vocab.load("figures", extra)
    synonyms: dict[str, str] = {}
    for canon, variants in (data.get("synonyms") or {}).items():
        for v in [canon, *(variants or [])]:
            synonyms[str(v).lower()] = str(canon).lower()
    return synonyms, frozenset(str(w).lower() for w in data.get("ignore") or [])


def subject_key(subject: str, lemmas: list[str] | None = None) -> str:
    """Normalised subject: lemmas, stop words and generic modifiers dropped, synonyms mapped."""
    synonyms, ignore = load_subject_vocab()
    words = lemmas if lemmas is not None else re.findall(r"[a-z0-9][a-z0-9\-]*", subject.lower())
    words = [w.lower().strip(".") for w in words]
    phrase = " ".join(w for w in words if w)
    if phrase in synonyms:
        return synonyms[phrase]
    from spacy.lang.en.stop_words import STOP_WORDS

    kept = [w for w in words if w and w not in STOP_WORDS and w not in ignore and re.search(r"[a-z]", w)]
    key = " ".join(kept)
    return synonyms.get(key, key)


# ---------------------------------------------------------------- parse helpers
def _modifier_word(tok: "Token") -> bool:
    doc = tok.doc
    hyphenated = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" or tok.text == "-"
    if hyphenated:  # "two-way", "long-term"
        return True
    return tok.dep_ not in _SKIP_MODS and not tok.like_num and tok.pos_ != "VERB"


def _phrase_tokens(noun: "Token") -> list["Token"]:
    """The noun with its left modifiers (compounds, adjectives, "U.S."), without numbers
    or determiners; a verb form is kept only right beside the noun ("founding members",
    not "generating annual revenue")."""
    keep = [noun]
    for child in noun.lefts:
        if child.dep_ not in _NOUN_MODS or (child.pos_ == "VERB" and child.i != noun.i - 1):
            continue
        keep.extend(t for t in child.subtree if _modifier_word(t) or t == child)
    doc = noun.doc
    # the parser may hang a word of the previous line on the noun: stop at line breaks
    # (token by token: Doc.text would rebuild the whole document's string on every call)
    return sorted(
        {t for t in keep if not any("\n" in w.text_with_ws for w in doc[t.i : noun.i])},
        key=lambda t: t.i,
    )


_JUNK = re.compile(r"[\s.,;:¹²³⁴⁵⁶⁷⁸⁹⁰*\"'“”’]+$")


def _noun_phrase(noun: "Token") -> tuple[str, list[str]]:
    toks = _phrase_tokens(noun)
    text = _JUNK.sub("", "".join(t.text_with_ws for t in toks).strip())
    # nouns by lemma (plural and singular line up), other words as written ("founding")
    form = "".join((t.lemma_.lower() if t.pos_ in ("NOUN", "PROPN") else t.lower_) + t.whitespace_ for t in toks)
    words = [_JUNK.sub("", w).replace(".", "") for w in form.split()]
    return text, [w for w in words if w]


def _amount_root(span: "Span") -> "Token":
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head == tok:
            return tok
    return span.root


def _verb_subject(verb: "Token") -> "Token | None":
    for _ in range(3):  # climb through xcomp/auxiliary chains ("is estimated to bring")
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON":
            return subj
        if verb.dep_ in ("xcomp", "ccomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
        else:
            break
    return None


_OWNED_BY = frozenset({"of", "worth", "at", "valued", "totalling", "totaling", "amounting"})
_VALUED = frozenset({"valued", "estimated", "priced", "put", "pegged"})


def _inside(tok: "Token | None", sent: "Span") -> bool:
    return tok is not None and sent.start <= tok.i < sent.end


def find_subject(span: "Span", amount: Amount, sent: "Span | None" = None) -> tuple[str, list[str]]:
    """(subject text, its lemmas) of an amount span, following the rules in the module doc.

    Only tokens of `sent` are used: the parser's sentences sometimes run across a
    heading or a footnote, and a subject found there would belong to another claim.
    """
    sent = sent if sent is not None else span.sent
    root = _amount_root(span)
    is_count = not (CURRENCY.match(amount.unit) or amount.unit == "percent")
    after = range(span.end, sent.end)

    def phrase_after(tok: "Token") -> tuple[str, list[str]] | None:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "for") and child.i in after:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if _inside(obj, sent) and obj.pos_ in ("NOUN", "PROPN"):  # type: ignore[union-attr]
                    return _noun_phrase(obj)  # type: ignore[arg-type]
        return None

    # 1. the counted noun itself ("80 U.S. firms")
    if is_count:
        nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN") and not t.like_num]
        if nouns:
            return _noun_phrase(nouns[-1])
    # 2. a prepositional phrase the amount governs ("$88 billion in security assistance")
    found = phrase_after(root)
    if found:
        return found
    head = root.head
    # 3. "a surplus of $3 billion", "aid worth $2 billion", "a package valued at $1 billion"
    owner = head.head if head.lower_ in ("at", "of", "worth") and head.head.lower_ != head.lower_ else head
    if head.lower_ == "at" and owner.lower_ in _VALUED:
        owner = owner.head
    if head.lower_ in _OWNED_BY and _inside(owner, sent) and owner.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(owner)
    # 4. the subject of the governing verb, or what the verb spends the amount on
    verb = head.head if root.dep_ == "pobj" else head
    if _inside(verb, sent) and verb.pos_ in ("VERB", "AUX"):
        subj = _verb_subject(verb)
        if _inside(subj, sent):
            return _noun_phrase(subj)  # type: ignore[arg-type]
        found = phrase_after(verb)
        if found:
            return found
    if _inside(head, sent) and head.pos_ in ("NOUN", "PROPN") and head != root:
        return _noun_phrase(head)
    # 5. the parse is unusable here: the first noun phrase before the amount
    noun = next((t for t in sent if t.i < span.start and t.pos_ == "NOUN"), None)
    if noun is not None:
        return _noun_phrase(noun)
    return amount.unit, [amount.unit]


# ---------------------------------------------------------------- concepts
@dataclass(frozen=True)
class Concept:
    """One entry of `concepts` in data/figures.yaml."""

    name: str
    pair: str  # symmetric | directed | victims
    units: str  # money | count
    terms: tuple[tuple[str, ...], ...]  # normalised word sequences (see _norm_word)


PAIRS = ("symmetric", "directed", "victims")
UNIT_KINDS = ("money", "count")


def _norm_word(word: str) -> str:
    """Lower case without a final plural "s" ("sales" = "sale", "casualties" = "casualty")."""
    word = word.lower().strip(".,;:")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@functools.lru_cache(maxsize=4)
def load_concepts(extra: tuple[str, ...] = ()) -> tuple[tuple[Concept, ...], frozenset[str]]:
    """(concepts, generic subject words) from data/figures.yaml and the `figures:` sections of
    user vocabulary files. Raises VocabError for a pair or units value it does not know."""
    data = vocab.load("figures", extra)
    concepts = []
    for name, entry in (data.get("concepts") or {}).items():
        pair, units = entry.get("pair", "symmetric"), entry.get("units", "money")
        if pair not in PAIRS or units not in UNIT_KINDS:
            raise vocab.VocabError(f"figures.concepts.{name}: pair must be one of {', '.join(PAIRS)} "
                                   f"and units one of {', '.join(UNIT_KINDS)}")
        terms = tuple(tuple(_norm_word(w) for w in str(t).split()) for t in entry.get("terms") or [name])
        concepts.append(Concept(str(name), pair, units, terms))
    return tuple(concepts), frozenset(_norm_word(str(w)) for w in data.get("generic") or [])


def unit_kind(unit: str) -> str:
    return "money" if CURRENCY.match(unit) or unit == "percent" else "count"


def _term_hits(forms: list[set[str]], concepts: tuple[Concept, ...], kind: str) -> list[tuple[int, int, Concept]]:
    """(first word, length, concept) of every term found in a word sequence, where each word
    is given as the set of its normalised forms (text and lemma)."""
    hits = []
    for concept in concepts:
        if concept.units != kind:
            continue
        for term in concept.terms:
            for i in range(len(forms) - len(term) + 1):
                if all(term[k] in forms[i + k] for k in range(len(term))):
                    hits.append((i, len(term), concept))
    return hits


def find_concept(subject_lemmas: list[str], sent: "Span", span: "Span", unit: str) -> Concept | None:
    """The concept a figure measures: the longest term in its subject (`subject_lemmas`, as
    find_subject gives them); else, when the subject is generic or the figure is a count, the
    sentence's term nearest the amount (longest first)."""
    concepts, generic = load_concepts()
    kind = unit_kind(unit)
    subject = [{_norm_word(w)} for w in subject_lemmas]
    # the verb that governs the amount names it when the subject is the agent ("Chinese firms
    # invested $2 billion")
    verb = _amount_root(span).head
    verb_forms = [{_norm_word(verb.text), _norm_word(verb.lemma_)}] if verb.pos_ == "VERB" else []
    for words in (subject, verb_forms):
        hits = _term_hits(words, concepts, kind)
        if hits:
            return max(hits, key=lambda h: h[1])[2]
    if kind == "money" and subject and not {w for f in subject for w in f} & generic:
        return None
    tokens = list(sent)
    hits = _term_hits([{_norm_word(t.text), _norm_word(t.lemma_)} for t in tokens], concepts, kind)
    if not hits:
        return None
    centre = (span.start + span.end) / 2
    return min(hits, key=lambda h: (abs(tokens[h[0]].i - centre), -h[1]))[2]


def _target_position(tok: "Token") -> bool:
    """The actor token stands where a recipient does: after "to", "for", "in", "into",
    "with" ("aid to Pakistan", "investment in Pakistan", "trade with the U.S.")."""
    for node in (tok, tok.head):
        if node.dep_ == "pobj" and node.head.lower_ in ("to", "for", "in", "into", "with", "toward", "towards"):
            return True
    return False


def find_pair(concept: Concept | None, sent: "Span", span: "Span",
              doc_pair: tuple[str, str] | None) -> tuple[str | None, str | None]:
    """(source, target) of a figure, as the concept's `pair` says (see data/figures.yaml)."""
    if concept is None:
        return None, None
    from bilat.nlp.actors import STATE_KINDS

    found = [m for m in _resolver().find(sent) if m.code and m.kind in (*STATE_KINDS, "org") and not m.locative]
    codes = list(dict.fromkeys(m.code for m in found))
    pair = list(doc_pair or ())

    def other(code: str | None) -> str | None:
        rest = [c for c in pair if c != code]
        return rest[0] if code in pair and len(rest) == 1 else None

    if concept.pair == "symmetric":
        members = [c for c in codes if c in pair] + [c for c in codes if c not in pair]
        if len(members) == 1:
            members.append(other(members[0]))  # type: ignore[arg-type]
        members = [c for c in members if c] or pair
        return (tuple(sorted(members[:2])) + (None, None))[:2] if len(members) >= 2 else (None, None)
    if concept.pair == "victims":
        # the state named with the people counted ("24 Pakistani soldiers") lost them
        target = next((m.code for m in found if span.start <= m.start < span.end), None)
        if target is None:
            return None, None
        return next((c for c in codes if c != target), None) or other(target), target
    targets = [m.code for m in found if _target_position(sent.doc[m.start])]
    target = targets[0] if targets else None
    source = next((c for c in codes if c != target), None)
    if target is None and source is not None:
        target = other(source)
    elif source is None and target is not None:
        source = other(target)
    return source, target


@functools.lru_cache(maxsize=1)
def _resolver() -> Any:
    from bilat.nlp.actors import default_resolver

    return default_resolver()


def document_pair(spacy_doc: "Doc") -> tuple[str, str] | None:
    """The two states a parsed text names most (bilat.nlp.actors.main_pair)."""
    from bilat.nlp.actors import main_pair

    return main_pair(m for sent in spacy_doc.sents for m in _resolver().find(sent))


# ---------------------------------------------------------------- extraction
# Sentence ends the parser misses: line breaks (headings, list items) and a footnote
# marker after a full stop (".⁵ Similarly").
_HARD_BREAK = re.compile(r"\n\s*|(?<=[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰])\s+(?=\S)|(?<=[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰]{2})\s+(?=\S)")


def sentence_spans(doc: "Doc") -> list["Span"]:
    """The parser's sentences, split again at line breaks and footnote markers; found once per
    Doc (figures and recommendations both read them) and kept in `doc.user_data`."""
    cached = doc.user_data.get("bilat.sentence_spans")
    if cached is None:
        cached = doc.user_data["bilat.sentence_spans"] = _sentence_spans(doc)
    return list(cached)


def _sentence_spans(doc: "Doc") -> list["Span"]:
    out = []
    for sent in doc.sents:
        start = sent.start_char
        cuts = [m.end() + sent.start_char for m in _HARD_BREAK.finditer(sent.text)]
        for cut in [*cuts, sent.end_char]:
            span = doc.char_span(start, cut, alignment_mode="contract")
            if span is not None and span.text.strip():
                out.append(span)
            start = cut
    return out


def _is_reference(text: str) -> bool:
    return bool(_REFERENCE.search(text) or _FOOTNOTE_START.match(text))


_VAGUE = re.compile(r"\b(?:tens|hundreds|thousands|millions|billions|scores|dozens|several|many)\s+of\b", re.I)


@functools.lru_cache(maxsize=1)
def _participants() -> frozenset[str]:
    data = vocab.load("figures")
    return frozenset(str(w).lower() for w in data.get("participants") or [])


def _trivial(amount: Amount) -> bool:
    """Not a claim worth tracking: a vague quantity ("tens of thousands of jobs"), a count
    of one or two ("two wars"), or the parties themselves ("the three countries"; fifty
    nations petitioning is a figure)."""
    if _VAGUE.search(amount.text):
        return True
    if CURRENCY.match(amount.unit) or amount.unit == "percent":
        return False
    return amount.value <= 2 or (amount.value <= 3 and amount.unit.lower() in _participants())


# a total over several years: "over six years", "over the last 15 years", "in the next five years"
_DURATION = re.compile(r"\b(?:over|during|across|in|for|within)\s+(?:the\s+)?(?P<rel>last|past|next|following|coming)?"
                       r"\s*(?P<n>\d{1,2}|[a-z]+)[\s-]+years?\b", re.IGNORECASE)


def _years(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = vocab.load("currencies")["number_words"].get(word.lower())
    return int(value) if isinstance(value, int) and 1 < value < 100 else None


def _period(sent_text: str, sent_start: int, amount: Amount, published: str | None) -> str | None:
    """The period a figure holds for: the date nearest the amount ("2022", "2002/2017"), widened
    to a range by a duration beside the amount ("in 1981 ... over six years": "1981/1986");
    a duration alone counts back from publication ("over the last 15 years") or stays text
    ("5 years"); else "annual" when the sentence says so, else None."""
    a_start = (amount.start or sent_start) - sent_start
    near = sent_text[max(0, a_start - 40) : a_start + len(amount.text) + 40]
    span = _DURATION.search(near)
    n = _years(span["n"]) if span else None
    dates = [d for d in find_dates(sent_text, published, offset=sent_start) if d.value]
    if dates:
        centre = ((amount.start or 0) + (amount.end or 0)) / 2
        best = min(dates, key=lambda d: abs(((d.start or 0) + (d.end or 0)) / 2 - centre))
        if best.end_value and best.end_value != best.value:
            return f"{best.value}/{best.end_value}"
        if n and best.value and re.fullmatch(r"\d{4}", best.value) and span and not span["rel"]:
            return f"{best.value}/{int(best.value) + n - 1}"
        return best.value
    if n and span and span["rel"] and span["rel"].lower() in ("last", "past") and published:
        year = int(published[:4])
        return f"{year - n}/{year - 1}"
    if n:
        return f"{n} years"
    if _ANNUAL.search(sent_text[max(0, a_start - 40) : a_start + len(amount.text) + 20]):
        return "annual"
    return None


def _qualifier(text: str, amount: Amount, sent_text: str, sent_start: int) -> str | None:
    lead = sent_text[max(0, (amount.start or sent_start) - sent_start - 20) : (amount.start or sent_start) - sent_start]
    m = _QUALIFIER.search(lead) or re.match(_QUALIFIER.pattern.replace(r"\s*$", r"\b"), amount.text, re.IGNORECASE)
    return m.group(1).lower() if m else None


def _quote(doc_text: str, start: int, end: int, a_start: int, a_end: int) -> tuple[str, int, int]:
    """The sentence, or a window of at most MAX_QUOTE characters around the amount."""
    if end - start > MAX_QUOTE:
        mid = (a_start + a_end) // 2
        start = max(start, mid - MAX_QUOTE // 2)
        end = min(end, start + MAX_QUOTE)
        while start > 0 and doc_text[start - 1 : start].strip() and start < a_start:
            start += 1
        while end < len(doc_text) and doc_text[end : end + 1].strip() and end > a_end:
            end -= 1
    text = doc_text[start:end]
    lstrip = len(text) - len(text.lstrip())
    rstrip = len(text) - len(text.rstrip())
    return text.strip(), start + lstrip, end - rstrip


def extract_figures(document: Document, spacy_doc: "Doc", offset: int = 0,
                    pair: tuple[str, str] | None = None) -> list[Figure]:
    """Quantitative claims in a parsed document. `spacy_doc` is the parse of document.text,
    or of the chunk of it that starts at character `offset`; figures' offsets are into
    document.text either way. `pair`: the document's two most-named states, which complete
    a figure's parties when its sentence names one or none (found in `spacy_doc` if None)."""
    pair = pair or document_pair(spacy_doc)
    figures: list[Figure] = []
    for sent in sentence_spans(spacy_doc):
        text = sent.text
        if _is_reference(text):
            continue
        start, end = sent.start_char + offset, sent.end_char + offset
        for amount in find_amounts(text, offset=start):
            if _trivial(amount) or amount.start is None or amount.end is None:
                continue
            span = spacy_doc.char_span(amount.start - offset, amount.end - offset, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            subject, lemmas = find_subject(span, amount, sent)
            quote, q_start, q_end = _quote(document.text, start, end, amount.start, amount.end)
            concept = find_concept(lemmas, sent, span, amount.unit)
            source, target = find_pair(concept, sent, span, pair)
            figures.append(Figure(
                doc_id=document.id, subject=subject, value=float(amount.value), unit=amount.unit,
                quote=quote, start=q_start, end=q_end,
                period=_period(text, start, amount, document.published),
                subject_key=subject_key(subject, lemmas),
                qualifier=_qualifier(document.text, amount, text, start),
                id=f"{document.id}:f{len(figures) + 1}", doc=document.name,
                concept=concept.name if concept else None, source_actor=source, target_actor=target,
            ))
    log.debug("%s: %d figures", document.name, len(figures))
    return figures
