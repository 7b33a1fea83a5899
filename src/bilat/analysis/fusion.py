"""Fuse event mentions that report the same real-world happening into one Event.

Two mentions are candidates for the same event when

* their categories belong to one family (``families`` in data/weights.yaml),
* their actors do not contradict each other (order-insensitive for the
  ``symmetric`` categories; a missing actor is a weak match, not a conflict),
* their dates are compatible: the periods they denote overlap (2011 contains
  2011-05-02, a decade contains its years) or lie a couple of days / one month
  apart at fine precision (kept as a disagreement); an unknown date is weakly
  compatible with anything.

Compatible pairs get a similarity that mixes date agreement, actor agreement
and the lexical similarity of their quotes (TF-IDF cosine in which proper nouns
and numbers weigh double; MiniLM embeddings are used in addition when
``sentence_transformers`` and the model are importable). Mentions are then
grouped by average-link agglomerative clustering with cannot-link constraints:
two groups merge only when their *average* pairwise similarity clears the
threshold and no pair across them is incompatible, which avoids the chaining of
single-link clustering.
"""
from __future__ import annotations

import functools
import hashlib
import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bilat.analysis.index import load_weights
from bilat.model import Citation, Document, Event, EventMention

log = logging.getLogger(__name__)

THRESHOLD = 0.40
# Mentions in one document that are not worded alike are usually distinct
# happenings (a statement listing five measures taken the same day); a repeat in
# one document must share its wording, not just its date and actors.
SAME_DOC_PENALTY = 0.25
W_TEXT, W_DATE, W_ACTOR = 0.45, 0.35, 0.20
PRECISION_RANK = {"day": 4, "month": 3, "year": 2, "decade": 1, None: 0}
AMOUNT_TOLERANCE = 0.10

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    s t said says say which thus however also among amid since per via""".split()
)


# ---------------------------------------------------------------- dates
@dataclass(frozen=True)
class _Span:
    lo: date
    hi: date
    precision: str


def _date_span(value: str | None, precision: str | None) -> _Span | None:
    """The period a partial date denotes, or None when unknown/unparseable."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value))
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    prec = precision or ("day" if d else "month" if mo else "year")
    try:
        if prec == "decade":
            start = y - y % 10
            return _Span(date(start, 1, 1), date(start + 9, 12, 31), "decade")
        if prec == "day" and mo and d:
            return _Span(date(y, mo, d), date(y, mo, d), "day")
        if prec in ("day", "month") and mo:
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return _Span(date(y, mo, 1), nxt - timedelta(days=1), "month")
        return _Span(date(y, 1, 1), date(y, 12, 31), "year")
    except ValueError:
        return None


def date_agreement(a: EventMention, b: EventMention) -> tuple[float | None, bool]:
    """(score in 0..1, near_miss) for two mentions' dates; score None = incompatible.

    near_miss marks dates that do not overlap but are close enough to be
    differing reports of one happening (kept as a disagreement).
    """
    sa, sb = _date_span(a.date, a.date_precision), _date_span(b.date, b.date_precision)
    if sa is None or sb is None:
        return 0.25, False
    coarse = min(PRECISION_RANK[sa.precision], PRECISION_RANK[sb.precision])
    if sa.lo <= sb.hi and sb.lo <= sa.hi:
        return {4: 1.0, 3: 0.9, 2: 0.75, 1: 0.4}.get(coarse, 0.25), False
    gap = max((sb.lo - sa.hi).days, (sa.lo - sb.hi).days)
    if coarse >= 4 and gap <= 2:  # time zones, "overnight": one happening, two dates
        return 0.6, True
    return None, False


# ---------------------------------------------------------------- actors
@functools.lru_cache(maxsize=4096)  # a handful of codes, compared millions of times
def _fold(actor: str | None) -> str | None:
    if not actor:
        return None
    actor = actor.strip()
    m = re.fullmatch(r"([A-Z]{3})[._\-][A-Z0-9._\-]+", actor)
    return (m.group(1) if m else actor).lower()


