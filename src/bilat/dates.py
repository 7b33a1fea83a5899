"""Date expressions in text, as partial ISO dates only as precise as the text allows.

`find_dates` runs precompiled regular expressions over a sentence (full dates,
month-year, years, decades, ranges, parts of a period, anchors such as "9/11",
named eras, and relative expressions resolved against the publication date).
dateparser is used only by `parse_date_text`, on a lone date string that the
rules do not recognise, and its answers are cached: it is far too slow to run
on every sentence and it misreads decades ("the 1990s") and parts of periods.

Vocabularies (month names, parts, anchors, eras, relative words) live in
``data/dates.yaml``. Text only, no parse: ingest reads publication dates with the same rules
as extraction reads the dates of a sentence (bilat.nlp.dates picks an event's date among them
by the parse).
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bilat import vocab
from bilat.model import PartialDate

log = logging.getLogger(__name__)

_ORDER = {"day": 0, "month": 1, "year": 2, "decade": 3}
_DASH = r"(?:-|–|—|to|through|until|till)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d)"
_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|from|by|during|after|before|until|till|through|throughout|for|"
    r"between|at|as of|as early as|as late as|starting|beginning)\s+)$",
    re.IGNORECASE,
)
_YEAR_PREPS = frozenset(
    "in on since from by during after before until till through throughout for of between".split()
)
_MONTH_PREP = re.compile(
    r"\b(in|since|by|until|till|from|during|through|that|last|next|this|of)\s+$", re.IGNORECASE
)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|till|until|and)\s*", re.IGNORECASE)


@dataclass
class _Hit:
    """A date found in the text before it becomes a PartialDate."""

    start: int
    end: int
    y: int | None
    m: int | None = None
    d: int | None = None
    prec: str | None = "year"
    end_y: int | None = None
    end_m: int | None = None
    end_d: int | None = None
    end_prec: str | None = None
    kind: str = "abs"  # abs | rel | vague | bare-month | name (a year in a law's or treaty's name)
    value: str | None = None  # set directly for resolved relative dates


@dataclass(frozen=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]
    decade_words: dict[str, int]
    anchors: dict[str, str]
    eras: dict[str, tuple[int, int]]
    relative: dict[str, dict[str, Any]]
    numbers: dict[str, int]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    part_before: re.Pattern[str]
    name_before: re.Pattern[str] | None = None  # "... Act of " right before a year
    name_after: re.Pattern[str] | None = None  # "the 1961 ... Act" after a year


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _month_alt(months: dict[str, int]) -> str:
    forms = []
    for name in months:
        forms += [name, name.upper()]
    return "(?:" + "|".join(
        re.escape(f) + (r"\.?" if len(f) <= 4 and f.lower() != "may" else "")
        for f in sorted(forms, key=len, reverse=True)
    ) + r")(?![A-Za-z])"


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    raw = vocab.load("dates")
    months = {k: int(v) for k, v in raw["months"].items()}
    weekdays = {k: int(v) for k, v in raw["weekdays"].items()}
    mon = _month_alt(months)
    full_mon = "(?:" + _alt([k for k in months if len(k) > 3 or k == "May"]) + r")\b"
    wd = "(?:" + _alt(list(weekdays)) + r")\b\.?"
    full_wd = "(?:" + _alt([k for k in weekdays if k.endswith("day")]) + r")\b"
    parts = "(?i:" + _alt(raw["parts"]) + ")"
    dwords = _alt(list(raw["decade_words"]))
    numbers = {k: int(v) for k, v in raw["numbers"].items()}
    num = r"(?:\d{1,3}|" + _alt(list(numbers)) + ")"
    rules = [
        ("mdy", rf"(?:(?P<wd>{wd}),?\s+)?(?P<m1>{mon})\s+(?P<d1>{_DAY})"
                rf"(?:\s*{_DASH}\s*(?:(?P<m2>{mon})\s+)?(?P<d2>{_DAY}))?(?:,?\s+(?P<y>{_YEAR})(?!\d))?"),
        ("dmy", rf"(?<![\d.,$])(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?(?P<d1>{_DAY})"
                rf"(?:\s*(?:-|–|—|to|and)\s*(?P<d2>{_DAY}))?(?:\s+of)?\s+(?P<m1>{mon})(?:,?\s+(?P<y>{_YEAR})(?!\d))?"),
        ("my", rf"(?P<m1>{mon}),?\s+(?:of\s+)?(?P<y>{_YEAR})(?!\d)"),
        ("m", rf"(?P<m1>{full_mon})(?!\s*\d)"),
        ("iso", rf"(?<![\d-])(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])"
                r"(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?![\d])"),
        ("num", rf"(?<![\d/.])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})(?![\d/])"),
        ("yrange", rf"(?<![\d$€£¥.,/])(?P<y>{_YEAR})\s*(?:-|–|—|/)\s*(?P<y2>{_YEAR}|\d\d)(?![\d%])(?:['’]?s\b)?"),
        ("decade", rf"(?P<the>(?i:the)\s+)?(?:(?P<y>(?:1[5-9]|20)\d0)['’]?s\b|"
                   rf"['’‘](?P<yy>\d0)['’]?s\b|(?P<yy2>\b\d0)s\b|(?P<w>\b(?:{dwords})\b))"),
        ("year", rf"(?<![\d$€£¥.,/#])(?P<y>{_YEAR})"
                 r"(?:['’]s)?(?![\d%]|[.,]\d|\s*%|-\d|–\d)"),
        ("anchor", r"(?:\b(?:post|pre)-)?(?<![\w/])(?:" + _alt(list(raw["anchors"])) + r")(?![\w/])"),
        ("era", r"(?i:\b(?:" + _alt(list(raw["eras"])) + r")(?:\s+era|\s+years)?\b)"),
        ("ago", rf"(?i:\b(?P<n>{num})\s+(?P<u>day|week|month|year|decade)s?\s+ago\b)"),
        ("rel", r"(?i:\b(?:" + _alt(list(raw["relative"])) + r")\b)"),
        ("weekday", rf"(?:\b(?P<q>last|next|this|on|Last|Next|This|On)\s+)?(?P<wd>{full_wd})(?!,?\s+(?:the\s+)?\d)"),
        ("vague", r"(?i:\b(?:" + _alt(list(raw["vague"])) + r")\b)"),
    ]
    names = "(?:" + _alt(raw.get("instrument_names") or ["Act"]) + r")\b"
    return _Vocab(
        name_before=re.compile(rf"\b{names}\s+of\s+$"),
        name_after=re.compile(rf"\s+(?:[A-Z][\w.'’-]*\s+){{0,5}}{names}"),
        part_before=re.compile(rf"(?:^|(?<=[^\w-])){parts}[\s-]+(?:of\s+)?$"),
        months=months,
        weekdays=weekdays,
        decade_words={k: int(v) for k, v in raw["decade_words"].items()},
        anchors={k: str(v) for k, v in raw["anchors"].items()},
        eras={k.lower(): (int(v[0]), int(v[1])) for k, v in raw["eras"].items()},
        relative={k.lower(): v for k, v in raw["relative"].items()},
        numbers=numbers,
        not_year_before=frozenset(w.lower() for w in raw["not_year_before"]),
        not_year_after=frozenset(w.lower() for w in raw["not_year_after"]),
        rules=tuple((name, re.compile(rx)) for name, rx in rules),
    )


# ---------------------------------------------------------------- public API


def find_dates(text: str, published: str | None = None, offset: int = 0) -> list[PartialDate]:
    """Every date expression in `text`, in order, offsets shifted by `offset`.

    Relative expressions ("last year", "on Tuesday", "two years ago") are resolved
    against `published` (ISO partial date); without it, or for vague words
    ("recently"), the PartialDate has ``value=None``.
    """
    if not text:
        return []
    voc = _vocab()
    hits: list[_Hit] = []
    for name, rx in voc.rules:
        for m in rx.finditer(text):
            hit = _HANDLERS[name](m, text, voc)
            if hit is not None:
                hits.append(hit)
    chosen = _select(hits)
    chosen = _merge_ranges(chosen, text)
    pub = _parse_published(published)
    out = []
    for hit in chosen:
        _extend_preposition(hit, text)
        out.append(_to_partial(hit, text, pub, offset))
    return out


def parse_date_text(text: str) -> PartialDate | None:
    """A lone date string ("September 16, 2024", "Dec 2021", "2019-05-02T10:00:00Z")."""
    s = (text or "").strip()
    if not s:
        return None
    m = re.fullmatch(rf"({_YEAR})(?:-(0[1-9]|1[0-2]))?", s)
    if m:
        prec = "month" if m.group(2) else "year"
        return PartialDate(s, prec, s, 0, len(s))
    found = [d for d in find_dates(s) if d.value]
    if found:
        best = max(found, key=lambda d: (d.end or 0) - (d.start or 0))
        core = re.sub(r"[\W_]+", "", s)
        covered = re.sub(r"[\W_]+", "", best.text)
        if len(covered) >= 0.7 * len(core):
            return best
    return _dateparser_parse(s)


# ---------------------------------------------------------------- handlers


def _month(name: str, voc: _Vocab) -> int:
    key = name.rstrip(".")
    return voc.months.get(key) or voc.months[key.title()]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())  # type: ignore[union-attr]


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if y is not None and m is not None and d is not None:
        return d <= calendar.monthrange(y, m)[1]
    return d is None or d <= 31


def _day_hit(m: re.Match[str], voc: _Vocab) -> _Hit | None:
    """A day date, or a day range within one year ("June 1 - June 11", "1-11 June 2024")."""
    groups = m.groupdict()
    y = int(m["y"]) if m["y"] else None
    mon, d1 = _month(m["m1"], voc), _day(m["d1"])
    if not _valid(y, mon, d1):
        return None
    hit = _Hit(m.start(), m.end(), y, mon, d1, "day", kind="abs" if y else "bare-month")
    if groups.get("d2"):
        m2 = _month(groups["m2"], voc) if groups.get("m2") else mon
        d2 = _day(groups["d2"])
        if not _valid(y, m2, d2) or (m2, d2) <= (mon, d1):
            return None
        hit.end_y, hit.end_m, hit.end_d, hit.end_prec = y, m2, d2, "day"
    return hit


def _h_mdy(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    return _day_hit(m, voc)


def _h_dmy(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    if m["m1"].rstrip(".") == "May" and not m["y"] and not m["wd"]:
        # "5 May" is fine, but "they 5 May" never occurs; only guard the modal verb
        if re.match(r"\s+[a-z]", text[m.end():]) and not re.search(r"\b(?:on|of|by|since)\s+$", text[: m.start()]):
            return None
    return _day_hit(m, voc)


def _part_start(text: str, start: int, voc: _Vocab) -> int | None:
    """Start of a part-of-period phrase ("early", "the end of") right before `start`."""
    found = voc.part_before.search(text, max(0, start - 32), start)
    return found.start() if found else None


def _h_my(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    if not _year_context_ok(text, m.start("y"), m.end("y"), voc, check_before=False):
        return None
    part = _part_start(text, m.start(), voc)
    start = m.start() if part is None else part
    return _Hit(start, m.end(), int(m["y"]), _month(m["m1"], voc), None, "month")


def _h_m(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    part = _part_start(text, m.start(), voc)
    if part is not None:
        return _Hit(part, m.end(), None, _month(m["m1"], voc), None, "month", kind="bare-month")
    prep = _MONTH_PREP.search(text, max(0, m.start() - 8), m.start())
    if prep is None:
        return None  # a bare "May" or "March" is too often a verb or a name
    word = prep.group(1).lower()
    start = prep.start() if word in {"last", "next", "this", "that"} else m.start()
    return _Hit(start, m.end(), None, _month(m["m1"], voc), None, "month", kind="bare-month",
                value=word if word in {"last", "next"} else None)


def _h_iso(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return _Hit(m.start(), m.end(), y, mo, d, "day") if _valid(y, mo, d) else None


def _h_num(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    mo, d = (b, a) if a > 12 or m["sep"] == "." else (a, b)  # US order unless impossible
    return _Hit(m.start(), m.end(), y, mo, d, "day") if _valid(y, mo, d) else None


def _h_yrange(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    y = int(m["y"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y // 100) * 100 + int(y2s)
    if y2 <= y or y2 - y > 100:
        return None
    if not _year_context_ok(text, m.start(), m.end(), voc):
        return None
    if m.group().rstrip().endswith("s"):
        return None  # "1990-2000s": leave to the decade rule
    return _Hit(m.start(), m.end(), y, prec="year", end_y=y2, end_prec="year")


def _h_decade(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    part = None if m["the"] else _part_start(text, m.start(), voc)
    if m["y"]:
        y = int(m["y"])
    else:
        has_the = bool(m["the"]) or text[part if part is not None else m.start():].lower().startswith("the")
        has_the = has_the or bool(re.search(r"(?i)\bthe\s+$", text[max(0, m.start() - 5): m.start()]))
        # "the sixties and early seventies": a decade word joined to a decade is one too
        has_the = has_the or bool(re.search(r"(?i)(?:\d0s|\bthe\s+(?:(?:early|mid|late)\s+)?[a-z]+ties)\s+(?:and|or|to|through|into)\s+$",
                                            text[max(0, (part if part is not None else m.start()) - 24):
                                                 part if part is not None else m.start()]))
        if not has_the:
            return None  # "in his sixties", "their 90s": ages, not decades
        if m["w"]:
            y = voc.decade_words[m["w"].lower()]
        else:
            yy = int(m["yy"] or m["yy2"])
            y = (2000 if yy <= 10 else 1900) + yy
    return _Hit(m.start() if part is None else part, m.end(), y, prec="decade")


def _in_name(text: str, start: int, end: int, voc: _Vocab) -> bool:
    """The year is part of a law's or treaty's name ("the Foreign Aid Act of 1961", "the 1950
    Friendship Treaty"): it dates the instrument, not what the sentence reports."""
    if voc.name_before is not None and voc.name_before.search(text, max(0, start - 48), start):
        return True
    if voc.name_after is None or not re.search(r"\bthe\s+$", text[max(0, start - 5): start], re.I):
        return False
    return voc.name_after.match(text, end) is not None


def _h_year(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    ys, ye = m.start("y"), m.end("y")
    if _in_name(text, ys, ye, voc):
        return _Hit(ys, ye, int(m["y"]), prec="year", kind="name")
    part = _part_start(text, ys, voc)
    if part is None and ys > 0 and text[ys - 1] == "-":
        return None  # "F-2000", "A-1998"
    if part is None and not _year_context_ok(text, ys, ye, voc):
        return None
    return _Hit(ys if part is None else part, m.end(), int(m["y"]), prec="year")


def _h_anchor(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    key = re.sub(r"^(?:post|pre)-", "", m.group())
    iso = voc.anchors[key]
    y, mo, d = (int(x) for x in iso.split("-"))
    return _Hit(m.start(), m.end(), y, mo, d, "day")


def _h_era(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    key = re.sub(r"\s+(?:era|years)$", "", m.group(), flags=re.I).lower()
    start, end = voc.eras[key]
    return _Hit(m.start(), m.end(), start, prec="decade", end_y=end, end_prec="decade")


def _h_ago(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    n = m["n"].lower()
    count = int(n) if n.isdigit() else voc.numbers[n]
    unit = m["u"].lower()
    return _Hit(m.start(), m.end(), None, kind="rel", value=f"{unit}:{-count}")


def _h_rel(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    return _Hit(m.start(), m.end(), None, kind="rel", value=m.group().lower())


def _h_weekday(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    q = (m["q"] or "").lower()
    return _Hit(m.start(), m.end(), None, kind="rel", value=f"wd:{q}:{voc.weekdays[m['wd']]}")


def _h_vague(m: re.Match[str], text: str, voc: _Vocab) -> _Hit | None:
    return _Hit(m.start(), m.end(), None, prec=None, kind="vague")


_HANDLERS = {
    "mdy": _h_mdy, "dmy": _h_dmy, "my": _h_my, "m": _h_m, "iso": _h_iso, "num": _h_num,
    "yrange": _h_yrange, "decade": _h_decade, "year": _h_year, "anchor": _h_anchor,
    "era": _h_era, "ago": _h_ago, "rel": _h_rel, "weekday": _h_weekday, "vague": _h_vague,
}


def _year_context_ok(text: str, start: int, end: int, voc: _Vocab, check_before: bool = True) -> bool:
    """False when the four digits are an amount, a page or a code rather than a year."""
    before = text[max(0, start - 24): start]
    if re.search(r"[$€£¥₹]\s*$|#\s*$", before):
        return False
    words = re.findall(r"[\w$.]+", before.lower())
    if words and words[-1] in _YEAR_PREPS:
        return True  # "in 2014 troops withdrew"
    if check_before:
        tail2 = " ".join(words[-2:]) if words else ""
        if words and (words[-1] in voc.not_year_before or tail2 in voc.not_year_before):
            return False
    after = text[end: end + 24].lower()
    m = re.match(r"\s*([a-z]+(?:\s+cent)?)", after)
    if m and m.group(1) in voc.not_year_after:
        return False
    return True


# ---------------------------------------------------------------- assembly


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest non-overlapping hits, in text order."""
    chosen: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _merge_ranges(hits: list[_Hit], text: str) -> list[_Hit]:
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in ("abs", "bare-month") and h.kind in ("abs", "bare-month") \
                and prev.end_prec is None and _RANGE_GAP.fullmatch(text[prev.end: h.start]):
            gap = text[prev.end: h.start].strip().lower()
            lead = text[max(0, prev.start - 12): prev.start].lower()
            if gap != "and" or re.search(r"\bbetween\s+$", lead):
                if prev.y is None and h.y is not None:
                    prev.y = h.y
                    prev.kind = "abs"
                    if prev.m is not None and h.m is not None and prev.m > h.m:
                        prev.y = h.y - 1
                prev.end_y = h.end_y if h.end_prec else h.y
                prev.end_m = h.end_m if h.end_prec else h.m
                prev.end_d = h.end_d if h.end_prec else h.d
                prev.end_prec = h.end_prec or h.prec
                prev.end = h.end
                continue
        out.append(h)
    return out


def _extend_preposition(hit: _Hit, text: str) -> None:
    m = _PREP_BEFORE.search(text[max(0, hit.start - 16): hit.start])
    if m and not re.match(r"(?i)(?:in|on|since|from|by|during|last|next|this|that)\b", text[hit.start:]):
        hit.start -= len(m.group())


def _parse_published(published: str | None) -> tuple[dt.date, str] | None:
    if not published:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published.strip())
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    prec = "day" if m[3] else "month" if m[2] else "year"
    try:
        return dt.date(y, mo, d), prec
    except ValueError:
        return None


def _coarser(a: str, b: str) -> str:
    return a if _ORDER[a] >= _ORDER[b] else b


def _fmt(y: int | None, m: int | None, d: int | None, prec: str | None) -> str | None:
    if y is None or prec is None:
        return None
    if prec == "day" and m and d:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if prec in ("day", "month") and m:
        return f"{y:04d}-{m:02d}"
    if prec == "decade":
        return f"{y:04d}"
    return f"{y:04d}"


def _add_months(day: dt.date, n: int) -> dt.date:
    idx = day.year * 12 + day.month - 1 + n
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _nearest_year(month: int, pub: dt.date, how: str | None) -> int:
    """Year for a month named without one: the nearest occurrence, preferring the past."""
    if how == "last":
        return pub.year if month < pub.month else pub.year - 1
    if how == "next":
        return pub.year if month > pub.month else pub.year + 1
    best_year, best = pub.year, None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        diff = (year * 12 + month) - (pub.year * 12 + pub.month)
        cost = diff * 2 if diff > 0 else -diff  # news reports the past more than the future
        if best is None or cost < best:
            best_year, best = year, cost
    return best_year


def _resolve_relative(hit: _Hit, pub: tuple[dt.date, str] | None, voc: _Vocab) -> tuple[str | None, str | None]:
    if pub is None or hit.value is None:
        return None, None
    day, pprec = pub
    key = hit.value
    if key.startswith("wd:"):
        _, q, wd = key.split(":")
        if pprec != "day":
            return _fmt(day.year, day.month, None, pprec), pprec
        delta = (day.weekday() - int(wd)) % 7
        if q == "last" and delta == 0:
            delta = 7
        target = day + dt.timedelta(days=(7 - delta) % 7 or 7) if q == "next" else day - dt.timedelta(days=delta)
        return target.isoformat(), "day"
    if ":" in key:
        unit, n = key.split(":")
        rule: dict[str, Any] = {"unit": unit, "shift": int(n), "precision": "day" if unit == "day" else "month" if unit in ("week", "month") else "year"}
        if unit == "decade":
            rule = {"unit": "year", "shift": int(n) * 10, "precision": "year"}
    else:
        rule = voc.relative[key]
    unit, shift, prec = rule["unit"], int(rule["shift"]), _coarser(rule["precision"], pprec)
    if unit == "day":
        target = day + dt.timedelta(days=shift)
    elif unit == "week":
        target = day + dt.timedelta(days=7 * shift)
    elif unit == "month":
        if pprec == "year" and shift:
            return None, None
        target = _add_months(day, shift)
    else:
        target = dt.date(day.year + shift, 1, 1)
        prec = _coarser("year", pprec)
    return _fmt(target.year, target.month, target.day, prec), prec


def _to_partial(hit: _Hit, text: str, pub: tuple[dt.date, str] | None, offset: int) -> PartialDate:
    span = text[hit.start: hit.end]
    voc = _vocab()
    if hit.kind == "vague":
        return PartialDate(None, None, span, hit.start + offset, hit.end + offset)
    if hit.kind == "rel":
        value, prec = _resolve_relative(hit, pub, voc)
        return PartialDate(value, prec, span, hit.start + offset, hit.end + offset,
                           basis="relative" if value else None)
    y, end_y = hit.y, hit.end_y
    basis = "name" if hit.kind == "name" else "explicit" if y is not None else "relative"
    if y is None:  # a month (and day) named without a year
        if pub is None:
            return PartialDate(None, None, span, hit.start + offset, hit.end + offset)
        y = _nearest_year(hit.m or 1, pub[0], hit.value)
        if hit.end_prec and end_y is None:
            end_y = y if (hit.end_m or 0) >= (hit.m or 0) else y + 1
    value = _fmt(y, hit.m, hit.d, hit.prec)
    end_value = _fmt(end_y, hit.end_m, hit.end_d, hit.end_prec) if hit.end_prec else None
    if end_value is None and pub is not None and re.match(r"(?i)since\b", span):
        end_value = _fmt(pub[0].year, pub[0].month, pub[0].day, _coarser(hit.prec or "year", pub[1]))
    return PartialDate(value, hit.prec, span, hit.start + offset, hit.end + offset, end_value,
                       basis=basis if value else None)


_BARE_WEEKDAY = re.compile(r"(?i:on\s+)?[A-Z][a-z]+day")


def forward_weekday(date: PartialDate, published: str | None) -> PartialDate:
    """The same weekday in the coming week: "will visit on Saturday" said on a Friday is the
    next day, while `find_dates` reads a bare weekday as the last one (news reports the past).
    Other dates are returned as they are."""
    pub = _parse_published(published)
    if pub is None or pub[1] != "day" or date.basis != "relative" or date.value is None \
            or not _BARE_WEEKDAY.fullmatch(date.text or ""):
        return date
    day = dt.date.fromisoformat(date.value)
    if day >= pub[0]:
        return date
    return replace(date, value=(day + dt.timedelta(days=7)).isoformat())


# ---------------------------------------------------------------- dateparser fallback


@lru_cache(maxsize=1)
def _date_data_parser() -> Any:
    from dateparser.date import DateDataParser  # slow import: only when a fallback is needed

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=4096)
def _dateparser_parse(s: str) -> PartialDate | None:
    if len(s) > 64 or not re.search(r"\d", s):
        return None  # long strings are not lone dates; digit-free ones are relative words
    try:
        data = _date_data_parser().get_date_data(s)
    except (ValueError, OverflowError, TypeError) as exc:
        log.debug("dateparser failed on %r: %s", s, exc)
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "month", "year") else "day"
    d = data.date_obj
    return PartialDate(_fmt(d.year, d.month, d.day, period), period, s, 0, len(s))


# ---------------------------------------------------------------- intervals

# where in a decade "early", "mid" and "late" fall (first and last year, counted from its start)
_DECADE_PARTS = {"early": (0, 3), "mid": (3, 6), "middle": (3, 6), "late": (6, 9)}
_PART_WORD = re.compile(r"(?i)\b(early|mid|middle|late)\b")
# "for about a decade", "for nearly twenty years", "for more than 10 years": a stretch from the date
_DURATION = re.compile(
    r"(?i)\bfor\s+(?:about|around|roughly|nearly|almost|some|over|more\s+than|the\s+next|the\s+following)?\s*"
    r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|\d{1,2})\s+"
    r"(?P<u>decades?|years?)\b")
_DURATION_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                   "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30}


def interval(date: PartialDate | None) -> tuple[str, str, str] | None:
    """(first year, last year, precision) of the stretch of time a date expression covers when
    it is wider than one point: a decade ("the 1960s" -> 1960, 1969, "decade"; "the early
    seventies" -> 1970, 1973), an era or a range ("the Cold War", "2002-2017", "since 2001" with
    a publication date, "after 1989 for about a decade" -> "range"). None for a single day,
    month or year, or an unresolved date. Years are ISO strings ("1960")."""
    if date is None or not date.value or not date.value[:4].isdigit():
        return None
    first = int(date.value[:4])
    if date.end_value and date.end_value[:4].isdigit() and int(date.end_value[:4]) > first:
        return str(first), date.end_value[:4], "range"  # a decade alone has no end_value
    if date.precision != "decade":
        return None
    lo, hi = 0, 9
    part = _PART_WORD.search(date.text or "")
    if part:
        lo, hi = _DECADE_PARTS[part.group(1).lower()]
    return str(first + lo), str(first + hi), "decade"


def add_durations(dates: list[PartialDate], text: str, offset: int = 0) -> list[PartialDate]:
    """The same dates, a year followed or preceded by a stretch of time ("after 1989 for about a
    decade", "for twenty years after 1954") given its end (`end_value`), so `interval` reads
    it as a range. `text` is the sentence the dates were found in, starting at `offset`."""
    out = []
    for n, d in enumerate(dates):
        if d.value and d.precision == "year" and not d.end_value and d.start is not None and d.end is not None:
            # the stretch is told in the date's own stretch of text: up to the next date
            following = dates[n + 1].start if n + 1 < len(dates) else None
            stop = following if following is not None else len(text) + offset
            after = _DURATION.search(text[d.end - offset: min(stop - offset, d.end - offset + 120)])
            before = _DURATION.search(text[max(0, d.start - offset - 40): d.start - offset])
            found = after or before
            if found is not None:
                count, unit = found.group("n").lower(), found.group("u").lower()
                years = (int(count) if count.isdigit() else _DURATION_WORDS[count]) * (10 if unit.startswith("decade") else 1)
                d = replace(d, end_value=str(int(d.value[:4]) + years))
        out.append(d)
    return out


def shift_dates(dates: list[PartialDate], offset: int) -> list[PartialDate]:
    """The same dates with offsets moved by `offset` (for callers re-basing sentences)."""
    return [replace(d, start=(d.start or 0) + offset, end=(d.end or 0) + offset) for d in dates]
