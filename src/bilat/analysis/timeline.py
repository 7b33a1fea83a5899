"""Filtering fused events and exporting them as a Knight Lab TimelineJS3 timeline."""
from __future__ import annotations

import html
import logging
import re

from bilat.nlp.themes import event_drivers, event_themes
from bilat.model import Event, EventMention

log = logging.getLogger(__name__)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _sort_key(event: Event) -> tuple:
    """Date order with coarser dates first within their period; undated events last."""
    if not event.date:
        return (1, "", event.id)
    return (0, event.date, event.id)


def _on_or_after(date: str | None, bound: str) -> bool:
    # a partial date is kept when the period it names reaches the bound ("2011" >= "2011-05")
    return date is not None and date[: len(bound)] >= bound[: len(date)]


def _on_or_before(date: str | None, bound: str) -> bool:
    return date is not None and date[: len(bound)] <= bound


def filter_events(events: list[Event], **filters: str | None) -> list[Event]:
    """Events that pass every given filter (see `matches`), in date order (undated last)."""
    return sorted((ev for ev in events if matches(ev, **filters)), key=_sort_key)


def matches(
    record: Event | EventMention,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    category: str | None = None,
    theme: str | None = None,
    modality: str | None = None,
    q: str | None = None,
) -> bool:
    """Whether a fused event or a mention passes every given filter.

    Dates are ISO partial dates; an event dated "2011" is inside
    date_from="2011-05". A date filter drops undated records. `actor` matches the
    source or target code (case-insensitive); `q` is a case-insensitive
    substring of the quote or of any cited quote.
    """
    if date_from and not _on_or_after(record.date, date_from):
        return False
    if date_to and not _on_or_before(record.date, date_to):
        return False
    if actor and actor.upper() not in {(record.source_actor or "").upper(), (record.target_actor or "").upper()}:
        return False
    if category and record.category.upper() != category.upper():
        return False
    if modality and record.modality != modality:
        return False
    if theme and theme not in event_themes(record) and theme not in event_drivers(record):
        return False
    if q:
        quotes = [record.quote, *(c.quote for c in getattr(record, "citations", []))]
        if not any(q.lower() in t.lower() for t in quotes):
            return False
    return True


def _tl_date(value: str) -> dict[str, int] | None:
    m = _DATE.match(value)
    if not m:
        return None
    out = {"year": int(m.group(1))}
    if m.group(2):
        out["month"] = int(m.group(2))
    if m.group(3):
        out["day"] = int(m.group(3))
    return out


def _headline(ev: Event) -> str:
    actors = " → ".join(a for a in (ev.source_actor, ev.target_actor) if a)
    return f"{ev.category}: {actors}" if actors else ev.category


def _body(ev: Event) -> str:
    parts = [f"<p>{html.escape(ev.quote)}</p>"]
    sources = sorted({c.doc for c in ev.citations if c.doc})
    if sources:
        parts.append(f"<p>Sources ({len(sources)}): {html.escape(', '.join(sources))}</p>")
    if ev.modality != "occurred":
        parts.append(f"<p>Modality: {html.escape(ev.modality)}</p>")
    for d in ev.disagreements:
        parts.append(f"<p>Disagreement: {html.escape(d)}</p>")
    return "".join(parts)


def to_timelinejs(events: list[Event], title: str) -> dict:
    """TimelineJS3 JSON ({"title": ..., "events": [...]}) of the dated events, in date order."""
    items = []
    for ev in sorted((e for e in events if e.date), key=_sort_key):
        start = _tl_date(ev.date or "")
        if start is None:
            log.debug("event %s has an unreadable date %r", ev.id, ev.date)
            continue
        items.append({
            "start_date": start,
            "text": {"headline": _headline(ev), "text": _body(ev)},
            "group": ev.category,
            "unique_id": ev.id,
        })
    return {"title": {"text": {"headline": title, "text": f"{len(items)} dated events"}}, "events": items}