def actor_agreement(a: EventMention, b: EventMention, symmetric: frozenset[str]) -> float | None:
    """1.0 same actors, 0.6 one side unknown, None when they contradict."""
    pa = (_fold(a.source_actor), _fold(a.target_actor))
    pb = (_fold(b.source_actor), _fold(b.target_actor))
    if a.category in symmetric or b.category in symmetric:
        sa, sb = {x for x in pa if x}, {x for x in pb if x}
        if not sa or not sb:
            return 0.3
        if sa == sb:
            return 1.0
        if sa <= sb or sb <= sa:
            return 0.6 if len(sa | sb) <= 2 else None
        return None
    score = 1.0
    for x, y in zip(pa, pb):
        if x and y:
            if x != y:
                return None
        elif x or y:
            score -= 0.4
        else:
            score -= 0.2
    return max(score, 0.2)


# ---------------------------------------------------------------- text
def _tokens(text: str) -> Counter[str]:
    """Content tokens; proper nouns and numbers counted twice so they weigh more."""
    out: Counter[str] = Counter()
    for i, m in enumerate(_TOKEN.finditer(text or "")):
        raw = m.group(0)
        low = raw.lower().replace(",", "")
        if low in _STOP or len(low) < 2 and not low.isdigit():
            continue
        if low.endswith("'s"):
            low = low[:-2]
        if len(low) > 4 and low.endswith("s") and not low.endswith("ss"):
            low = low[:-1]
        weight = 2 if (raw[0].isupper() and i > 0) or raw[0].isdigit() else 1
        out[low] += weight
    return out


class _Lexical:
    """TF-IDF cosine between the quotes of one batch of mentions."""

    def __init__(self, texts: list[str], corpus: tuple[int, dict[str, int]] | None = None) -> None:
        """`corpus`: (mentions, {term: mentions with it}) of the whole store when these texts are
        only the part being fused again, so that weights are those a fusion of all would use."""
        self.bags = [_tokens(t) for t in texts]
        df: Counter[str] = Counter()
        for bag in self.bags:
            df.update(bag.keys())
        n = len(texts)
        if corpus is not None:  # a term the store has not counted keeps its local count
            n, df = max(corpus[0], n), Counter({t: max(c, corpus[1].get(t, 0)) for t, c in df.items()})
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self.vecs = []
        for bag in self.bags:
            vec = {t: w * self.idf[t] for t, w in bag.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vecs.append({t: v / norm for t, v in vec.items()})

    def sim(self, i: int, j: int) -> float:
        a, b = self.vecs[i], self.vecs[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(t, 0.0) for t, v in a.items())


def _embedding_sims(texts: list[str]):  # pragma: no cover - optional extra
    """Cosine matrix from MiniLM if the optional embed extra is installed, else None."""
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore
    except ImportError:
        return None
    try:
        model = SentenceTransformer("all-MiniLM-L6-v2", local_files_only=True)
        emb = model.encode(texts, normalize_embeddings=True)
    except Exception as err:  # model files absent: lexical similarity alone
        log.info("embeddings unavailable (%s); using lexical similarity only", err)
        return None
    return emb @ emb.T


# ---------------------------------------------------------------- clustering
def _family_map(weights: dict) -> dict[str, int]:
    fam: dict[str, int] = {}
    for n, group in enumerate(weights.get("families", [])):
        for cat in group:
            fam[str(cat).upper()] = n
    return fam


def _candidate_pairs(mentions: list[EventMention], family: dict[str, int]) -> set[tuple[int, int]]:
    """Pairs sharing a category family and at least one actor (blocking keeps this sparse)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        fam = family.get(m.category.upper(), m.category.upper())
        actors = {_fold(m.source_actor), _fold(m.target_actor)} - {None}
        for a in actors or {"*"}:
            blocks[(fam, a)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def pair_similarity(
    a: EventMention, b: EventMention, text_sim: float, symmetric: frozenset[str]
) -> float | None:
    """Similarity of two mentions in one family; None when they cannot be one event."""
    if a.doc_id == b.doc_id and (a.start, a.end) == (b.start, b.end) and not (a.trigger and a.trigger == b.trigger):
        return None  # two events the extractor found in one sentence are two happenings
    d, _ = date_agreement(a, b)
    if d is None:
        return None
    act = actor_agreement(a, b, symmetric)
    if act is None:
        return None
    if a.doc_id == b.doc_id:
        # one document's events mostly share its dates and actors: only wording tells a repeat
        d = min(d, 0.25)
    score = W_TEXT * text_sim + W_DATE * d + W_ACTOR * act
    if a.doc_id == b.doc_id and text_sim < 0.7:
        score -= SAME_DOC_PENALTY
    return score


def cluster(n: int, sims: dict[tuple[int, int], float | None], threshold: float = THRESHOLD) -> list[list[int]]:
    """Average-link agglomerative clustering over a sparse similarity graph.

    Missing pairs count as similarity 0; a None pair is a cannot-link.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, list]] = defaultdict(dict)  # c -> d -> [sum, blocked]
    for (i, j), s in sims.items():
        links[i][j] = [s or 0.0, s is None]
        links[j][i] = links[i][j]
    heap: list[tuple[float, int, int]] = []

    def push(c: int, d: int) -> None:
        total, blocked = links[c][d]
        if not blocked:
            avg = total / (len(members[c]) * len(members[d]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(c, d), max(c, d)))

    for c in list(links):
        for d in links[c]:
            if c < d:
                push(c, d)
    next_id = n
    while heap:
        neg, c, d = heapq.heappop(heap)
        if c not in members or d not in members or d not in links[c]:
            continue
        total, blocked = links[c][d]
        avg = total / (len(members[c]) * len(members[d]))
        if blocked or abs(avg + neg) > 1e-9:
            continue
        new = next_id
        next_id += 1
        members[new] = members.pop(c) + members.pop(d)
        merged: dict[int, list] = {}
        for old in (c, d):
            for other, (s, b) in links.pop(old).items():
                if other in (c, d):
                    continue
                links[other].pop(old, None)
                acc = merged.setdefault(other, [0.0, False])
                acc[0] += s
                acc[1] = acc[1] or b
        for other, acc in merged.items():
            links[new][other] = acc
            links[other][new] = acc
            push(new, other)
    return sorted((sorted(v) for v in members.values()), key=lambda g: g[0])


