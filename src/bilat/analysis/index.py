"""The dyad's cooperation-conflict index.

Formula (one value per period *p*)::

    score(p) = (1 / |E_p|) * sum_{e in E_p} w(category(e))

* ``E_p`` is the set of *fused* events (bilat.analysis.fusion) dated in *p*
  whose modality is ``occurred`` and that involve the dyad: both actors are the
  two dyad members, in either order (``USA -> PAK`` and ``PAK -> USA`` both
  count). Actor codes with a suffix (``USA.GOV``) fold to their country. Events
  with a third party (``USA -> al-Qaeda``) or a missing actor are left out
  unless ``partial=True``, which also admits events with one dyad member and
  an unknown counterpart.
* Each fused event counts once however many sources report it, and the score
  is a mean, not a sum, so a period with more documents or more reporting does
  not get a larger score; it only gets a narrower confidence interval.
* ``w`` is the PLOVER base score of the event's category (-10 ... +10, table in
  SCHEMA.md, data/weights.yaml), overridable per call (``weights=``) or with a
  user YAML file (``load_weights(path)``).
* ``ci_low``/``ci_high``: 95 % percentile bootstrap of the mean (1,000
  resamples of the period's events, numpy generator seeded with ``seed``), widened to the
  score when the resamples fall on one side of it: the interval always contains the score.
* ``cooperative``/``conflictual``: events with w > 0 / w < 0.
* Periods are calendar years, quarters, months or decades (``freq``). An event
  is placed only if its date is at least as precise as the period: a
  year-precision event is left out of the quarterly and monthly index, a
  decade-precision ("the 1980s") event is left out of every index but the
  decade one (``freq="decade"``), unless it carries an interval (``date_start``,
  ``date_end``: "in the 1960s", "since 2001", "after 1989 for about a decade"): then the
  yearly and decade indexes spread it over the years it covers, each year taking
  ``1/years`` of it (at least ``min_interval_share`` of data/weights.yaml) in a weighted
  mean, so one vague mention does not outweigh several dated ones; ``n_events`` counts it in
  every period it touches, and the bootstrap interval resamples dated events and shares alike,
  weighted as in the score. Periods between the first and the last
  populated one that have no events appear with ``score=None`` and
  ``n_events=0``: a gap, not a zero.
"""
from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

from bilat import vocab
from bilat.model import Event, IndexPoint

log = logging.getLogger(__name__)

FREQS = ("year", "quarter", "month", "decade")
_NEEDED = {"decade": 1, "year": 2, "quarter": 3, "month": 3}
_RANK = {"decade": 1, "year": 2, "month": 3, "day": 4}
N_BOOT = 1000


def load_weights(path: Path | str | None = None) -> dict:
    """{"categories", "families", "symmetric"}: PLOVER scores from data/plover.yaml and
    the grouping in data/weights.yaml, updated by a user YAML file of the same shape."""
    data = vocab.load("weights")
    plover = vocab.load("plover")
    data["categories"] = {**(plover.get("weights") or {}), **(data.get("categories") or {})}
    if path is not None:
        extra = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        data["categories"] = {**data.get("categories", {}), **(extra.get("categories") or {})}
        for key in ("families", "symmetric"):
            if key in extra:
                data[key] = extra[key]
    return data


def category_weights(weights: dict | None = None) -> dict[str, float]:
    """Category -> intensity; `weights` may be a flat mapping or the YAML's shape."""
    base = {k.upper(): float(v) for k, v in load_weights()["categories"].items()}
    if weights:
        flat = weights.get("categories", weights)
        base.update({str(k).upper(): float(v) for k, v in flat.items()})
    return base


def _fold(actor: str | None) -> str | None:
    if not actor:
        return None
    m = re.fullmatch(r"([A-Z]{3})[._\-][A-Z0-9._\-]+", actor.strip())
    return m.group(1) if m else actor.strip()


def involves_dyad(event: Event, dyad: tuple[str, str], partial: bool = False) -> bool:
    pair = {_fold(event.source_actor), _fold(event.target_actor)}
    if pair == set(dyad) and len(pair) == 2:
        return True
    return partial and None in pair and len(pair & set(dyad)) == 1


