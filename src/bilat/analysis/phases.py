"""Phases of a relationship: change points in the dyad's cooperation and conflict.

Two views of the same data are segmented, whichever has enough evidence:

* **Events** (preferred, at least ``2 * MIN_EVENTS`` dated, occurred dyad
  events): the fused events in date order form a series of PLOVER intensities
  (decade-dated events sit in the middle of their decade). PELT (ruptures,
  least-squares cost, at least ``MIN_EVENTS`` events a segment) finds the
  change points with the penalty ``BETA * var(x) * log(n)``. Single events are
  noisy (a visit and a sanction can share a month), so the penalty is
  relative to the series' own spread: a split must explain a good part of it.
  Sparse yearly indexes, full of gaps, hide such shifts; the event series
  does not.
* **Index points** otherwise: the populated periods of the index (gaps are
  skipped, not read as zeros) with the BIC-like penalty ``2 * sigma^2 * log(n)``,
  where ``sigma`` is the noise level estimated from the median absolute
  difference of consecutive scores. Fewer than three periods are one phase.

Characterizations ("relations cooled after 1989", "close allies in the 1950s") join the
event series as items of their own, valued by their label (``characterizations`` in
data/weights.yaml: engagement +5, estrangement -5, mixed 0). An event or characterization
dated by an interval only ("in the 1960s", "since 2001") sits in the middle of it and
weighs ``1/years`` of a dated item in its phase's mean (at least ``min_interval_share``),
so one vague mention does not outweigh several dated ones.

Each phase is labelled by its weighted mean: ``engagement`` above ``+threshold``,
``estrangement`` below ``-threshold``, ``mixed`` between; neighbouring
segments with the same label are merged.

Each phase reports its evidence, events and characterizations together (`Phase.evidence`):
first those whose sign agrees with the label (for a mixed phase, mixed characterizations and
the events nearest zero), occurred dyad events reported by the most sources first, then the
rest by strength. A phase with fewer than ``MIN_EVIDENCE`` pieces of evidence is kept and
marked ``weak``.
"""
from __future__ import annotations

import logging
import math
from datetime import date, timedelta

import numpy as np

from bilat import vocab
from bilat.analysis.index import _fold, category_weights, involves_dyad
from bilat.model import Characterization, Event, Evidence, IndexPoint, Phase

log = logging.getLogger(__name__)

THRESHOLD = 1.0  # on the PLOVER -10..+10 scale
TOP_EVENTS = 5
MIN_EVENTS = 3
BETA = 0.5
MIN_EVIDENCE = 3  # fewer pieces of evidence than this: the phase is weakly supported
# the shortest run of items the change-point search may make a phase of: shorter than
# MIN_EVIDENCE, so a short spell told by two items is found, and marked weak, not absorbed
MIN_SIZE = 2
EVIDENCE = 8  # pieces of evidence reported per phase


def _penalty(signal: np.ndarray) -> float:
    n = len(signal)
    diffs = np.abs(np.diff(signal))
    sigma = float(np.median(diffs)) / 0.6745 / math.sqrt(2) if len(diffs) else 0.0
    if sigma <= 1e-9:
        # piecewise-constant series: only jumps differ from zero; use a share of the spread
        sigma = math.sqrt(max(0.05 * float(np.var(signal)), 1e-6))
    return 2.0 * sigma**2 * math.log(max(n, 2))


def segment(signal: list[float]) -> list[tuple[int, int]]:
    """[(first, last)] index ranges of the segments of `signal` (inclusive)."""
    n = len(signal)
    if n < 3:
        return [(0, n - 1)] if n else []
    import ruptures  # imported here: only phases need it

    arr = np.asarray(signal, dtype=float).reshape(-1, 1)
    min_size = 2 if n >= 6 else 1
    try:
        breaks = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(arr).predict(pen=_penalty(arr[:, 0]))
    except ruptures.exceptions.BadSegmentationParameters:
        return [(0, n - 1)]
    out, start = [], 0
    for end in breaks:
        out.append((start, end - 1))
        start = end
    return out


def _label(mean: float, threshold: float) -> str:
    if mean > threshold:
        return "engagement"
    if mean < -threshold:
        return "estrangement"
    return "mixed"


def _within(date: str | None, start: str, end: str) -> bool:
    # a partial date ("2011") is inside the phase if the period it names overlaps it
    if not date:
        return False
    return start[: len(date)] <= date <= end[: len(date)]


def _overlaps(lo: str | None, hi: str | None, start: str, end: str) -> bool:
    """An interval of partial dates (years mostly) overlaps the phase [start, end]."""
    if not lo:
        return False
    hi = hi or lo
    return lo[:4] <= end[:4] and hi[:4] >= start[:4] and (_within(lo, start, end) or _within(hi, start, end)
                                                           or lo[:4] < start[:4])


def _event_inside(e: Event, phase: Phase) -> bool:
    if e.date and not (e.date_start and e.date_end and e.date_start[:4] != e.date_end[:4]):
        return _within(e.date, phase.start, phase.end)
    return _overlaps(e.date_start, e.date_end, phase.start, phase.end)