# ---------------------------------------------------------------- events
def event_id(mention_ids: Iterable[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(mention_ids)).encode()).hexdigest()
    return f"ev_{digest[:12]}"


def _best(group: list[EventMention]) -> EventMention:
    return max(group, key=lambda m: (m.confidence, PRECISION_RANK.get(m.date_precision, 0), len(m.quote)))


def _label(m: EventMention) -> str:
    return m.doc or m.doc_id


def _disagreements(group: list[EventMention]) -> list[str]:
    out: list[str] = []
    modalities = defaultdict(list)
    for m in group:
        modalities[m.modality].append(_label(m))
    if len(modalities) > 1:
        out.append("modality: " + " vs ".join(f"{k} ({', '.join(sorted(set(v)))})" for k, v in sorted(modalities.items())))
    by_unit = defaultdict(list)
    for m in group:
        if m.amount is not None:
            by_unit[m.amount.unit].append(m)
    for unit, ms in sorted(by_unit.items()):
        values = [m.amount.value for m in ms if m.amount]
        lo, hi = min(values), max(values)
        if hi and (hi - lo) / abs(hi) > AMOUNT_TOLERANCE:
            out.append("amount: " + " vs ".join(f"{m.amount.text or m.amount.value} {unit} ({_label(m)})" for m in ms if m.amount))
    dated = [m for m in group if m.date]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            _, near = date_agreement(a, b)
            if near:
                out.append(f"date: {a.date} ({_label(a)}) vs {b.date} ({_label(b)})")
    return out


