"""Stored fused events: the SQL behind incremental fusion and the event views.

`EventTables` is mixed into `Store`. Fusion itself (which mentions make one event) is decided in
`bilat.analysis.assign`; this module only reads candidates, writes what fusion decided and
answers the views' questions (filtered and paged events, one event, theme counts per period)
in SQL, so that Python receives only the rows a view shows.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from bilat.model import Amount, Citation, Event, MentionKey, Sentence, StoredEvent
from bilat.store.schema import LATEST_PER_BLOCK, block_rows
from bilat.store.sql import SQLPart

# a new mention's candidates: stored mentions of its family that share an actor and whose
# dates overlap its own, or lie within two days of it (fusion's near miss); undated ones always
_DAYS_APART = 2
_EVENT_COLUMNS = (
    "id, category, source_actor, target_actor, date, date_precision, modality, quote, intensity, "
    "themes, amount_value, amount_unit, amount_text, disagreements, date_basis, date_start, date_end"
)
_STORED_COLUMNS = (
    f"{_EVENT_COLUMNS}, first_seq, first_start, first_mention, tags, drivers, actor_a, actor_b, "
    "year_key, quarter_key, month_key, n_docs"
)
PERIOD_COLUMNS = {"year": "year_key", "quarter": "quarter_key", "month": "month_key"}
_DATE_ORDER = "coalesce(e.date, '') = '', e.date, e.id"  # undated last
# the columns a brief event leaves unread (Store.events(brief=True))
_BRIEF = {"quote": "'' AS quote", "intensity": "NULL AS intensity", "themes": "NULL AS themes",
          "amount_value": "NULL AS amount_value", "amount_unit": "NULL AS amount_unit",
          "amount_text": "NULL AS amount_text", "disagreements": "NULL AS disagreements"}
# up to this many keys are looked up as a list of values, more as one list parameter (within
# point_lookups DuckDB reads both from the index; past about 50 keys the parameter is faster)
_KEYS_INLINE = 50
_ROWS_PER_INSERT = 200
# point_lookups: the longest key list and the most rows read through an index
_LOOKUP_KEYS = 20_000
_LOOKUP_ROWS = 50_000


@dataclass(frozen=True)
class EventFilters:
    """The filters every event view takes (all optional; see `bilat.analysis.timeline.matches`):
    ISO partial dates `date_from`/`date_to` (a date filter drops undated events), `actor` (source
    or target code, any case), `category` (any case), `theme` (as views count themes), `modality`
    and `q` (a case-insensitive substring of the event's quote or of a cited quote)."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    category: str | None = None
    theme: str | None = None
    modality: str | None = None
    q: str | None = None
    members: tuple[str, ...] = ()  # events in which one of these (folded) codes takes part
    dyad: tuple[str, ...] = ()  # events between these two (folded) codes, either way round

    @classmethod
    def of(cls, filters: Mapping[str, Any]) -> EventFilters:
        """Filters from keyword values (as `resolve_filters` gives them); unknown keys raise."""
        return cls(**filters)

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """(SQL condition over events `e`, parameters) equivalent to the Python filter. Over
        mentions (`alias` "m") only the date, actor, category and modality filters apply."""
        if alias != "e" and (self.theme or self.q or self.members or self.dyad):
            raise ValueError("theme, q, members and dyad filter events only")
        clauses: list[str] = []
        params: list[Any] = []
        # comparisons of whole values, no substrings: a million rows are scanned in tens of ms
        if self.date_from:
            # a partial date is kept when the period it names reaches the bound ("2011" >= "2011-05"):
            # it sorts after the bound, or is the start of it
            clauses.append(f"{alias}.date <> '' AND ({alias}.date >= ? OR starts_with(?, {alias}.date))")
            params += [self.date_from] * 2
        if self.date_to:
            # its first len(bound) characters are at most the bound: before it, or starting with it
            clauses.append(f"{alias}.date <> '' AND ({alias}.date <= ? OR starts_with({alias}.date, ?))")
            params += [self.date_to] * 2
        if self.actor:
            clauses.append(f"(upper({alias}.source_actor) = ? OR upper({alias}.target_actor) = ?)")
            params += [self.actor.upper()] * 2
        if self.category:
            clauses.append(f"upper({alias}.category) = ?")
            params.append(self.category.upper())
        if self.modality == "occurred":  # a mention without one occurred
            clauses.append(f"({alias}.modality IS NULL OR {alias}.modality = 'occurred')")
        elif self.modality:
            clauses.append(f"{alias}.modality = ?")
            params.append(self.modality)
        if self.members:
            marks = ", ".join(["?"] * len(self.members))
            clauses.append(f"(e.actor_a IN ({marks}) OR e.actor_b IN ({marks}))")
            params += [*self.members, *self.members]
        if self.dyad:
            first, second = self.dyad
            clauses.append("((e.actor_a = ? AND e.actor_b = ?) OR (e.actor_a = ? AND e.actor_b = ?))")
            params += [first, second, second, first]
        if self.theme:
            clauses.append("(list_contains(e.tags, ?) OR list_contains(e.drivers, ?))")
            params += [self.theme] * 2
        if self.q:
            clauses.append(
                "(contains(lower(e.quote), ?) OR EXISTS (SELECT 1 FROM event_mentions em "
                "JOIN mentions m ON m.id = em.mention_id WHERE em.event_id = e.id "
                "AND contains(lower(m.quote), ?)))"
            )
            params += [self.q.lower()] * 2
        return (" AND ".join(clauses) or "TRUE"), params


class EventTables(SQLPart):
    """SQL over the `events`, `event_mentions`, `fusion_blocks` and `fusion_terms` tables (schema 7)."""

    # -- fusion: candidates and writes ------------------------------------------------------
    @contextmanager
    def point_lookups(self) -> Iterator[None]:
        """Within it, this thread's reads by a list of keys (`IN (SELECT unnest(?))`) use the
        tables' indexes for lists of up to _LOOKUP_KEYS keys and _LOOKUP_ROWS rows: DuckDB
        otherwise scans the whole table past 50 keys or 2,048 rows. For look-ups of a row or
        two per key (members of events, mentions, documents by id); not nested."""
        conn = self.conn
        conn.execute(f"SET SESSION dynamic_or_filter_threshold = {_LOOKUP_KEYS}")
        conn.execute(f"SET SESSION index_scan_max_count = {_LOOKUP_ROWS}")
        try:
            yield
        finally:
            conn.execute("RESET SESSION dynamic_or_filter_threshold")
            conn.execute("RESET SESSION index_scan_max_count")

    def fusion_candidates(
        self, keys: Sequence[MentionKey], exclude: Iterable[str] = (), per_key: int | None = None
    ) -> set[str]:
        """Ids of stored events with a member that could be one event with a mention in `keys`
        (same family, a shared actor, dates overlapping or two days apart, or either undated),
        leaving out the events in `exclude`. With `per_key`, only that many members per key
        count: the dated ones nearest in time first, then the undated ones latest (greatest
        mention id) first.

        With `per_key` (at most LATEST_PER_BLOCK) the members are found by point look-ups in
        `fusion_blocks`: the periods a dated key's window touches, and the latest members of
        its blocks, so the rows read depend on how many members share a key's block and period,
        not on the size of the store. Without it, every member of the keys' blocks is read."""
        # identical keys find identical candidates: look each up once
        keys = list({(k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi): k for k in keys}.values())
        if not keys:
            return set()
        if per_key is None or per_key > LATEST_PER_BLOCK:
            rows = self._block_candidates(keys, per_key)
        else:
            with self.point_lookups():
                mentions = [r[0] for r in self._bucket_candidates(keys, per_key)]
                rows = self.conn.execute(
                    "SELECT DISTINCT event_id FROM event_mentions WHERE mention_id IN (SELECT unnest(?))",
                    [mentions]).fetchall()
        skip = set(exclude)
        return {r[0] for r in rows if r[0] not in skip}

    def _bucket_candidates(self, keys: Sequence[MentionKey], per_key: int) -> list[tuple[Any, ...]]:
        numbers: list[int] = []
        buckets: list[str] = []
        for n, k in enumerate(keys):
            for actor in dict.fromkeys((k.actor_a, k.actor_b)):
                for period in block_periods(k.day_lo, k.day_hi):
                    numbers.append(n)
                    buckets.append(f"{k.family}|{actor}|{period}")
        # the look-up by bucket alone (an index scan), then the exact test on those rows
        return self.conn.execute(
            f"""WITH keys AS (SELECT unnest(?) AS n, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi),
                kb AS (SELECT unnest(?) AS n, unnest(?) AS bucket),
                rows AS (SELECT * FROM fusion_blocks WHERE bucket IN (SELECT unnest(?))),
                hits AS (SELECT DISTINCT keys.n, keys.lo, r.mention_id, r.day_lo
                         FROM kb JOIN rows r ON r.bucket = kb.bucket JOIN keys ON keys.n = kb.n
                         WHERE r.day_lo IS NULL OR keys.lo IS NULL
                            OR (r.day_lo <= keys.hi + {_DAYS_APART} AND r.day_hi >= keys.lo - {_DAYS_APART})),
                best AS (SELECT mention_id FROM hits
                         QUALIFY row_number() OVER (PARTITION BY n ORDER BY day_lo IS NULL,
                             abs(date_diff('day', coalesce(lo, day_lo), day_lo)), mention_id DESC) <= ?)
                SELECT DISTINCT mention_id FROM best""",
            [list(range(len(keys))), [k.day_lo for k in keys], [k.day_hi for k in keys],
             numbers, buckets, sorted(set(buckets)), int(per_key)],
        ).fetchall()

    def _block_candidates(self, keys: Sequence[MentionKey], per_key: int | None) -> list[tuple[Any, ...]]:
        # the keys travel as six lists (one parameter each): planning a statement with
        # thousands of parameters costs more than running it
        params: list[Any] = [list(range(len(keys))), [k.family for k in keys], [k.actor_a for k in keys],
                             [k.actor_b for k in keys], [k.day_lo for k in keys], [k.day_hi for k in keys]]
        limit = ""
        if per_key is not None:
            limit = ("QUALIFY row_number() OVER (PARTITION BY n ORDER BY day_lo IS NULL, "
                     "abs(date_diff('day', coalesce(lo, day_lo), day_lo)), mention_id DESC) <= ?")
            params.append(int(per_key))
        # one equality join on (family, actor) over members listed once per actor they name:
        # hash joins, where an OR of actor columns would compare every key with its whole family
        return self.conn.execute(
            f"""WITH keys AS (SELECT unnest(?) AS n, unnest(?) AS family, unnest(?) AS a,
                                     unnest(?) AS b, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi),
                kx AS (SELECT DISTINCT n, family, unnest([a, b]) AS actor, lo, hi FROM keys),
                mx AS (SELECT mention_id, event_id, family, actor_a AS actor, day_lo, day_hi FROM event_mentions
                       UNION ALL SELECT mention_id, event_id, family, actor_b, day_lo, day_hi
                       FROM event_mentions WHERE actor_b <> actor_a),
                hits AS (SELECT DISTINCT kx.n, kx.lo, mx.mention_id, mx.event_id, mx.day_lo FROM kx
                         JOIN mx ON kx.family = mx.family AND kx.actor = mx.actor
                         WHERE mx.day_lo IS NULL OR kx.lo IS NULL
                            OR (mx.day_lo <= kx.hi + {_DAYS_APART} AND mx.day_hi >= kx.lo - {_DAYS_APART}))
                SELECT event_id FROM hits {limit}""",
            params,
        ).fetchall()

    def mention_keys(self, event_ids: Iterable[str]) -> list[MentionKey]:
        """The blocking keys of every member of the given events."""
        ids = sorted(set(event_ids))
        if not ids:
            return []
        with self.point_lookups():
            rows = self._rows("SELECT * FROM event_mentions WHERE event_id IN (SELECT unnest(?))", [ids])
        return [MentionKey(**r) for r in rows]

    def unfused_documents(self) -> list[str]:
        """Ids, in ingestion order, of analysed documents with mentions fusion has not seen
        (written by an older bilat, or by a caller that stored without fusing)."""
        rows = self.conn.execute(
            """SELECT d.id FROM documents d WHERE d.duplicate_of IS NULL AND EXISTS (
                   SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND NOT EXISTS (
                       SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id))
               ORDER BY d.seq"""
        ).fetchall()
        return [r[0] for r in rows]

    def fusion_size(self) -> int:
        """How many mentions fusion has assigned (the n of its TF-IDF)."""
        return self._count("SELECT count(*) FROM event_mentions")

    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequency (mentions whose quote has the term) of each of `terms`."""
        wanted = sorted(set(terms))
        if not wanted:
            return {}
        rows = self.conn.execute(
            "SELECT term, df FROM fusion_terms WHERE term IN (SELECT unnest(?))", [wanted]
        ).fetchall()
        return dict(rows)

    def add_terms(self, counts: Counter[str]) -> None:
        """Add mention counts per term (one per mention that has it)."""
        if not counts:
            return
        known = self.term_counts(counts)
        old = sorted(t for t in counts if t in known)
        if old:
            self.conn.execute(
                "UPDATE fusion_terms SET df = df + $n[list_position($t, term)] WHERE term IN (SELECT unnest($t))",
                {"t": old, "n": [counts[t] for t in old]})
        _insert(self.conn, "fusion_terms", [(t, n) for t, n in sorted(counts.items()) if t not in known])

    def replace_events(
        self, removed: Iterable[str], added: Sequence[StoredEvent], keys: Sequence[MentionKey]
    ) -> None:
        """Apply one fusion decision: drop `removed` events, write `added`, and point each
        mention in `keys` at its event (inserting the keys of mentions new to fusion).
        Call inside the document's transaction."""
        gone = sorted(set(removed))
        with self.point_lookups():
            if gone:
                self.conn.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [gone])
            known = {r[0]: r[1] for r in self.conn.execute(
                "SELECT mention_id, event_id FROM event_mentions WHERE mention_id IN (SELECT unnest(?))",
                [[k.mention_id for k in keys]],
            ).fetchall()}
        _insert(self.conn, "events", [_stored_row(s) for s in added], _STORED_COLUMNS)
        moved = [(k.mention_id, k.event_id) for k in keys if k.mention_id in known and known[k.mention_id] != k.event_id]
        if moved:
            # rows found by mention id (index scans), their new event read from the parameters
            with self.point_lookups():
                self.conn.execute(
                    "UPDATE event_mentions SET event_id = $e[list_position($m, mention_id)] "
                    "WHERE mention_id IN (SELECT unnest($m))", {"m": [m for m, _ in moved], "e": [e for _, e in moved]})
        fresh = [k for k in keys if k.mention_id not in known]
        _insert(self.conn, "event_mentions", [
            (k.mention_id, k.event_id, k.family, k.actor_a, k.actor_b, k.day_lo, k.day_hi) for k in fresh
        ])
        self._add_blocks(fresh)

    def _add_blocks(self, keys: Sequence[MentionKey]) -> None:
        """File new members under their blocks' periods and, while among the latest of a
        block, under its latest (at most LATEST_PER_BLOCK each, the rest dropped)."""
        if not keys:
            return
        members = ("(SELECT unnest($m) AS mention_id, unnest($f) AS family, "
                   "unnest($a) AS actor_a, unnest($b) AS actor_b, unnest($lo::DATE[]) AS day_lo, "
                   "unnest($hi::DATE[]) AS day_hi)")
        self.conn.execute(f"INSERT INTO fusion_blocks {block_rows(members)}", {
            "m": [k.mention_id for k in keys], "f": [k.family for k in keys],
            "a": [k.actor_a for k in keys], "b": [k.actor_b for k in keys],
            "lo": [k.day_lo for k in keys], "hi": [k.day_hi for k in keys]})
        latest = sorted({f"{k.family}|{actor}|{'~u' if k.day_lo is None else '~d'}"
                         for k in keys for actor in (k.actor_a, k.actor_b)})
        self.conn.execute(
            f"""DELETE FROM fusion_blocks WHERE bucket IN (SELECT unnest($b))
                AND bucket || chr(0) || mention_id IN (
                    SELECT bucket || chr(0) || mention_id FROM fusion_blocks WHERE bucket IN (SELECT unnest($b))
                    QUALIFY row_number() OVER (PARTITION BY bucket ORDER BY mention_id DESC) > {LATEST_PER_BLOCK})""",
            {"b": latest})

    def clear_events(self) -> None:
        """Forget every fusion result (before `bilat rebuild` fuses everything again)."""
        for table in ("events", "event_mentions", "fusion_blocks", "fusion_terms"):
            self.conn.execute(f"DELETE FROM {table}")

    # -- views --------------------------------------------------------------------------------
    def events(
        self,
        filters: EventFilters | None = None,
        limit: int | None = None,
        offset: int = 0,
        by_date: bool = True,
        citations: bool = True,
        brief: bool = False,
    ) -> list[Event]:
        """Stored events passing `filters`: in date order (undated last, then by id) when
        `by_date`, else in the order of their first mention; a page of `limit` from `offset`.
        Without `citations` the events come without their sources (cheaper for counts); `brief`:
        only id, category, actors, date fields and modality are read (what the index reads),
        the quote empty, intensity 0, no themes, amount or disagreements."""
        where, params = (filters or EventFilters()).where()
        order = _DATE_ORDER if by_date else "e.first_seq, e.first_start, e.first_mention"
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params = [*params, int(limit), int(offset)]
        elif offset:
            page = " OFFSET ?"
            params = [*params, int(offset)]
        cols = ", ".join(_BRIEF.get(c.strip(), f"e.{c.strip()}") if brief else f"e.{c.strip()}"
                         for c in _EVENT_COLUMNS.split(","))
        if limit is not None:  # sort the ids alone, then read the page's rows (a quarter faster at 1M)
            where = f"e.id IN (SELECT e.id FROM events e WHERE {where} ORDER BY {order}{page})"
            page = ""
        rows = self._rows(f"SELECT {cols} FROM events e WHERE {where} ORDER BY {order}{page}", params)
        events = [_event(r) for r in rows]
        if citations:
            self._attach_citations(events)
        return events

    def event_order(self) -> list[str]:
        """The id of every stored event in date order (undated last, then by id), as `events`
        lists them: a server keeps it per snapshot and cuts any page of the unfiltered list
        from it, where SQL would sort every event again for each page (seconds at 1,000,000)."""
        found = self.conn.execute(f"SELECT e.id FROM events e ORDER BY {_DATE_ORDER}").fetchnumpy()
        return [str(i) for i in found["id"]]

    def events_by_id(self, ids: Sequence[str], citations: bool = True) -> list[Event]:
        """The stored events with these ids, in the order given (unknown ids left out); looked
        up by key, so the cost is that of the ids asked for, not of the store."""
        if not ids:
            return []
        cols = ", ".join(f"e.{c.strip()}" for c in _EVENT_COLUMNS.split(","))
        condition, params = _among("e.id", ids)
        with self.point_lookups():
            found = {r["id"]: _event(r) for r in self._rows(f"SELECT {cols} FROM events e WHERE {condition}", params)}
        events = [found[i] for i in ids if i in found]
        if citations:
            self._attach_citations(events)
        return events

    def event_count(self, filters: EventFilters | None = None) -> int:
        """How many stored events pass `filters`."""
        where, params = (filters or EventFilters()).where()
        return self._count(f"SELECT count(*) FROM events e WHERE {where}", params)

    def event(self, event_id: str) -> Event | None:
        """One stored event with its citations, or None."""
        cols = ", ".join(f"e.{c.strip()}" for c in _EVENT_COLUMNS.split(","))
        rows = self._rows(f"SELECT {cols} FROM events e WHERE e.id = ?", [event_id])
        if not rows:
            return None
        event = _event(rows[0])
        self._attach_citations([event])
        return event

    def search_stamp(self) -> str:
        """What a stored search index must have been built from: sentence and document counts
        and the last document's seq (documents are only ever added)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM sentences), count(*), coalesce(max(seq), 0) FROM documents"
        ).fetchone() or (0, 0, 0)
        return "sentences {} documents {} last {}".format(*row)

    def sentences_by_key(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
        """The stored sentences with these (document id, index) keys."""
        if not keys:
            return {}
        wanted = {(k[0], int(k[1])) for k in keys}
        rows = self.conn.execute(  # by document first: a join on both keys would scan every sentence
            "SELECT doc_id, idx, start_char, end_char, text, paragraph FROM sentences "
            "WHERE doc_id = ANY(?) AND idx = ANY(?)",
            [sorted({k[0] for k in wanted}), sorted({k[1] for k in wanted})],
        ).fetchall()
        return {(r[0], r[1]): Sentence(doc_id=r[0], index=r[1], start=r[2], end=r[3], text=r[4],
                                       paragraph=r[5] or 0) for r in rows if (r[0], r[1]) in wanted}

    def mention_events(self, doc_id: str) -> dict[str, str]:
        """Mention id -> event id for the mentions of one document."""
        return dict(self.conn.execute(
            "SELECT em.mention_id, em.event_id FROM event_mentions em JOIN mentions m "
            "ON m.id = em.mention_id WHERE m.doc_id = ?", [doc_id]).fetchall())

    def member_volume(self, members: Sequence[str], freq: str) -> dict[str, int]:
        """Period label ("2011", "2011Q2", "2011-05") -> how many occurred events one of
        `members` (folded codes) takes part in, among events dated precisely enough for `freq`:
        the denominator of the index per 100 events (bilat.analysis.index.per_100), counted here
        rather than over every such event in Python."""
        where, params = EventFilters(members=tuple(members), modality="occurred").where()
        col = PERIOD_COLUMNS[freq]
        rows = self.conn.execute(
            f"SELECT e.{col}, count(*) FROM events e WHERE {where} AND e.{col} IS NOT NULL GROUP BY 1", params
        ).fetchall()
        return {str(period): int(n) for period, n in rows}

    def theme_counts(self, freq: str) -> list[tuple[str, str, str, int, int]]:
        """(period label, kind "theme"|"driver", name, events tagged, period's tagged events)
        per period and tag, periods in order, themes before drivers, most events first.
        Events dated too coarsely for `freq` are left out."""
        col = PERIOD_COLUMNS[freq]
        return self.conn.execute(
            f"""WITH tags AS (
                    SELECT {col} AS period, 'theme' AS kind, unnest(tags) AS name, id FROM events
                    WHERE {col} IS NOT NULL
                    UNION ALL
                    SELECT {col}, 'driver', unnest(drivers), id FROM events WHERE {col} IS NOT NULL),
                totals AS (SELECT period, count(DISTINCT id) AS n FROM tags GROUP BY period)
                SELECT t.period, t.kind, t.name, count(DISTINCT t.id) AS c, any_value(totals.n)
                FROM tags t JOIN totals USING (period)
                GROUP BY t.period, t.kind, t.name
                ORDER BY t.period, t.kind <> 'theme', c DESC, t.name"""
        ).fetchall()

    def _attach_citations(self, events: list[Event]) -> None:
        """Fill each event's citations (members ordered by document id and offset). Three
        look-ups by key rather than one join, which would scan every mention."""
        if not events:
            return
        by_id = {e.id: e for e in events}
        with self.point_lookups():  # a timeline of thousands of events reads by key too
            condition, params = _among("event_id", list(by_id))
            members = self.conn.execute(f"SELECT mention_id, event_id FROM event_mentions WHERE {condition}",
                                        params).fetchall()
            event_of = dict(members)
            condition, params = _among("id", list(event_of) or [""])
            mentions = self.conn.execute(
                "SELECT id, doc_id, nullif(doc, ''), quote, start_char, end_char, coalesce(modality, 'occurred') "
                f"FROM mentions WHERE {condition}", params
            ).fetchall()
            condition, params = _among("id", sorted({m[1] for m in mentions}) or [""])
            docs = {r[0]: r[1:] for r in self.conn.execute(
                f"SELECT id, name, source, publisher, published FROM documents WHERE {condition}", params).fetchall()}
        for mid, doc_id, doc, quote, start, end, modality in sorted(mentions, key=lambda m: (m[1], m[4] or 0, m[0])):
            name, source, publisher, published = docs.get(doc_id, (None, None, None, None))
            by_id[event_of[mid]].citations.append(Citation(
                mid, doc_id, doc or name or doc_id, source if source is not None else (doc or ""), quote,
                start, end, publisher, published, modality))


def block_periods(lo: date | None, hi: date | None) -> list[str]:
    """The `fusion_blocks` periods (see bilat.store.schema.block_period) whose members may lie
    within two days of [lo, hi]: its months, years and decades, members across decades ("*")
    and the latest undated ("~u"); for an undated key, the latest dated ("~d") and undated."""
    if lo is None:
        return ["~d", "~u"]
    apart, hi = timedelta(days=_DAYS_APART), hi or lo
    first = lo - apart if lo > date.min + apart else date.min
    last = hi + apart if hi < date.max - apart else date.max
    months = [f"{y:04d}-{m:02d}" for y in range(first.year, last.year + 1) for m in range(1, 13)
              if (first.year, first.month) <= (y, m) <= (last.year, last.month)]
    years = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    decades = [f"{d:04d}s" for d in range(first.year // 10 * 10, last.year // 10 * 10 + 1, 10)]
    return [*months, *years, *decades, "*", "~u"]


def _among(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """(SQL condition "`column` is one of `values`", parameters); `values` must not be empty.
    Within `point_lookups` DuckDB answers either form from the column's index (a few ms for 50
    keys among a million rows, where `= ANY(list)` scans them all)."""
    if len(values) <= _KEYS_INLINE:
        return f"{column} IN ({', '.join(['?'] * len(values))})", list(values)
    return f"{column} IN (SELECT unnest(?))", [list(values)]


def _event(r: dict[str, Any]) -> Event:
    amount = None
    if r["amount_value"] is not None:
        amount = Amount(value=r["amount_value"], unit=r["amount_unit"], text=r["amount_text"] or "")
    return Event(
        id=r["id"], category=r["category"], source_actor=r["source_actor"],
        target_actor=r["target_actor"], date=r["date"], date_precision=r["date_precision"],
        modality=r["modality"], quote=r["quote"], intensity=r["intensity"] or 0.0,
        themes=list(r["themes"] or []), amount=amount, disagreements=list(r["disagreements"] or []),
        date_basis=r["date_basis"], date_start=r["date_start"], date_end=r["date_end"],
    )


def _stored_row(s: StoredEvent) -> tuple[Any, ...]:
    e, a = s.event, s.event.amount
    return (
        e.id, e.category, e.source_actor, e.target_actor, e.date, e.date_precision, e.modality,
        e.quote, e.intensity, list(e.themes), a.value if a else None, a.unit if a else None,
        a.text if a else None, list(e.disagreements), e.date_basis, e.date_start, e.date_end,
        *s.order, list(s.tags), list(s.drivers), *s.actors,
        s.periods.get("year"), s.periods.get("quarter"), s.periods.get("month"),
        len({c.doc_id for c in e.citations}),
    )


def _insert(conn: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], columns: str | None = None) -> None:
    """Multi-row INSERTs (far faster in DuckDB than executemany)."""
    if not rows:
        return
    target = f"{table} ({columns})" if columns else table
    one = "(" + ", ".join(["?"] * len(rows[0])) + ")"
    for first in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[first: first + _ROWS_PER_INSERT]
        conn.execute(f"INSERT INTO {target} VALUES {', '.join([one] * len(chunk))}",
                     [v for row in chunk for v in row])
