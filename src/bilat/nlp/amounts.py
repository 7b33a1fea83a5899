"""Amounts in text: money, percentages and counts of people or things.

`find_amounts` uses precompiled regular expressions only (no parse), so it can
run on every sentence. Money is normalised to a float in currency units with an
ISO code ("$450 million" -> 450000000.0 USD, "Rs. 500 crore" -> 5e9 PKR);
percentages get the unit "percent"; counts get the counted noun as written,
lower-cased ("1,500 troops" -> 1500.0 "troops"). Years and dates are never
amounts: spans that `bilat.dates.find_dates` reads as dates are dropped.

Currencies, magnitudes, number words and label words live in
``data/currencies.yaml``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


from bilat import vocab
from bilat.dates import find_dates
from bilat.model import Amount

log = logging.getLogger(__name__)

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_STOP = frozenset(
    "of to in on at by for from with was were is are has have had will would the a an per than "
    "that which who this these those its their his her our your been be being and or as into "
    "across over under each every while when where if not no also only just".split()
)
_NOT_NOUN_S = frozenset(
    "this its was has is as us thus plus less across always perhaps towards besides various numerous "
    "serious previous famous nervous whereas afterwards has does".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*|[^\sA-Za-z]")


@dataclass(frozen=True)
class _Vocab:
    prefix: dict[str, str]
    suffix: dict[str, str]
    nationality: dict[str, str]
    multipliers: dict[str, float]
    number_words: dict[str, int]
    vague: dict[str, int]
    labels: frozenset[str]
    not_counted: frozenset[str]
    irregular: frozenset[str]
    money_pre: re.Pattern[str]
    money_post: re.Pattern[str]
    shared_mult: re.Pattern[str]
    percent: re.Pattern[str]
    count: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    raw: dict[str, Any] = vocab.load("currencies")
    mults = {k.lower(): float(v) for k, v in raw["multipliers"].items()}
    long_mult = [k for k in mults if len(k) > 3]
    mult = rf"(?P<mult>(?i:{_alt(list(mults))}))(?![A-Za-z])"
    words = {k.lower(): int(v) for k, v in raw["number_words"].items()}
    wn = _alt([w for w in words if w not in ("million", "billion", "trillion", "thousand")])
    word_num = (rf"(?:(?:a|an)\s+(?:dozen|hundred|thousand)|(?:{wn}))"
                rf"(?:(?:[\s-]+(?:and\s+)?)(?:{wn}))*")
    qual = rf"(?P<q>(?:{_alt(raw['qualifiers'])})\s+)?"
    vague = {k.lower(): int(v) for k, v in raw["vague_numbers"].items()}
    pre = _alt(list(raw["prefix"]))
    suffix_words = list(raw["suffix"]) + list(raw["nationality"])
    post_mult = rf"(?:\s*(?P<mult>(?i:{_alt(long_mult)}))\b)?"
    # the magnitude may follow a hyphen ("$1.2-billion"); the guard after the number and at the
    # end refuses only a digit (a partial number), so "$450 million, the ..." keeps its million
    money_pre = re.compile(
        rf"(?i:{qual})\\?(?P<cur>{pre})\s*(?P<num>{_NUM})(?!,?\d)"
        rf"(?:\s*(?:-|–|to)\s*(?:\\?(?:{pre})\s*)?{_NUM})?"
        rf"(?:(?:\s*|-){mult})?(?P<plus>-plus|\+)?(?:\s+(?i:dollars|rupees))?(?!,?\d)"
    )
    # "between $400 and $450 million": the second number's magnitude is the first's too
    shared_mult = re.compile(
        rf"\s*(?:and|or|to|-|–)\s*\\?(?:{pre})?\s*{_NUM}(?:\s*|-)(?P<mult>(?i:{_alt(long_mult)}))\b"
    )
    money_post = re.compile(
        rf"(?i:{qual}(?P<num>{_NUM}|\b{word_num}){post_mult}\s+(?P<cur>{_alt(suffix_words)}|usd|pkr|inr|eur|gbp|cny)\b)"
    )
    percent = re.compile(
        rf"(?i:{qual}(?P<num>{_NUM}|\b{word_num})\s*(?P<u>%|percent\b|per\s+cent\b|pc\b|percentage\s+points?\b))"
    )
    count = re.compile(
        rf"(?i:{qual})(?<![\w.$€£¥₹/\\-])(?:(?P<vague>(?i:{_alt(list(vague))}))\s+of|"
        rf"(?P<num>{_NUM}|(?i:\b{word_num})){post_mult})(?=\s)(?![\s]*(?:%|percent|per cent))"
    )
    return _Vocab(
        prefix={k: str(v) for k, v in raw["prefix"].items()},
        suffix={k.lower(): str(v) for k, v in raw["suffix"].items()},
        nationality={k.lower(): str(v) for k, v in raw["nationality"].items()},
        multipliers=mults,
        number_words=words,
        vague=vague,
        labels=frozenset(w.lower() for w in raw["label_words"]),
        not_counted=frozenset(w.lower() for w in raw["not_counted"]),
        irregular=frozenset(w.lower() for w in raw["irregular_plurals"]),
        money_pre=money_pre,
        money_post=money_post,
        shared_mult=shared_mult,
        percent=percent,
        count=count,
    )


# ---------------------------------------------------------------- public API


def find_amounts(text: str, offset: int = 0) -> list[Amount]:
    """Money, percentages and counts in `text`, in order, offsets shifted by `offset`."""
    if not text or not re.search(r"\d|(?i:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                                 r"twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                                 r"thousand|dozen|dozens|hundreds|thousands|millions|scores)\b)", text):
        return []
    voc = _vocab()
    found: list[tuple[int, int, float, str, int]] = []  # start, end, value, unit, priority
    for m in voc.money_pre.finditer(text):
        value = _number(m["num"], voc) * _mult(m["mult"] or _shared_mult(m, text, voc), voc)
        found.append((m.start(), m.end(), value, voc.prefix[m["cur"]], 3))
    for m in voc.money_post.finditer(text):
        value = _number(m["num"], voc) * _mult(m["mult"], voc)
        found.append((m.start(), m.end(), value, _suffix_code(m["cur"], voc), 3))
    for m in voc.percent.finditer(text):
        unit = "percentage points" if m["u"].lower().startswith("percentage") else "percent"
        found.append((m.start(), m.end(), _number(m["num"], voc), unit, 2))
    for m in voc.count.finditer(text):
        hit = _count(m, text, voc)
        if hit is not None:
            found.append(hit)
    if not found:
        return []
    date_spans = [(d.start or 0, d.end or 0) for d in find_dates(text) if d.value]
    out: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for start, end, value, unit, _ in sorted(found, key=lambda h: (-h[4], -(h[1] - h[0]), h[0])):
        if any(start < e and end > s for s, e in taken):
            continue
        if any(start < e and end > s for s, e in date_spans) and unit not in voc.prefix.values():
            continue
        if value <= 0:
            continue
        taken.append((start, end))
        out.append(Amount(value, unit, text[start:end], start + offset, end + offset))
    return sorted(out, key=lambda a: a.start or 0)


# ---------------------------------------------------------------- helpers


def _mult(word: str | None, voc: _Vocab) -> float:
    return voc.multipliers.get(word.lower(), 1.0) if word else 1.0


def _shared_mult(m: re.Match[str], text: str, voc: _Vocab) -> str | None:
    """The magnitude word a bare money number shares with the next one ("$400 and $450
    million"), or None; only for small numbers, since "$400,000 and $2 million" share nothing."""
    if _number(m["num"], voc) >= 1000:
        return None
    nxt = voc.shared_mult.match(text, m.end())
    return nxt["mult"] if nxt else None


def _number(s: str, voc: _Vocab) -> float:
    s = s.strip()
    if re.fullmatch(_NUM, s):
        return float(s.replace(",", ""))
    total, current = 0, 0
    for w in re.split(r"[\s-]+", s.lower()):
        if w in ("a", "an"):
            current = max(current, 1)
        elif w == "and":
            continue
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += max(current, 1) * voc.number_words[w]
            current = 0
        elif w == "dozen":
            current = max(current, 1) * 12
        else:
            current += voc.number_words.get(w, 0)
    return float(total + current)


def _suffix_code(cur: str, voc: _Vocab) -> str:
    key = re.sub(r"\s+", " ", cur.lower())
    return voc.nationality.get(key) or voc.suffix.get(key) or key.upper()


def _count(m: re.Match[str], text: str, voc: _Vocab) -> tuple[int, int, float, str, int] | None:
    """A number followed, within a few modifiers, by the noun it counts."""
    start = m.start()
    num_start = m.start("num") if m["num"] else m.start("vague")
    before = text[max(0, num_start - 20): num_start].lower().split()
    if before and (before[-1] in voc.labels or before[-1].rstrip("(") in voc.labels):
        return None
    if num_start > 0 and text[num_start - 1] in "-/#":
        return None
    if m["vague"]:
        value = float(voc.vague[re.sub(r"\s+", " ", m["vague"].lower())])
    else:
        value = _number(m["num"], voc) * _mult(m["mult"], voc)
        if m["num"].lower() in ("one", "a", "an") or value == 1 and not m["mult"]:
            return None  # "one of the ...": almost never a count worth reporting
    noun = _counted_noun(text, m.end(), voc)
    if noun is None:
        return None
    word, end = noun
    unit = word.lower()
    if unit in voc.suffix or unit in ("dollars", "rupees"):
        return (start, end, value, voc.suffix.get(unit, "USD"), 3)
    return (start, end, value, unit, 1)


def _counted_noun(text: str, pos: int, voc: _Vocab) -> tuple[str, int] | None:
    """The first plural noun after `pos`, skipping up to four modifiers."""
    skipped = 0
    for tok in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        w = tok.group()
        lw = w.lower().strip(".")
        if not w[0].isalpha():
            return None
        if lw in voc.irregular:
            nxt = re.match(r"\s+([a-z]+s)\b", text[tok.end():])
            if nxt and nxt.group(1) not in _STOP and nxt.group(1) not in voc.not_counted:
                return nxt.group(1), tok.end() + nxt.end()  # "police officers"
            return w, tok.end()
        if lw in _STOP and lw != "and":
            return None
        if w[0].islower() and lw.endswith("s") and len(lw) > 3 and lw not in _NOT_NOUN_S \
                and not lw.endswith(("ss", "ous", "'s", "’s", "us", "is")):
            if lw in voc.not_counted:
                return None
            return w.rstrip("."), tok.start() + len(w.rstrip("."))
        skipped += 1
        if skipped > 4:
            return None
    return None