def _sign(value: float) -> int:
    return 1 if value > 0 else -1 if value < 0 else 0


def _agrees(sign: int, label: str, is_mixed_item: bool) -> bool:
    if label == "engagement":
        return sign > 0
    if label == "estrangement":
        return sign < 0
    return is_mixed_item


def gather_evidence(
    phase: Phase, events: list[Event], characterizations: list[Characterization],
    weights: dict[str, float], dyad: tuple[str, str] | None,
) -> list[Evidence]:
    """The phase's evidence, events and characterizations together: first those whose sign
    agrees with its label (dated before interval-dated ones, occurred dyad events reported by
    the most sources before characterizations), then everything else, each group strongest
    first."""
    char_values = _characterization_values()
    items: list[tuple[tuple, Evidence]] = []
    for e in events:
        if e.modality != "occurred" or not _event_inside(e, phase) or (dyad and not involves_dyad(e, dyad)):
            continue
        intensity = e.intensity or weights.get(e.category.upper(), 0.0)
        sign = _sign(intensity)
        agrees = _agrees(sign, phase.label, phase.label == "mixed" and abs(intensity) <= THRESHOLD * 3)
        sources = len({c.doc_id for c in e.citations}) or 1
        ev = Evidence(kind="event", id=e.id, quote=e.quote, date=e.date or e.date_start, sign=sign,
                      agrees=agrees, sources=sources, label=e.category,
                      doc=e.citations[0].doc if e.citations else "")
        vague = bool(e.date_start and e.date_end and e.date_start[:4] != e.date_end[:4])  # "since 1947"
        items.append(((not agrees, vague, -sources, 0, -abs(intensity), e.date or "", e.id), ev))
    for c in characterizations:
        if (dyad and not _about_dyad(c, dyad)) or not _overlaps(c.start, c.end, phase.start, phase.end):
            continue
        value = char_values.get(c.label, 0.0)
        sign = _sign(value)
        agrees = _agrees(sign, phase.label, c.label == "mixed")
        ev = Evidence(kind="characterization", id=c.id, quote=c.quote, date=c.start, sign=sign,
                      agrees=agrees, sources=1, label=c.label, doc=c.doc)
        vague = bool(c.end and c.start and c.end[:4] != c.start[:4])
        items.append(((not agrees, vague, -1, 1, -abs(value), c.start or "", c.id), ev))
    return [ev for _, ev in sorted(items, key=lambda x: x[0])]


def _about_dyad(c: Characterization, dyad: tuple[str, str]) -> bool:
    return {_fold(a) for a in c.actors} == set(dyad)


def _characterization_values() -> dict[str, float]:
    return {str(k): float(v) for k, v in (vocab.load("weights").get("characterizations") or {}).items()}


def _clip(phases: list[Phase]) -> list[Phase]:
    """Phases do not overlap: one ends the day before the next begins."""
    for current, following in zip(phases, phases[1:]):
        if current.end >= following.start:
            day_before = date.fromisoformat(following.start) - timedelta(days=1)
            current.end = max(current.start, day_before.isoformat())
    return phases


def find_phases(
    points: list[IndexPoint],
    events: list[Event],
    threshold: float = THRESHOLD,
    weights: dict | None = None,
    dyad: tuple[str, str] | None = None,
    by: str = "auto",
    characterizations: list[Characterization] | None = None,
) -> list[Phase]:
    """Phases (start, end, label, weighted mean score, n_events, n_characterizations,
    evidence, weak) of the dyad's history, from its events and characterizations.

    `by` is "events", "points" or "auto" (the event and characterization series when it has
    enough items). Dates are ISO; `mean_score` is on the PLOVER -10..+10 scale.
    """
    w = category_weights(weights)
    chars = characterizations or []
    series = _event_series(events, dyad, w) + _characterization_series(chars, dyad) if by != "points" else []
    series.sort()
    if len(series) >= 2 * MIN_EVENTS:
        phases = _phases_from_events(series, threshold)
    else:
        phases = _phases_from_points(points, threshold)
    phases = _clip(_merge_same_label(phases))
    for phase in phases:
        evidence = gather_evidence(phase, events, chars, w, dyad)
        phase.n_characterizations = sum(1 for e in evidence if e.kind == "characterization")
        phase.top_events = [e.id for e in evidence if e.kind == "event"][:TOP_EVENTS]
        phase.evidence = evidence[:EVIDENCE]
        phase.weak = len(evidence) < MIN_EVIDENCE
    log.debug("%d series items, %d index points -> %d phases", len(series), len(points), len(phases))
    return phases


# one item of the series: (sort key, start, end, value, weight, is an event)
Item = tuple[str, str, str, float, float, bool]