def to_event(group: list[EventMention], documents: dict[str, Document], weights: dict) -> Event:
    """One Event from its member mentions (fields from the best, citations from all)."""
    best = _best(group)
    dated = sorted((m for m in group if m.date), key=lambda m: -PRECISION_RANK.get(m.date_precision, 0))
    when = best if best.date else (dated[0] if dated else best)
    source = best.source_actor or next((m.source_actor for m in group if m.source_actor), None)
    target = best.target_actor or next((m.target_actor for m in group if m.target_actor), None)
    amount = best.amount or next((m.amount for m in group if m.amount), None)
    themes = sorted({t for m in group for t in m.themes})
    intensity = best.intensity or float(weights.get("categories", {}).get(best.category, 0.0))
    citations = []
    for m in sorted(group, key=lambda m: (m.doc_id, m.start)):
        doc = documents.get(m.doc_id)
        citations.append(
            Citation(
                mention_id=m.id, doc_id=m.doc_id, doc=m.doc or (doc.name if doc else m.doc_id),
                source=doc.source if doc else m.doc, quote=m.quote, start=m.start, end=m.end,
                publisher=doc.publisher if doc else None, published=doc.published if doc else None,
                modality=m.modality,
            )
        )
    return Event(
        id=event_id(m.id or f"{m.doc_id}:{m.start}:{m.category}" for m in group),
        category=best.category, source_actor=source, target_actor=target,
        date=when.date, date_precision=when.date_precision, modality=best.modality, quote=best.quote,
        intensity=intensity, themes=themes, amount=amount, citations=citations,
        disagreements=_disagreements(group), date_basis=when.date_basis if when.date else None,
        **_interval(group, when),
    )


def _interval(group: list[EventMention], when: EventMention) -> dict[str, str | None]:
    """The interval of the mention that dates the event, else of the first member that has one
    (an undated "in the 1960s" report fused with others)."""
    src = when if when.date_start else next((m for m in group if m.date_start), None)
    if src is None or (when.date and src is not when):
        return {"date_start": None, "date_end": None}
    return {"date_start": src.date_start, "date_end": src.date_end}


def fuse(
    mentions: list[EventMention],
    documents: dict[str, Document],
    threshold: float = THRESHOLD,
    weights: dict | None = None,
    embeddings: bool = True,
) -> list[Event]:
    """One Event per real-world happening, citing every mention that reports it.

    `documents` maps doc_id to Document (for citations' source, publisher, date).
    The event's fields come from its best mention (highest confidence, then most
    precise date); a date missing there is taken from the most precisely dated
    member. Events are returned in mention order of their first member.
    """
    if not mentions:
        return []
    weights = weights or load_weights()
    groups = fuse_groups(mentions, threshold, weights, embeddings)
    log.debug("fused %d mentions into %d events", len(mentions), len(groups))
    return [to_event([mentions[i] for i in g], documents, weights) for g in groups]


def fuse_groups(
    mentions: list[EventMention],
    threshold: float = THRESHOLD,
    weights: dict | None = None,
    embeddings: bool = True,
    corpus: tuple[int, dict[str, int]] | None = None,
) -> list[list[int]]:
    """Indexes into `mentions` of each event's members, groups ordered by their first member.
    `corpus` gives the term counts of a larger whole these mentions are part of (see _Lexical)."""
    weights = weights or load_weights()
    family = _family_map(weights)
    symmetric = frozenset(str(c).upper() for c in weights.get("symmetric", []))
    lexical = _Lexical([m.quote for m in mentions], corpus)
    emb = _embedding_sims([m.quote for m in mentions]) if embeddings else None
    sims: dict[tuple[int, int], float | None] = {}
    for i, j in _candidate_pairs(mentions, family):
        text = lexical.sim(i, j)
        if emb is not None:  # pragma: no cover - optional extra
            text = max(text, 0.8 * float(emb[i, j]) - 0.2)
        sims[(i, j)] = pair_similarity(mentions[i], mentions[j], text, symmetric)
    return cluster(len(mentions), sims, threshold)


def family_of(category: str, weights: dict) -> str:
    """The category family a mention is blocked by (its category when in no family)."""
    fam = _family_map(weights).get(category.upper())
    return f"f{fam}" if fam is not None else category.upper()


def fold_actor(actor: str | None) -> str | None:
    """An actor code as fusion compares it: lower case, sub-codes dropped (USA.GOV -> usa)."""
    return _fold(actor)


def date_span(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """(first day, last day) of the period a partial date denotes, None when unknown."""
    span = _date_span(value, precision)
    return (span.lo, span.hi) if span else None


def quote_terms(quote: str) -> set[str]:
    """The terms of a quote that fusion's TF-IDF counts."""
    return set(_tokens(quote))
