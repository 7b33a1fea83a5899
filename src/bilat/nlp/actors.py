"""Actors: find states, organisations and armed groups in text and resolve them to codes.

States resolve to ISO-3 codes (the Soviet Union to RUS); state organs, capitals, leaders and
demonyms resolve to their state; international organisations and armed groups keep their
canonical name ("IMF", "Taliban"). The vocabulary is data (`data/actors.yaml`), extended by
user files of the same format.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence


from bilat import vocab

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

STATE_KINDS = ("state", "demonym", "place", "organ", "leader")
# prepositions after which a capital names a location, not an actor
LOCATIVE = {"in", "at", "near", "into", "outside", "inside", "across", "throughout"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor: token span [start, end) in its Doc, resolved code and kind."""

    code: str | None  # None for a title whose state the context has to supply
    kind: str  # state | demonym | place | organ | leader | org | group | title | first_person | pair
    start: int
    end: int
    text: str
    locative: bool = False  # a place after "in"/"at": where, not who


def _norm(text: str) -> str:
    return text.translate(_QUOTES).lower()


def _is_case_sensitive(alias: str) -> bool:
    # "US", "UN", "LeT": short capitalised aliases collide with common words ("us", "let")
    letters = alias.replace(".", "")
    return len(letters) <= 3 and any(c.isupper() for c in letters)


def load_vocab(extra: Iterable[Path] = ()) -> dict[str, Any]:
    """The packaged actor vocabulary (data/actors.yaml) merged with user files (see
    `bilat.vocab`). Raises VocabError naming the file and line of a bad user file."""
    return vocab.load("actors", extra)


