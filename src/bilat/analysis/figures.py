"""Conflicts between sources over a figure: the same concept, parties and unit, overlapping
or unstated periods, different sources, values more than a tolerance apart (the figures
themselves are read per document by `bilat.nlp.figures`)."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from bilat.model import Figure
from bilat.nlp.figures import CURRENCY, load_concepts, unit_kind


# ---------------------------------------------------------------- conflicts
def _period_span(period: str | None) -> tuple[str, str] | None:
    if not period or not re.match(r"^\d{4}", period):
        return None
    first, _, last = period.partition("/")
    return first, last or first


def periods_overlap(a: str | None, b: str | None) -> bool:
    """Partial ISO periods overlap when their ranges meet; an unknown or textual period
    ("annual", None) overlaps anything, since the claim does not say when it holds."""
    sa, sb = _period_span(a), _period_span(b)
    if sa is None or sb is None:
        return True
    (a0, a1), (b0, b1) = sa, sb
    # compare at the precision of the coarser bound ("2022" overlaps "2022-05")
    return a0[: len(b1)] <= b1 and b0[: len(a1)] <= a1


def _length(period: str | None) -> int | None:
    """Years a period spans beyond its first (0 for one year or less), None when unstated."""
    span = _period_span(period)
    if span is not None:
        return int(span[1][:4]) - int(span[0][:4])
    m = re.fullmatch(r"(\d+) years", period or "")
    return int(m.group(1)) - 1 if m else None


def comparable_periods(a: str | None, b: str | None) -> bool:
    """Two figures' periods allow comparing their values: overlapping, of one length and one
    precision (a total over 2002/2017 is not one year's figure, nor a month's a year's); a
    period that is not stated (or "annual") compares with any but a total over several years."""
    la, lb = _length(a), _length(b)
    if la is None or lb is None:
        return not (la or lb)
    sa, sb = _period_span(a), _period_span(b)
    if sa is None or sb is None:  # "5 years" beside a dated range: as long, maybe the same
        return la == lb
    return periods_overlap(a, b) and len(sa[0]) == len(sb[0]) and la == lb


def dyad_label(figure: Figure) -> str | None:
    """"USA → PAK" for a directed concept, "PAK–USA" for a symmetric one, None if unknown."""
    if not (figure.source_actor or figure.target_actor):
        return None
    concepts = {c.name: c for c in load_concepts()[0]}
    concept = concepts.get(figure.concept or "")
    if concept is not None and concept.pair == "symmetric":
        return "–".join(c for c in (figure.source_actor, figure.target_actor) if c)
    return f"{figure.source_actor or '?'} → {figure.target_actor or '?'}"


def _conflict_key(f: Figure) -> tuple[str, str, str, str] | None:
    """(concept, source, target, unit) under which figures are compared, or None: a figure
    with no concept or no known party is compared with nothing. Money compares within one
    currency, counts across counted nouns ("soldiers", "troops")."""
    if not f.concept or not (f.source_actor or f.target_actor):
        return None
    unit = f.unit if unit_kind(f.unit) == "money" else "count"
    return f.concept, f.source_actor or "", f.target_actor or "", unit


def find_conflicts(
    figures: list[Figure], tolerance: float = 0.10, published: dict[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """Sources that disagree about one quantity.

    Figures of the same concept and parties (and unit: one currency, or any count), from
    different documents, whose periods are unstated or overlap with one length
    (comparable_periods), and whose values differ by more than `tolerance` of the larger
    value are linked; each connected group is one conflict::

        {id, concept, subject (= concept), dyad ("PAK–USA", "USA → PAK"), source_actor,
         target_actor, unit, period (the stated periods, ", "-joined, or None),
         values: [{figure, value, doc, period, published, qualifier, quote}]}

    `published` maps document ids to publication dates, shown beside each value so the
    reader can judge an unstated period.
    """
    published = published or {}
    groups: dict[tuple[str, str, str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        key = _conflict_key(f)
        if key is not None:
            groups[key].append(f)
    conflicts: list[dict[str, Any]] = []
    for (concept, source, target, unit), items in sorted(groups.items()):
        for members in _disagreeing(items, tolerance):
            first = items[members[0]]
            periods = sorted({p for i in members if (p := items[i].period)})
            conflicts.append({
                "id": f"c{len(conflicts) + 1}", "concept": concept, "subject": concept,
                "dyad": dyad_label(first), "source_actor": source or None, "target_actor": target or None,
                "unit": unit, "period": ", ".join(periods) or None,
                "values": [{"figure": items[i].id, "value": items[i].value, "doc": items[i].doc or items[i].doc_id,
                            "period": items[i].period, "published": published.get(items[i].doc_id),
                            "qualifier": items[i].qualifier, "quote": items[i].quote} for i in members],
            })
    return conflicts


def _disagreeing(items: list[Figure], tolerance: float) -> list[list[int]]:
    """Connected groups (indexes into `items`) of figures linked by pairwise disagreement."""
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
            if top and abs(a.value - b.value) / top > tolerance and comparable_periods(a.period, b.period):
                parent[find(i)] = find(j)
                linked.update((i, j))
    sets: dict[int, list[int]] = defaultdict(list)
    for i in sorted(linked):
        sets[find(i)].append(i)
    return list(sets.values())


class ConflictStore(Protocol):
    """What `stored_conflicts` needs from the store (bilat.store.Store provides it)."""

    def conflict_candidates(self, money_pattern: str, money_units: Sequence[str]
                            ) -> tuple[list[Figure], dict[str, str | None]]: ...


def stored_conflicts(store: ConflictStore, tolerance: float = 0.10) -> list[dict[str, Any]]:
    """`find_conflicts` over the stored figures, reading only the groups (concept, parties,
    unit) that hold values from two documents or more that are not all equal: the same
    conflicts, in the same order, with the same ids."""
    figures, published = store.conflict_candidates(CURRENCY.pattern, ("percent",))
    return find_conflicts(figures, tolerance, published=published)
