"""What makes the report read like a brief: its title, an opening summary and a timeline grouped
by phase, each built from the same JSON payloads as the rest of the report (plain text; the
template escapes it).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from bilat.filters import dyad_name
from bilat.views.html import number_label

# events shown open under each phase; the rest are one click away in the same file
SHOWN_PER_PHASE = 5
# currencies whose figures the summary may quote as "the largest sums"
_MONEY = ("USD", "PKR", "EUR", "GBP", "INR", "CNY")


def span(index: list[dict[str, Any]], events: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(first year, last year) the dyad's index covers, else the span of all dated events."""
    years = [p["period"][:4] for p in index if p.get("n_events")]
    years = years or [e["date"][:4] for e in events if e.get("date")]
    return (min(years), max(years)) if years else None


def report_title(dyad: tuple[str, ...] | list[str], years: tuple[str, str] | None) -> str:
    """"Pakistan–United States relations, 1947–2024 — bilat report"."""
    when = "" if years is None else f", {years[0]}" if years[0] == years[1] else f", {years[0]}–{years[1]}"
    return f"{dyad_name(dyad)} relations{when} — bilat report"


def _years(phase: dict[str, Any]) -> str:
    start, end = str(phase["start"])[:4], str(phase["end"])[:4]
    return start if start == end else f"{start}–{end}"


def _phase_sentences(phases: list[dict[str, Any]], name: str, years: tuple[str, str] | None) -> list[str]:
    if not phases:
        return [f"The sources hold too few dated events between {name} to divide their relationship into phases."]
    when = f"Between {years[0]} and {years[1]}" if years else "Over the period covered"
    runs = ", ".join(f"{p['label']} {_years(p)}" for p in phases)
    plural = "s" if len(phases) != 1 else ""
    out = [f"{when} the sources trace {name} relations through {len(phases)} phase{plural}: {runs}."]
    warm = max(phases, key=lambda p: p.get("mean_score") or 0)
    cold = min(phases, key=lambda p: p.get("mean_score") or 0)
    extremes = []
    if (warm.get("mean_score") or 0) > 0:
        extremes.append(f"cooperation peaked in {_years(warm)} (mean {warm['mean_score']:+.2f} "
                        f"over {warm['n_events']} events)")
    if (cold.get("mean_score") or 0) < 0:
        extremes.append(f"conflict in {_years(cold)} (mean {cold['mean_score']:+.2f} over "
                        f"{cold['n_events']} events)")
    if extremes:
        text = "; ".join(extremes)
        out.append(text[0].upper() + text[1:] + ".")
    last = phases[-1]
    out.append(f"The latest phase, {_years(last)}, reads as {last['label']}"
               f"{' (weakly supported)' if last.get('weak') else ''}.")
    return out


def _characterization_sentence(items: list[dict[str, Any]]) -> list[str]:
    if not items:
        return []
    counts = Counter(c["label"] for c in items)
    parts = ", ".join(f"{n} as {label}" for label, n in counts.most_common())
    dated = [c for c in items if c.get("start") and c.get("date_basis") == "explicit"] or items
    latest = max(dated, key=lambda c: str(c.get("start") or ""))
    quote = " ".join(str(latest["quote"]).split())
    quote = quote if len(quote) <= 140 else quote[:139] + "…"
    plural = "s" if len(items) != 1 else ""
    return [(f"The sources characterize the relationship {len(items)} time{plural} "
             f"({parts}); the most recent: “{quote}” ({latest.get('doc')}).")]


def _figure_sentences(figures: list[dict[str, Any]], conflicts: list[dict[str, Any]],
                      dyad: tuple[str, ...] | list[str]) -> list[str]:
    out = []
    money = [f for f in figures if f.get("concept") and f.get("unit") in _MONEY
             and {f.get("source_actor"), f.get("target_actor")} == set(dyad)]
    top: dict[str, dict[str, Any]] = {}
    for figure in sorted(money, key=lambda f: -float(f["value"])):
        top.setdefault(str(figure.get("group") or figure["concept"]), figure)
    if top:
        items = [f"{group} {number_label(f['value'])} {f['unit']}{' (' + f['period'] + ')' if f.get('period') else ''}"
                 for group, f in list(top.items())[:3]]
        out.append(f"The largest sums reported: {'; '.join(items)}.")
    if conflicts:
        first = conflicts[0]
        values = " vs ".join(f"{number_label(v['value'])} ({v.get('doc')})" for v in first["values"][:3])
        out.append(f"Sources disagree on {len(conflicts)} figure{'s' if len(conflicts) != 1 else ''}, "
                   f"e.g. {first['concept']} {first.get('dyad') or ''} [{first['unit']}]: {values}.")
    return out


def summary(phases: list[dict[str, Any]], characterizations: list[dict[str, Any]],
            figures: dict[str, Any], dyad: tuple[str, ...] | list[str],
            years: tuple[str, str] | None) -> str:
    """The opening paragraph: the phases and their extremes, what the sources call the
    relationship, the largest sums reported between the dyad and where sources disagree
    (plain text)."""
    sentences = _phase_sentences(phases, dyad_name(dyad), years)
    sentences += _characterization_sentence(characterizations)
    sentences += _figure_sentences(figures.get("items", []), figures.get("conflicts", []), dyad)
    return " ".join(sentences)


def _strength(event: dict[str, Any]) -> tuple[float, int]:
    return (abs(float(event.get("intensity") or 0.0)), int(event.get("sources") or 0))


def _in_phase(event: dict[str, Any], phase: dict[str, Any]) -> bool:
    # a partial date ("2001") is inside a phase that starts or ends within it
    date = event.get("date")
    if not date:
        return False
    n = len(date)
    return str(phase["start"])[:n] <= date <= str(phase["end"])[:n]


def timeline_groups(events: list[dict[str, Any]], phases: list[dict[str, Any]],
                    dyad: tuple[str, ...] | list[str], shown: int = SHOWN_PER_PHASE) -> list[dict[str, Any]]:
    """The timeline grouped by phase: [{"id", "title", "phase", "shown", "more"}], each group's
    `shown` its strongest events (|intensity|, then sources) in date order and `more` the rest
    in date order. Events of the dyad's members dated inside a phase go to that phase; the
    others (another dyad, no phase, undated) to a last group. Every event is in one group."""
    members = set(dyad)
    groups: list[dict[str, Any]] = [
        {"id": f"phase-{n + 1}", "title": f"{_years(p)}: {p['label']}", "phase": p, "events": []}
        for n, p in enumerate(phases)]
    rest: list[dict[str, Any]] = []
    for event in events:
        home = None
        if {event.get("source_actor"), event.get("target_actor")} & members:
            home = next((g for g in groups if _in_phase(event, g["phase"])), None)
        (home["events"] if home else rest).append(event)
    if rest:
        groups.append({"id": "phase-other", "title": "Other events: other parties, between phases or undated",
                       "phase": None, "events": rest})
    for group in groups:
        items = group.pop("events")
        strongest = {id(e) for e in sorted(items, key=_strength, reverse=True)[:shown]}
        group["shown"] = [e for e in items if id(e) in strongest]
        group["more"] = [e for e in items if id(e) not in strongest]
    return groups
