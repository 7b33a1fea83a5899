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

Each phase is labelled by its mean score: ``engagement`` above ``+threshold``,
``estrangement`` below ``-threshold``, ``mixed`` between; neighbouring
segments with the same label are merged.
"""
from __future__ import annotations

import logging
import math
from datetime import date, timedelta

import numpy as np

from bilat.analysis.index import category_weights, involves_dyad
from bilat.model import Event, IndexPoint, Phase

log = logging.getLogger(__name__)

THRESHOLD = 1.0  # on the PLOVER -10..+10 scale
TOP_EVENTS = 5
MIN_EVENTS = 3
BETA = 0.5


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


def _top_events(
    events: list[Event], phase: Phase, weights: dict[str, float], dyad: tuple[str, str] | None
) -> list[str]:
    """The phase's evidence: its events that pull the way of its label most, best sourced first."""
    inside = [
        e for e in events
        if e.modality == "occurred" and _within(e.date, phase.start, phase.end)
        and (dyad is None or involves_dyad(e, dyad))
    ]
    sign = {"engagement": -1.0, "estrangement": 1.0}.get(phase.label)

    def strength(e: Event) -> tuple:
        intensity = e.intensity or weights.get(e.category.upper(), 0.0)
        pull = sign * intensity if sign is not None else -abs(intensity)
        return (pull, -len({c.doc_id for c in e.citations}), e.date or "", e.id)

    return [e.id for e in sorted(inside, key=strength)[:TOP_EVENTS]]


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
) -> list[Phase]:
    """Phases (start, end, label, mean score, n_events, top events) of the dyad's history.

    `by` is "events", "points" or "auto" (events when there are enough of them).
    """
    w = category_weights(weights)
    series = _event_series(events, dyad, w) if by != "points" else []
    if len(series) >= 2 * MIN_EVENTS:
        phases = _phases_from_events(series, threshold)
    else:
        phases = _phases_from_points(points, threshold)
    phases = _clip(_merge_same_label(phases))
    for phase in phases:
        phase.top_events = _top_events(events, phase, w, dyad)
    log.debug("%d events, %d index points -> %d phases", len(series), len(points), len(phases))
    return phases


def _event_series(
    events: list[Event], dyad: tuple[str, str] | None, weights: dict[str, float]
) -> list[tuple[str, str, str, float]]:
    """(sort key, start, end, intensity) of dated, occurred events of the dyad, in date order."""
    series = []
    for event in events:
        if event.modality != "occurred" or not event.date or not event.date[:4].isdigit():
            continue
        if dyad and not involves_dyad(event, dyad):
            continue
        year = int(event.date[:4])
        if event.date_precision == "decade":
            key, start, end = f"{year + 5}", f"{year}-01-01", f"{year + 9}-12-31"
        else:
            key, start, end = event.date, _first_day(event.date), _last_day(event.date)
        intensity = event.intensity or weights.get(event.category.upper(), 0.0)
        series.append((key, start, end, float(intensity)))
    return sorted(series)


def _phases_from_events(series: list[tuple[str, str, str, float]], threshold: float) -> list[Phase]:
    import ruptures

    values = np.asarray([x[3] for x in series], dtype=float).reshape(-1, 1)
    penalty = BETA * max(float(np.var(values)), 1e-6) * math.log(len(values))
    breaks = ruptures.Pelt(model="l2", min_size=MIN_EVENTS, jump=1).fit(values).predict(pen=penalty)
    phases, first = [], 0
    for stop in breaks:
        chunk = series[first:stop]
        mean = float(np.mean(values[first:stop]))
        phases.append(Phase(start=min(x[1] for x in chunk), end=max(x[2] for x in chunk),
                            label=_label(mean, threshold), mean_score=round(mean, 3),
                            n_events=len(chunk)))
        first = stop
    return phases


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
