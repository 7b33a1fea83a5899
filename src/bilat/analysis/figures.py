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
(bilat.nlp.dates.find_dates), else "annual" when the sentence says so.
"""
from __future__ import annotations

import functools
from dataclasses import replace
import logging
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any


from bilat import vocab
from bilat.model import Amount, Document, Figure
from bilat.nlp.amounts import find_amounts
from bilat.nlp.dates import find_dates

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

MAX_QUOTE = 300
_CURRENCY = re.compile(r"^[A-Z]{3}$")
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
    is_count = not (_CURRENCY.match(amount.unit) or amount.unit == "percent")
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


# ---------------------------------------------------------------- extraction
# Sentence ends the parser misses: line breaks (headings, list items) and a footnote
# marker after a full stop (".⁵ Similarly").
_HARD_BREAK = re.compile(r"\n\s*|(?<=[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰])\s+(?=\S)|(?<=[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰]{2})\s+(?=\S)")


def sentence_spans(doc: "Doc") -> list["Span"]:
    """The parser's sentences, split again at line breaks and footnote markers."""
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
    if _CURRENCY.match(amount.unit) or amount.unit == "percent":
        return False
    return amount.value <= 2 or (amount.value <= 3 and amount.unit.lower() in _participants())


def _period(sent_text: str, sent_start: int, amount: Amount, published: str | None) -> str | None:
    dates = [d for d in find_dates(sent_text, published, offset=sent_start) if d.value]
    if dates:
        centre = ((amount.start or 0) + (amount.end or 0)) / 2
        best = min(dates, key=lambda d: abs(((d.start or 0) + (d.end or 0)) / 2 - centre))
        return f"{best.value}/{best.end_value}" if best.end_value and best.end_value != best.value else best.value
    a_start = (amount.start or sent_start) - sent_start
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


def extract_figures(document: Document, spacy_doc: "Doc", offset: int = 0) -> list[Figure]:
    """Quantitative claims in a parsed document. `spacy_doc` is the parse of document.text,
    or of the chunk of it that starts at character `offset`; figures' offsets are into
    document.text either way."""
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
            figures.append(Figure(
                doc_id=document.id, subject=subject, value=float(amount.value), unit=amount.unit,
                quote=quote, start=q_start, end=q_end,
                period=_period(text, start, amount, document.published),
                subject_key=subject_key(subject, lemmas),
                qualifier=_qualifier(document.text, amount, text, start),
                id=f"{document.id}:f{len(figures) + 1}", doc=document.name,
            ))
    log.debug("%s: %d figures", document.name, len(figures))
    return figures


# ---------------------------------------------------------------- conflicts
def _period_span(period: str | None) -> tuple[str, str] | None:
    if not period or not re.match(r"^\d{4}", period):
        return None
    first, _, last = period.partition("/")
    return first, last or first


def _dated(figure: Figure, published: str | None) -> Figure:
    if figure.period or not published:
        return figure
    return replace(figure, period=published[:4])


def periods_overlap(a: str | None, b: str | None) -> bool:
    """Partial ISO periods overlap when their ranges meet; an unknown or textual period
    ("annual", None) overlaps anything, since the claim does not say when it holds."""
    sa, sb = _period_span(a), _period_span(b)
    if sa is None or sb is None:
        return True
    (a0, a1), (b0, b1) = sa, sb
    # compare at the precision of the coarser bound ("2022" overlaps "2022-05")
    return a0[: len(b1)] <= b1 and b0[: len(a1)] <= a1


def find_conflicts(
    figures: list[Figure], tolerance: float = 0.10, published: dict[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """Sources that disagree about the same quantity.

    Figures with the same subject_key and unit, from different documents, whose
    periods overlap (see periods_overlap) and whose values differ by more than
    `tolerance` of the larger value are linked; each connected group is one
    conflict {subject, unit, period, values: [{value, doc, quote}]}.

    `published` maps document ids to publication dates: a figure that names no
    period speaks of the time of writing, so it takes its document's year
    ("aid at stake this year" in a 1990 report does not contradict a 2018 total).
    """
    if published:
        figures = [_dated(f, published.get(f.doc_id)) for f in figures]
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        # a bare counted noun ("18 million people" -> key "people") says nothing about what is counted
        if f.subject_key and f.subject_key not in (f.unit.lower(), subject_key(f.unit)):
            groups[(f.subject_key, f.unit)].append(f)
    conflicts = []
    for (key, unit), items in sorted(groups.items()):
        parent = list(range(len(items)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        linked: set[int] = set()
        for i, a in enumerate(items):
            for j in range(i + 1, len(items)):
                b = items[j]
                if a.doc_id == b.doc_id:
                    continue  # one source giving two numbers is usually two claims (a total and a part)
                top = max(abs(a.value), abs(b.value))
                if top and abs(a.value - b.value) / top > tolerance and periods_overlap(a.period, b.period):
                    parent[find(i)] = find(j)
                    linked.update((i, j))
        sets: dict[int, list[int]] = defaultdict(list)
        for i in sorted(linked):
            sets[find(i)].append(i)
        for members in sets.values():
            periods = sorted({p for i in members if (p := items[i].period)})
            conflicts.append({
                "subject": key, "unit": unit, "period": ", ".join(periods) or None,
                "values": [{"value": items[i].value, "doc": items[i].doc or items[i].doc_id,
                            "quote": items[i].quote} for i in members],
            })
    return conflicts
