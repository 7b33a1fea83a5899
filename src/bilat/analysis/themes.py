"""Theme and driver shares per period over a corpus's events (the tagging itself is
`bilat.nlp.themes`)."""
from __future__ import annotations

from collections import Counter, defaultdict

from bilat.analysis.index import FREQS, _bounds, period_key
from bilat.model import Event
from bilat.nlp.themes import event_drivers, event_themes


def theme_shares(events: list[Event], freq: str = "year") -> list[dict]:
    """Per period, theme and driver: {period, theme, kind, count, share}.

    `kind` is "theme" or "driver". `count` is the number of events in the
    period tagged with the theme or driver (an event with two counts for both);
    `share` is count divided by the number of the period's events tagged with
    any theme or driver, so it reads "x % of the period's events touch this".
    Events dated too coarsely for `freq` are left out (same rule as the
    index); undated events are left out.
    """
    if freq not in FREQS:
        raise ValueError(f"unknown freq {freq!r}; choose one of {', '.join(FREQS)}")
    counts: dict[tuple[int, int], Counter[tuple[str, str]]] = defaultdict(Counter)
    totals: Counter[tuple[int, int]] = Counter()
    for ev in events:
        key = period_key(ev, freq)
        tags = {("theme", t) for t in event_themes(ev)} | {("driver", d) for d in event_drivers(ev)}
        if key is None or not tags:
            continue
        totals[key] += 1
        counts[key].update(tags)
    rows = []
    for key in sorted(counts):
        label = _bounds(key, freq)[0]
        for (kind, name), n in sorted(counts[key].items(), key=lambda kv: (kv[0][0] != "theme", -kv[1], kv[0][1])):
            rows.append({"period": label, "theme": name, "kind": kind, "count": n,
                         "share": round(n / totals[key], 4)})
    return rows


def shares_from_counts(counts: list[tuple[str, str, str, int, int]]) -> list[dict]:
    """`theme_shares` rows from the store's counts per period (Store.theme_counts: period, kind,
    name, events tagged, the period's tagged events), in the order given."""
    return [{"period": period, "theme": name, "kind": kind, "count": n, "share": round(n / total, 4)}
            for period, kind, name, n, total in counts]
