"""Phases of a relationship: change points in the cooperation-conflict index.

The populated periods of the index (gaps are skipped, not read as zeros) are
segmented with PELT (ruptures, least-squares cost). The penalty is BIC-like,
``2 * sigma^2 * log(n)``, where ``sigma`` is the noise level estimated from
the median absolute difference of consecutive scores, so that the same
relative jump splits a calm series and a noisy one alike. Series of fewer than
three populated periods are one phase.

Each phase is labelled by its event-weighted mean score: ``engagement`` above
``+threshold``, ``estrangement`` below ``-threshold``, ``mixed`` between.
"""
from __future__ import annotations

import logging
import math

import numpy as np

from bilat.analysis.index import category_weights
from bilat.model import Event, IndexPoint, Phase

log = logging.getLogger(__name__)

THRESHOLD = 1.0  # on the PLOVER -10..+10 scale
TOP_EVENTS = 5


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


def _top_events(events: list[Event], start: str, end: str, weights: dict[str, float]) -> list[str]:
    inside = [e for e in events if e.modality == "occurred" and _within(e.date, start, end)]

    def strength(e: Event) -> tuple:
        intensity = e.intensity or weights.get(e.category.upper(), 0.0)
        return (-abs(intensity), -len({c.doc_id for c in e.citations}), e.date or "", e.id)

    return [e.id for e in sorted(inside, key=strength)[:TOP_EVENTS]]


def find_phases(
    points: list[IndexPoint], events: list[Event], threshold: float = THRESHOLD, weights: dict | None = None
) -> list[Phase]:
    """Phases (start, end, label, mean score, n_events, top events) of an index series."""
    valued = [p for p in points if p.score is not None]
    if not valued:
        return []
    w = category_weights(weights)
    phases = []
    for first, last in segment([float(p.score) for p in valued]):  # type: ignore[arg-type]
        seg = valued[first : last + 1]
        n = sum(p.n_events for p in seg)
        if n:
            mean = sum(float(p.score) * p.n_events for p in seg) / n  # type: ignore[arg-type]
        else:
            mean = float(np.mean([p.score for p in seg]))
        start, end = seg[0].start, seg[-1].end
        phases.append(Phase(start=start, end=end, label=_label(mean, threshold), mean_score=round(mean, 3),
                            n_events=n, top_events=_top_events(events, start, end, w)))
    log.debug("%d index points -> %d phases", len(valued), len(phases))
    return phases
