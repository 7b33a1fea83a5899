"""An event's date: which of its sentence's dates (bilat.dates.find_dates) says when the
happening took place.

`date_by_parse` chooses by the dependency parse (the trigger's own clause, then a clause
governing it, then the rest); `date_for_event` breaks ties by position and clause breaks in
the text. `tree_distance` measures a parse for other readers of it (characterizations).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bilat.model import PartialDate

if TYPE_CHECKING:
    from spacy.tokens import Token

_CLAUSE_BREAK = re.compile(
    r"[;:()\u2014]|\s\u2013\s|\s-\s|,\s+(?:but|while|whereas|although|though|which|who|when|after which)\b",
    re.IGNORECASE,
)

_REFERENCE_POINTS = ("since", "until", "till", "prior to")


def date_for_event(
    dates: list[PartialDate], trigger_char: int, text: str | None = None, offset: int = 0
) -> PartialDate | None:
    """The date that governs an event whose trigger starts at `trigger_char`.

    Prefers the nearest date after the trigger in the same clause, then the
    nearest before it in the same clause, then dates in other clauses (after,
    then before). `text` (the sentence, starting at `offset`) lets clause breaks
    be seen; without it every date counts as in the same clause.
    """
    best: tuple[int, PartialDate] | None = None
    for d in dates:
        start = d.start if d.start is not None else 0
        end = d.end if d.end is not None else start
        after = start >= trigger_char
        lo, hi = (trigger_char, start) if after else (end, trigger_char)
        dist = max(0, hi - lo)
        same = True
        if text is not None:
            same = _CLAUSE_BREAK.search(text, max(0, lo - offset), max(0, hi - offset)) is None
        rank = (0 if after else 1) + (0 if same else 2)
        if len(dates) > 1 and (d.text or "").lower().startswith(_REFERENCE_POINTS):
            rank += 4  # "the first talks since 2016" in 2023: a reference point, not the date
        score = rank * 10_000 + dist
        if best is None or score < best[0]:
            best = (score, d)
    return best[1] if best else None


def _clause_owner(tok: "Token", stops: set[int]) -> "Token | None":
    """The happening a token belongs to: its nearest ancestor-or-self that is a verb or an
    event trigger; an infinitive complement ("agreed to sign") belongs to its governor."""
    while True:
        if tok.i in stops or (tok.pos_ == "VERB" and tok.dep_ != "xcomp"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head


def tree_distance(a: "Token", b: "Token") -> int:
    """Edges between two tokens of one parse through their lowest common ancestor (99 when
    they share none)."""
    up = {a.i: 0}
    for n, anc in enumerate(a.ancestors, 1):
        up[anc.i] = n
    if b.i in up:
        return up[b.i]
    for n, anc in enumerate(b.ancestors, 1):
        if anc.i in up:
            return up[anc.i] + n
    return 99


def date_by_parse(
    dates: list[PartialDate], trigger: "Token", stops: set[int], text: str | None = None, offset: int = 0
) -> PartialDate | None:
    """The date of the happening whose trigger is `trigger`, chosen by the dependency parse.

    A date belongs to the happening (verb or event noun in `stops`) that most closely governs
    it: "the 2004 pact" and "signed in 2004" date the pact, while "after the 2001 invasion"
    dates the invasion. Dates of the trigger's own clause come first, then those of a clause
    governing it, then the rest; ties are broken by :func:`date_for_event`. A date inside a
    relative clause that does not hold the trigger is that clause's, and a year in an
    instrument's name is the instrument's: None when only such dates are left.
    """
    doc = trigger.doc
    stops = stops | {trigger.i}
    own = _clause_owner(trigger, stops - {trigger.i}) if trigger.pos_ != "VERB" else trigger
    ranked: dict[int, list[PartialDate]] = {}
    hops: dict[int, int] = {}
    kept = []
    for d in dates:
        known = d.start is not None and d.end is not None
        span = doc.char_span(d.start, d.end, alignment_mode="expand") if known else None  # type: ignore[arg-type]
        if span is not None and len(span) and _in_other_relative_clause(span.root, trigger):
            continue
        if d.basis == "name" and (span is None or not len(span) or not _names_trigger(span.root, trigger)):
            continue
        kept.append(d)
        if span is None or not len(span):
            ranked.setdefault(2, []).append(d)
            continue
        owner = _clause_owner(span.root, stops)
        if owner is None:
            rank = 2
        elif owner.i == trigger.i or (own is not None and owner.i == own.i):
            rank = 0
        elif any(a.i == owner.i for a in trigger.ancestors):
            rank = 1  # a clause that governs the trigger's
        else:
            rank = 2
        ranked.setdefault(rank, []).append(d)
        hops[id(d)] = tree_distance(span.root, trigger)
    for rank in sorted(ranked):
        group = ranked[rank]
        if rank < 2 and all((d.text or "").lower().startswith(_REFERENCE_POINTS) for d in group):
            continue  # "since 2016" only marks a point of reference
        if rank < 2:  # the date closest in the tree: "the 2004 pact, which X signed, ..."
            nearest = min(hops.get(id(d), 99) for d in group)
            group = [d for d in group if hops.get(id(d), 99) == nearest]
        return date_for_event(group, trigger.idx, text, offset)
    return date_for_event(kept, trigger.idx, text, offset)


def _names_trigger(tok: "Token", trigger: "Token") -> bool:
    """A year inside an instrument's name dates that instrument only when the instrument is
    itself the trigger ("signed the 1950 Friendship Treaty"), not a verb governing it ("acted
    under the Aid Act of 1961")."""
    for anc in tok.ancestors:
        if anc.i == trigger.i:
            return trigger.pos_ != "VERB"
        if anc.pos_ in ("VERB", "AUX"):
            return False
    return False


def _in_other_relative_clause(tok: "Token", trigger: "Token") -> bool:
    """The token sits in a relative clause that does not hold the trigger ("quit the pact that
    it had joined in 1996"): that clause's date belongs to the clause, not to the trigger."""
    clause = next((a for a in [tok, *tok.ancestors] if a.dep_ == "relcl"), None)
    if clause is None:
        return False
    return clause.i != trigger.i and all(a.i != clause.i for a in trigger.ancestors)