def alias_table(vocab: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(alias, code, kind) for every alias of the actor vocabulary `vocab` (see `load_vocab`):
    pycountry names first, then the YAML. kind: state, demonym, place, organ, ... as listed."""
    import pycountry

    rows: list[tuple[str, str, str]] = []
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                rows.append((name, country.alpha_3, "state"))
                if name.lower().startswith("the "):
                    rows.append((name[4:], country.alpha_3, "state"))
    kinds = {"names": "state", "demonyms": "demonym", "places": "place", "organs": "organ",
             "leaders": "leader"}
    for code, entry in (vocab.get("countries") or {}).items():
        for field, kind in kinds.items():
            for alias in (entry or {}).get(field) or []:
                rows.append((str(alias), str(code), kind))
    for section, kind in (("organisations", "org"), ("groups", "group")):
        for code, aliases in (vocab.get(section) or {}).items():
            for alias in [code, *(aliases or [])]:
                rows.append((str(alias), str(code), kind))
    for title in [*(vocab.get("titles") or []), *(vocab.get("domestic") or [])]:
        rows.append((str(title), "", "title"))
    for pronoun in vocab.get("first_person") or []:
        rows.append((str(pronoun), "", "first_person"))
    for phrase in vocab.get("pairs") or []:
        rows.append((str(phrase), "", "pair"))
    expanded = []
    for alias, code, kind in rows:
        expanded.append((alias, code, kind))
        if alias.lower().startswith("the ") and kind != "state":
            expanded.append((alias[4:], code, kind))
    return expanded


class ActorResolver:
    """Finds actor mentions in parsed text and resolves them to codes."""

    def __init__(self, extra_vocab: Sequence[Path] = ()) -> None:
        self.vocab = load_vocab(extra_vocab)
        # the user files also extend the other vocabularies read with this resolver (triggers)
        self.vocab_files = tuple(str(p) for p in extra_vocab)
        self._table: dict[str, list[tuple[tuple[str, ...], str, str, str | None]]] | None = None

    # -- vocabulary -------------------------------------------------------------------------
    def _build(self) -> dict[str, list[tuple[tuple[str, ...], str, str, str | None]]]:
        from bilat.nlp.pipeline import load_nlp

        tokenizer: Any = load_nlp().tokenizer
        table: dict[str, list[tuple[tuple[str, ...], str, str, str | None]]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        rows = alias_table(self.vocab)
        for (alias, code, kind), doc in zip(rows, tokenizer.pipe(r[0] for r in rows)):
            key = tuple(_norm(t.text) for t in doc)
            exact = alias if _is_case_sensitive(alias) else None
            if not key or (key, exact or "") in seen:
                continue
            seen.add((key, exact or ""))
            table.setdefault(key[0], []).append((key, code, kind, exact))
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
        return table

    @property
    def table(self) -> dict[str, list[tuple[tuple[str, ...], str, str, str | None]]]:
        if self._table is None:
            self._table = self._build()
        return self._table

    # -- matching ---------------------------------------------------------------------------
    def find(self, span: "Doc | Span") -> list[ActorMention]:
        """Every actor mention in a Doc or Span, longest match first, in text order.

        Remembered in the Doc's `user_data` per span: the rules, the scorer and the
        document-level context all ask for the same sentences."""
        doc = span if not hasattr(span, "doc") else span.doc
        key = ("bilat.actors", id(self), getattr(span, "start", 0), getattr(span, "end", len(span)))
        found = doc.user_data.get(key)
        if found is None:
            found = doc.user_data[key] = tuple(self._find(span))
        return list(found)

    def _find(self, span: "Doc | Span") -> list[ActorMention]:
        tokens = list(span)
        norms = [_norm(t.text) for t in tokens]
        filed_at = _dateline_tokens(span)
        out: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            hit = self._match_at(tokens, norms, i)
            if hit:
                length, code, kind = hit
                tok = tokens[i]
                locative = (kind == "place" and i > 0 and norms[i - 1] in LOCATIVE) or tok.i in filed_at
                end_tok = tokens[i + length - 1]
                out.append(ActorMention(code or None, kind, tok.i, end_tok.i + 1,
                                        span.doc[tok.i:end_tok.i + 1].text, locative))
                i += length
                continue
            out.extend(self._match_pieces(tokens[i]))
            i += 1
        return out

    def _match_at(self, tokens: list["Token"], norms: list[str], i: int) -> tuple[int, str, str] | None:
        for key, code, kind, exact in self.table.get(norms[i], ()):
            n = len(key)
            if tuple(norms[i:i + n]) != key:
                continue
            if exact is not None and "".join(t.text for t in tokens[i:i + n]) != exact.replace(" ", ""):
                continue
            if kind == "title" and norms[i] in {"president", "leader", "king"} and i + 1 < len(tokens) \
                    and tokens[i + 1].pos_ == "PROPN" and self._match_at(tokens, norms, i + 1):
                continue  # "President Biden": let the name decide
            return n, code, kind
        return None

    def _match_pieces(self, token: "Token") -> list[ActorMention]:
        """Actors inside a hyphenated token: "U.S.-Pakistan", "U.S.-Taliban"."""
        if "-" not in token.text or len(token.text) < 4:
            return []
        out = []
        for piece in re.split(r"-", token.text):
            entries = self.table.get(_norm(piece), ())
            for key, code, kind, exact in entries:
                if len(key) == 1 and kind not in ("title", "first_person", "pair") and (exact is None or exact == piece):
                    out.append(ActorMention(code, kind, token.i, token.i + 1, piece))
                    break
        return out

    # -- resolution -------------------------------------------------------------------------
    def resolve(self, text: str, context: str | None = None) -> list[str]:
        """Codes of the actors named in `text`, in order, without repeats; a bare title takes
        the single state named in `context` (if any)."""
        from bilat.nlp.pipeline import load_nlp

        doc = load_nlp().tokenizer(text)
        mentions = self.find(doc)
        fallback = None
        if context:
            states = {m.code for m in self.find(load_nlp().tokenizer(context)) if m.code}
            fallback = states.pop() if len(states) == 1 else None
        codes: list[str] = []
        for m in mentions:
            code = m.code or (fallback if m.kind == "title" else None)
            if code and code not in codes:
                codes.append(code)
        return codes


def _dateline_tokens(span: "Doc | Span") -> set[int]:
    """Tokens of wire datelines in `span`: where a report was filed, never who acted. A
    sentence is checked at its start (a dateline is a sentence of its own), a Doc whole."""
    from bilat.nlp.datelines import dateline_end, dateline_spans

    if not hasattr(span, "start"):
        ranges = dateline_spans(span.doc)
    else:
        end = dateline_end(span.doc, span.start)
        ranges = [(span.start, end)] if end is not None else []
    return {i for start, end in ranges for i in range(start, end)}


def dominant_state(mentions: Iterable[ActorMention]) -> str | None:
    """The state a text talks most about (ties: the first named)."""
    counts = Counter(m.code for m in mentions if m.code and m.kind in STATE_KINDS and not m.locative)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def main_pair(mentions: Iterable[ActorMention]) -> tuple[str, str] | None:
    """The two states a text talks most about (ties: the first named), for "the two sides"."""
    counts = Counter(m.code for m in mentions if m.code and m.kind in STATE_KINDS and not m.locative)
    top = [code for code, _ in counts.most_common(2)]
    return (top[0], top[1]) if len(top) == 2 else None


def default_resolver(extra: tuple[Path, ...] = ()) -> ActorResolver:
    """One resolver per vocabulary set and process (`default_resolver()` and
    `default_resolver(())` share it: the vocabulary is parsed once)."""
    return _cached_resolver(tuple(extra))


@lru_cache(maxsize=4)
def _cached_resolver(extra: tuple[Path, ...]) -> ActorResolver:
    return ActorResolver(list(extra))
