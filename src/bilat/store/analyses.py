"""The SQL behind the corpus-wide analyses: source profiles, figure conflicts, phase evidence and
recommendation follow-ups read aggregates and the rows they show, not every event.

`AnalysisQueries` is mixed into `Store`. What the numbers mean (which categories cooperate,
which figures conflict, how a follow-up is scored) is decided in `bilat.analysis`; these
queries only group, count and narrow down in DuckDB, so that Python receives one row per
profile, the figures of the groups that can conflict, and so on.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bilat.model import Figure
from bilat.store.sql import SQLPart


class AnalysisQueries(SQLPart):
    """Aggregates and narrowed reads for `bilat.analysis` (sources, figures, phases, recommendations)."""

    # -- source profiles ------------------------------------------------------------------
    def source_groups(
        self, by: str, unstated: str, cooperative: Sequence[str], conflictual: Sequence[str]
    ) -> list[dict[str, Any]]:
        """One row per group of documents (every stored document, duplicates too): by
        "publisher" (a document naming none belongs to the group `unstated`) or by "document"
        (group "doc:ID"). Each row: group, first_seq (ingestion order of its first document),
        documents, doc_ids (sorted), source_types ({type: documents}), title, source and
        publisher of its first document; events (fused events its documents cite, counted once
        per group), cooperative and conflictual (those of them whose upper-cased category is in
        `cooperative` / `conflictual`), date_from and date_to (least and greatest non-empty
        event date, as strings), themes ({tag: events}, each event's tags counted once),
        recommendations (of its analysed documents) and labels ({characterization label: n}).
        Groups come in the order of their first document."""
        if by not in ("publisher", "document"):
            raise ValueError(f"unknown grouping {by!r}; choose publisher or document")
        group = ("'doc:' || d.id" if by == "document" else "coalesce(nullif(d.publisher, ''), $unstated)")
        base: dict[str, Any] = {"unstated": unstated} if by == "publisher" else {}
        groups_cte = f"""g AS (SELECT d.id AS doc_id, d.seq, d.duplicate_of, d.title, d.source, d.publisher,
                                      d.source_type, {group} AS grp FROM documents d)"""
        docs = self._rows(
            f"""WITH {groups_cte}
                SELECT grp, min(seq) AS first_seq, count(*) AS documents,
                       list(doc_id ORDER BY doc_id) AS doc_ids,
                       arg_min_null(title, seq) AS title, arg_min_null(source, seq) AS source,
                       arg_min_null(publisher, seq) AS publisher
                FROM g GROUP BY grp ORDER BY first_seq""", base)
        if not docs:
            return []
        rows = {r["grp"]: {**r, "source_types": {}, "events": 0, "cooperative": 0, "conflictual": 0,
                           "date_from": None, "date_to": None, "themes": {}, "recommendations": 0,
                           "labels": {}} for r in docs}
        for grp, kind, n in self.conn.execute(
            f"""WITH {groups_cte}
                SELECT grp, source_type, count(*) FROM g WHERE coalesce(source_type, '') <> ''
                GROUP BY grp, source_type""", base).fetchall():
            rows[grp]["source_types"][kind] = n
        # the events a group's documents cite: one (group, event) pair however many mentions
        cited = f"""{groups_cte},
                ge AS (SELECT DISTINCT g.grp, em.event_id FROM event_mentions em
                       JOIN mentions m ON m.id = em.mention_id JOIN g ON g.doc_id = m.doc_id)"""
        for grp, n, coop, conf, first, last in self.conn.execute(
            f"""WITH {cited}
                SELECT ge.grp, count(*), count(*) FILTER (WHERE upper(e.category) IN (SELECT unnest($coop))),
                       count(*) FILTER (WHERE upper(e.category) IN (SELECT unnest($conf))),
                       min(nullif(e.date, '')), max(nullif(e.date, ''))
                FROM ge JOIN events e ON e.id = ge.event_id GROUP BY ge.grp""",
                {**base, "coop": [c.upper() for c in cooperative], "conf": [c.upper() for c in conflictual]},
        ).fetchall():
            rows[grp].update(events=n, cooperative=coop, conflictual=conf, date_from=first, date_to=last)
        for grp, tag, n in self.conn.execute(
            f"""WITH {cited}
                SELECT grp, tag, count(*) FROM (
                    SELECT ge.grp, unnest(list_distinct(e.tags)) AS tag
                    FROM ge JOIN events e ON e.id = ge.event_id)
                GROUP BY grp, tag""", base).fetchall():
            rows[grp]["themes"][tag] = n
        for grp, n in self.conn.execute(
            f"""WITH {groups_cte}
                SELECT g.grp, count(*) FROM recommendations r JOIN g ON g.doc_id = r.doc_id
                WHERE g.duplicate_of IS NULL GROUP BY g.grp""", base).fetchall():
            rows[grp]["recommendations"] = n
        for grp, label, n in self.conn.execute(
            f"""WITH {groups_cte}
                SELECT g.grp, c.label, count(*) FROM characterizations c JOIN g ON g.doc_id = c.doc_id
                WHERE g.duplicate_of IS NULL GROUP BY g.grp, c.label""", base).fetchall():
            rows[grp]["labels"][label] = n
        return list(rows.values())

    # -- figure conflicts -----------------------------------------------------------------
    def conflict_candidates(
        self, money_pattern: str, money_units: Sequence[str]
    ) -> tuple[list[Figure], dict[str, str | None]]:
        """(figures, {document id: publication date}) of the groups of figures that can hold a
        conflict, in store order: figures of analysed documents with a concept and a party,
        grouped by concept, source, target and unit (a unit matching the regular expression
        `money_pattern` in full, or in `money_units`, stays itself; any other is "count"),
        and only groups whose values come from two documents or more and are not all equal.
        The other groups are never read."""
        rows = self._rows(
            """WITH f AS (
                    SELECT f.*, d.seq, d.published,
                           CASE WHEN regexp_full_match(f.unit, $money) OR f.unit IN (SELECT unnest($units))
                                THEN f.unit ELSE 'count' END AS unit_key
                    FROM figures f JOIN documents d ON d.id = f.doc_id
                    WHERE d.duplicate_of IS NULL AND coalesce(f.concept, '') <> ''
                      AND (coalesce(f.source_actor, '') <> '' OR coalesce(f.target_actor, '') <> '')),
                groups AS (
                    SELECT concept, coalesce(source_actor, '') AS s, coalesce(target_actor, '') AS t, unit_key
                    FROM f GROUP BY ALL
                    HAVING count(DISTINCT doc_id) > 1 AND min(value) < max(value))
                SELECT f.* EXCLUDE (unit_key) FROM f JOIN groups g
                    ON g.concept = f.concept AND g.s = coalesce(f.source_actor, '')
                   AND g.t = coalesce(f.target_actor, '') AND g.unit_key = f.unit_key
                ORDER BY f.seq, f.doc_id, f.start_char""",
            {"money": money_pattern, "units": list(money_units)},
        )
        return [figure(r) for r in rows], {r["doc_id"]: r["published"] for r in rows}


    # -- recommendation follow-ups --------------------------------------------------------
    def follow_up_candidates(
        self, recs: Sequence[tuple[str, str | None, str | None, Sequence[str], Sequence[str]]],
        pattern: str, stop: Sequence[str], shared_term: bool = True,
    ) -> tuple[list[tuple[str, str, str]], dict[str, int], int]:
        """(candidates, term counts, dated events) for recommendations given as (id, publication
        date, theme, addressee codes, terms).

        A candidate (recommendation id, event id, event quote) is a dated event whose date is
        after the publication date (compared at the coarser precision), that has the theme
        among its tags or an addressee as source or target actor and, with `shared_term`, a
        term in common with the recommendation. An event's terms are its quote's tokens
        (regular expression `pattern`) lower-cased, commas removed, `stop` words and single
        letters dropped, then a final "'s" and a plural "s" (words over four letters, not
        "ss") cut: as bilat.analysis.fusion tokenizes. Term counts are the dated events having
        each term of the recommendations and candidates; dated events, how many there are.
        Every dated event is tokenized in DuckDB; only candidates and counts come back."""
        if not recs:
            return [], {}, 0
        terms = (
            "list_distinct(list_transform(list_transform(list_filter("
            "list_transform(regexp_extract_all(e.quote, $pattern), lambda x: replace(lower(x), ',', '')), "
            "lambda x: NOT list_contains($stop::VARCHAR[], x) AND (length(x) >= 2 OR regexp_full_match(x, '[0-9]+'))), "
            "lambda x: CASE WHEN suffix(x, '''s') THEN x[1:length(x) - 2] ELSE x END), "
            "lambda x: CASE WHEN length(x) > 4 AND suffix(x, 's') AND NOT suffix(x, 'ss') "
            "THEN x[1:length(x) - 1] ELSE x END))")
        shares = "AND list_has_any(e.terms, r.rterms)" if shared_term else ""
        rows = self.conn.execute(
            f"""WITH ev AS MATERIALIZED (
                    SELECT e.id, e.date, e.quote, e.source_actor, e.target_actor, e.tags, {terms} AS terms
                    FROM events e WHERE coalesce(e.date, '') <> ''),
                recs AS (SELECT unnest($rid::VARCHAR[]) AS rid, unnest($pub::VARCHAR[]) AS pub,
                                unnest($theme::VARCHAR[]) AS theme, unnest($actors::VARCHAR[][]) AS actors,
                                unnest($rterms::VARCHAR[][]) AS rterms),
                cand AS MATERIALIZED (
                    SELECT r.rid, e.id, e.quote, e.terms FROM recs r JOIN ev e
                    ON substr(e.date, 1, length(r.pub)) > substr(r.pub, 1, length(e.date))
                    WHERE coalesce(r.pub, '') <> ''
                      AND (list_contains(e.tags, r.theme) OR list_contains(r.actors, e.source_actor)
                           OR list_contains(r.actors, e.target_actor)) {shares}),
                needed AS (SELECT DISTINCT unnest(terms) AS term FROM cand
                           UNION SELECT DISTINCT unnest(rterms) FROM recs),
                df AS (SELECT term, count(*) AS n FROM (SELECT unnest(terms) AS term FROM ev)
                       WHERE term IN (SELECT term FROM needed) GROUP BY term)
            SELECT 0, rid, id, quote, NULL FROM cand
            UNION ALL SELECT 1, term, NULL, NULL, n FROM df
            UNION ALL SELECT 2, NULL, NULL, NULL, count(*) FROM ev""",
            {"pattern": pattern, "stop": list(stop), "rid": [r[0] for r in recs], "pub": [r[1] for r in recs],
             "theme": [r[2] for r in recs], "actors": [list(r[3]) for r in recs],
             "rterms": [list(r[4]) for r in recs]},
        ).fetchall()
        candidates = [(r[1], r[2], r[3]) for r in rows if r[0] == 0]
        counts = {r[1]: int(r[4]) for r in rows if r[0] == 1}
        dated = next(int(r[4]) for r in rows if r[0] == 2)
        return candidates, counts, dated


def figure(r: dict[str, Any]) -> Figure:
    """A Figure from a `figures` row."""
    return Figure(id=r["id"], doc_id=r["doc_id"], doc=r["doc"], subject=r["subject"],
                  subject_key=r["subject_key"] or "", value=r["value"], unit=r["unit"],
                  period=r["period"], qualifier=r["qualifier"], quote=r["quote"],
                  start=r["start_char"], end=r["end_char"], concept=r["concept"],
                  source_actor=r["source_actor"], target_actor=r["target_actor"])