def _parse(value: str) -> tuple[int, int | None]:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?", value)
    if not m:
        raise ValueError(value)
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def period_key(event: Event, freq: str) -> tuple[int, int] | None:
    """Sortable period key (year or decade, sub-period) or None when the date is too coarse."""
    if not event.date:
        return None
    prec = event.date_precision or ("month" if re.match(r"^\d{4}-\d{2}", event.date) else "year")
    if _RANK.get(prec, 0) < _NEEDED[freq]:
        return None
    try:
        year, month = _parse(event.date)
    except ValueError:
        return None
    if freq == "decade":
        return (year - year % 10, 0)
    if freq == "year":
        return (year, 0)
    assert month is not None
    return (year, (month - 1) // 3 + 1) if freq == "quarter" else (year, month)


@functools.lru_cache(maxsize=8)
def _setting(name: str, default: float) -> float:
    """A number of data/weights.yaml, read once (the index asks per event and per period)."""
    return float(vocab.load("weights").get(name, default))


def interval_shares(event: Event, freq: str) -> list[tuple[tuple[int, int], float]]:
    """[(period key, share)] of an event dated by an interval ("in the 1960s", "since 2001";
    `date_start`/`date_end`) that is too coarse for one period: each year it covers gets
    1/years of it, at least `min_interval_share` (data/weights.yaml). Only yearly and decade
    indexes spread (a year says nothing of its quarters); [] for other events and for an
    interval within one year."""
    if freq not in ("year", "decade") or not event.date_start or not event.date_end:
        return []
    try:
        first, last = int(event.date_start[:4]), int(event.date_end[:4])
    except ValueError:
        return []
    years = range(first, max(first, last) + 1)
    if len(years) < 2:
        return []
    share = max(_setting("min_interval_share", 0.1), 1.0 / len(years))
    keys = sorted({(y - y % 10, 0) if freq == "decade" else (y, 0) for y in years})
    return [(k, share * sum(1 for y in years if (y - y % 10 if freq == "decade" else y) == k[0])) for k in keys]


def _scored_mean(values: np.ndarray, spread: list[tuple[float, float]]) -> float | None:
    """The period's mean (`_spread_mean`), or None when its evidence weighs less than
    `min_period_weight` (data/weights.yaml): shares of vaguely dated events alone do not make
    a point, so a decade-long "since 1947" does not draw ten years at its own intensity."""
    if len(values) + sum(s for _, s in spread) < _setting("min_period_weight", 0.5):
        return None
    return _spread_mean(values, spread)


def _spread_mean(values: np.ndarray, spread: list[tuple[float, float]]) -> float:
    """Mean of a period's dated events (weight 1 each) and its shares of interval-dated ones."""
    total = float(values.sum()) + sum(v * s for v, s in spread)
    return total / (len(values) + sum(s for _, s in spread))


def _next(key: tuple[int, int], freq: str) -> tuple[int, int]:
    y, s = key
    if freq == "decade":
        return (y + 10, 0)
    if freq == "year":
        return (y + 1, 0)
    last = 4 if freq == "quarter" else 12
    return (y + 1, 1) if s == last else (y, s + 1)


def _bounds(key: tuple[int, int], freq: str) -> tuple[str, str, str]:
    """(label, first day, last day) of a period."""
    y, s = key
    if freq == "decade":
        return f"{y}s", date(y, 1, 1).isoformat(), date(y + 9, 12, 31).isoformat()
    if freq == "year":
        return str(y), date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat()
    if freq == "quarter":
        first = date(y, 3 * s - 2, 1)
        last_month = 3 * s
    else:
        first = date(y, s, 1)
        last_month = s
    end = date(y + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    label = f"{y}Q{s}" if freq == "quarter" else f"{y}-{s:02d}"
    return label, first.isoformat(), end.isoformat()


def _bootstrap(values: np.ndarray, spread: list[tuple[float, float]], score: float | None,
               rng: np.random.Generator) -> tuple[float | None, float | None]:
    """95 % percentile interval of the score: resamples of the period's dated events and its
    shares of interval-dated ones together, each resample's mean weighted as the score is
    (`_spread_mean`), so the interval is of the same estimate. None without a score or for a
    single item, whose resamples are all the same value and would show a certainty that one
    report cannot give. The interval is widened to the score when the resamples all fall on
    one side of it (a few distinct values), so that it always contains the point it bounds."""
    if score is None or len(values) + len(spread) < 2:
        return None, None
    if not spread:
        samples = rng.choice(values, size=(N_BOOT, len(values)), replace=True).mean(axis=1)
    else:
        items = np.concatenate([values, [v for v, _ in spread]])
        weights = np.concatenate([np.ones(len(values)), [s for _, s in spread]])
        picks = rng.integers(0, len(items), size=(N_BOOT, len(items)))
        samples = (items[picks] * weights[picks]).sum(axis=1) / weights[picks].sum(axis=1)
    low, high = np.percentile(samples, [2.5, 97.5])
    return min(float(low), score), max(float(high), score)


def cooperation_index(
    events: list[Event],
    freq: str = "year",
    dyad: tuple[str, str] = ("USA", "PAK"),
    weights: dict | None = None,
    seed: int = 0,
    partial: bool = False,
) -> list[IndexPoint]:
    """Mean PLOVER intensity per period of the dyad's occurred events (formula in the module doc)."""
    if freq not in FREQS:
        raise ValueError(f"unknown freq {freq!r}; choose one of {', '.join(FREQS)}")
    w = category_weights(weights)
    by_period: dict[tuple[int, int], list[float]] = defaultdict(list)
    spread: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)  # (value, share)
    skipped = 0
    for ev in events:
        if ev.modality != "occurred" or not involves_dyad(ev, dyad, partial):
            continue
        shares = interval_shares(ev, freq)  # "since 2001", "in the 1960s": spread over the years
        key = None if shares else period_key(ev, freq)
        if key is None:
            for share_key, share in shares:
                spread[share_key].append((w.get(ev.category.upper(), 0.0), share))
            skipped += not shares
            continue
        by_period[key].append(w.get(ev.category.upper(), 0.0))
    if skipped:
        log.info("%d dyad events too coarsely dated for a %s index", skipped, freq)
    if not by_period and not spread:
        return []
    rng = np.random.default_rng(seed)
    points = []
    key, last = min([*by_period, *spread]), max([*by_period, *spread])
    while key <= last:
        label, start, end = _bounds(key, freq)
        values = np.array(by_period.get(key, []), dtype=float)
        if len(values) or spread.get(key):
            score = _scored_mean(values, spread.get(key, []))
            low, high = _bootstrap(values, spread.get(key, []), score, rng)
            points.append(IndexPoint(
                period=label, start=start, end=end, score=score,
                n_events=len(values) + len(spread.get(key, [])),
                ci_low=low, ci_high=high, cooperative=int((values > 0).sum()),
                conflictual=int((values < 0).sum()), spread=len(spread.get(key, [])),
            ))
        else:
            points.append(IndexPoint(period=label, start=start, end=end, score=None, n_events=0))
        key = _next(key, freq)
    return points


def involves_member(event: Event, dyad: tuple[str, str]) -> bool:
    """Either member of the dyad takes part (with the other, a third party or no one named)."""
    return bool({_fold(event.source_actor), _fold(event.target_actor)} & set(dyad))


def per_100(points: list[IndexPoint], events: list[Event], freq: str = "year",
            dyad: tuple[str, str] = ("USA", "PAK"), volume: Mapping[str, int] | None = None) -> list[IndexPoint]:
    """The index normalised by reporting volume, as GDELT's codebook advises for counts:
    each period's net intensity (score x n_events) per 100 occurred events in which either
    member of the dyad takes part (`volume`), with the interval and the cooperative and
    conflictual counts scaled alike. A quiet period with a few strong events then weighs
    less than the mean alone suggests. Points without events stay gaps. `volume`: those
    counts per period label when already counted (the store counts them in SQL, see
    `Store.member_volume`); `events` is then not read."""
    if volume is None:
        counted: dict[str, int] = defaultdict(int)
        for ev in events:
            if ev.modality == "occurred" and involves_member(ev, dyad):
                key = period_key(ev, freq)
                if key is not None:
                    counted[_bounds(key, freq)[0]] += 1
        volume = counted
    out = []
    for p in points:
        total = max(volume.get(p.period, 0), p.n_events)
        if p.score is None or not total:
            out.append(replace(p, volume=total or None))
            continue
        k = 100.0 * p.n_events / total  # mean -> sum -> per 100 events of the members

        def scaled(x: float | None) -> float | None:
            return None if x is None else x * k

        out.append(replace(p, score=scaled(p.score), ci_low=scaled(p.ci_low), ci_high=scaled(p.ci_high),
                           cooperative=p.cooperative, conflictual=p.conflictual, volume=total))
    return out