def _spread(lo: str, hi: str) -> tuple[str, str, str, float]:
    """(sort key, first day, last day, weight) of an interval of years: the middle year, and
    1/years of a dated item (at least `min_interval_share`)."""
    first, last = int(lo[:4]), max(int(lo[:4]), int(hi[:4]))
    floor = float(vocab.load("weights").get("min_interval_share", 0.1))
    weight = max(floor, 1.0 / (last - first + 1))
    return str((first + last + 1) // 2), f"{first}-01-01", f"{last}-12-31", weight


def _event_series(events: list[Event], dyad: tuple[str, str] | None, weights: dict[str, float]) -> list[Item]:
    """Items of the dyad's occurred events dated by a date or an interval, in date order."""
    series = []
    for event in events:
        if event.modality != "occurred" or (dyad and not involves_dyad(event, dyad)):
            continue
        ranged = bool(event.date_start and event.date_end and event.date_start[:4] != event.date_end[:4])
        if ranged and event.date_start[:4].isdigit() and event.date_end[:4].isdigit():  # type: ignore[index]
            key, start, end, weight = _spread(event.date_start, event.date_end)  # type: ignore[arg-type]
        elif event.date and event.date[:4].isdigit():
            year = int(event.date[:4])
            if event.date_precision == "decade":
                key, start, end, weight = _spread(str(year), str(year + 9))
            else:
                key, start, end, weight = event.date, _first_day(event.date), _last_day(event.date), 1.0
        else:
            continue
        intensity = event.intensity or weights.get(event.category.upper(), 0.0)
        series.append((key, start, end, float(intensity), weight, True))
    return sorted(series)


def _characterization_series(items: list[Characterization], dyad: tuple[str, str] | None) -> list[Item]:
    """Items of the dyad's characterizations that say when (their start, or their interval)."""
    values = _characterization_values()
    series = []
    for c in items:
        if (dyad and not _about_dyad(c, dyad)) or not c.start or not c.start[:4].isdigit():
            continue
        if c.date_basis == "publication":  # a report's own date bounds, but does not date, what it says
            continue
        if c.end and c.end[:4].isdigit() and c.end[:4] > c.start[:4]:
            key, start, end, weight = _spread(c.start, c.end)
        else:
            key, start, end, weight = c.start, _first_day(c.start), _last_day(c.start), 1.0
        series.append((key, start, end, values.get(c.label, 0.0), weight, False))
    return series


def _phases_from_events(series: list[Item], threshold: float) -> list[Phase]:
    import ruptures

    values = np.asarray([x[3] for x in series], dtype=float).reshape(-1, 1)
    weights = np.asarray([x[4] for x in series], dtype=float)
    penalty = BETA * max(float(np.var(values)), 1e-6) * math.log(len(values))
    breaks = ruptures.Pelt(model="l2", min_size=MIN_SIZE, jump=1).fit(values).predict(pen=penalty)
    phases, first = [], 0
    breaks = _between_dates(breaks, series)
    for stop in breaks:
        chunk = series[first:stop]
        mean = float(np.average(values[first:stop, 0], weights=weights[first:stop]))
        # an interval ("since 2001") sits in its middle: it stretches a phase of dated items
        # only at the phase's edges ("after 1989 relations cooled" opens the 1990s)
        bounds = [x for x in chunk if x[4] >= 1.0] or chunk
        first_day = min(chunk[0][1], min(x[1] for x in bounds))
        last_day = max(chunk[-1][2], max(x[2] for x in bounds))
        phases.append(Phase(start=first_day, end=last_day,
                            label=_label(mean, threshold), mean_score=round(mean, 3),
                            n_events=sum(1 for x in chunk if x[5])))
        first = stop
    return phases


def _between_dates(breaks: list[int], series: list[Item]) -> list[int]:
    """Breaks moved so that none falls between two items of one date: their order says
    nothing (a report's many undated items at its publication date)."""
    out: list[int] = []
    for b in breaks:
        while 0 < b < len(series) and series[b][0] == series[b - 1][0]:
            b += 1
        if b not in out:
            out.append(b)
    return out


def _phases_from_points(points: list[IndexPoint], threshold: float) -> list[Phase]:
    valued = [p for p in points if p.score is not None]
    phases = []
    for first, last in segment([float(p.score) for p in valued]):  # type: ignore[arg-type]
        seg = valued[first : last + 1]
        scores = [float(p.score or 0.0) for p in seg]
        n = sum(p.n_events for p in seg)
        if n:
            mean = sum(s * p.n_events for s, p in zip(scores, seg)) / n
        else:
            mean = float(np.mean(scores))
        phases.append(Phase(start=seg[0].start, end=seg[-1].end, label=_label(mean, threshold),
                            mean_score=round(mean, 3), n_events=n))
    return phases


def _merge_same_label(phases: list[Phase]) -> list[Phase]:
    merged: list[Phase] = []
    for phase in phases:
        if merged and merged[-1].label == phase.label:
            last = merged[-1]
            n = last.n_events + phase.n_events
            mean = (last.mean_score * last.n_events + phase.mean_score * phase.n_events) / n if n else last.mean_score
            merged[-1] = Phase(start=last.start, end=max(last.end, phase.end), label=last.label,
                               mean_score=round(mean, 3), n_events=n)
        else:
            merged.append(phase)
    return merged


def _first_day(value: str) -> str:
    parts = value.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _last_day(value: str) -> str:
    import calendar

    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{days:02d}"
    return value
