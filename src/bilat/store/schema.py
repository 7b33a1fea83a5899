"""The DuckDB schema and its forward migrations.

Each migration is a list of statements that takes the schema from version N-1 to N. A database
records its version in `schema_version`; opening an older one applies the missing steps in order,
and opening a newer one is refused rather than misread.
"""
from __future__ import annotations

# how many members of each block (category family and actor) fusion can look up by their
# mention id alone, dated and undated apart: the most candidates per key it may ask for
LATEST_PER_BLOCK = 30


def block_period(lo: str = "day_lo", hi: str = "day_hi") -> str:
    """SQL: the period a member's dates lie in: "YYYY-MM", "YYYY", "YYY0s", "*" for a span
    across decades, NULL when undated (bilat.store.events.block_periods lists the same)."""
    return f"""CASE WHEN {lo} IS NULL THEN NULL
        WHEN year({lo}) = year({hi}) AND month({lo}) = month({hi}) THEN printf('%04d-%02d', year({lo}), month({lo}))
        WHEN year({lo}) = year({hi}) THEN printf('%04d', year({lo}))
        WHEN year({lo}) // 10 = year({hi}) // 10 THEN printf('%04ds', year({lo}) // 10 * 10)
        ELSE '*' END"""


def block_rows(members: str) -> str:
    """SQL: the `fusion_blocks` rows of the members in the relation `members` (columns of
    `event_mentions`): one per actor under its period, and the latest per block."""
    return f"""WITH src AS (
            SELECT mention_id, family, actor_a AS actor, day_lo, day_hi FROM {members}
            UNION SELECT mention_id, family, actor_b, day_lo, day_hi FROM {members})
        SELECT family || '|' || actor || '|' || ({block_period()}), mention_id, day_lo, day_hi
        FROM src WHERE day_lo IS NOT NULL
        UNION ALL
        SELECT family || '|' || actor || CASE WHEN day_lo IS NULL THEN '|~u' ELSE '|~d' END,
               mention_id, day_lo, day_hi FROM src
        QUALIFY row_number() OVER (PARTITION BY family, actor, day_lo IS NULL
                                   ORDER BY mention_id DESC) <= {LATEST_PER_BLOCK}"""


MIGRATIONS: list[list[str]] = [
    # 1: documents, sentences, event mentions, figures, recommendations
    [
        "CREATE SEQUENCE documents_seq",
        """CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            seq BIGINT DEFAULT nextval('documents_seq'),  -- ingestion order
            source VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            kind VARCHAR,
            title VARCHAR,
            author VARCHAR,
            publisher VARCHAR,
            published VARCHAR,
            published_precision VARCHAR,
            language VARCHAR,
            words INTEGER,
            text VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            duplicate_of VARCHAR,
            ingested_at TIMESTAMP,
            title_from VARCHAR,
            author_from VARCHAR,
            publisher_from VARCHAR,
            published_from VARCHAR,
            signature BLOB  -- MinHash hash values, for near-duplicate look-ups
        )""",
        "CREATE UNIQUE INDEX documents_hash ON documents(content_hash)",
        """CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            paragraph INTEGER,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, idx)
        )""",
        """CREATE TABLE mentions (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc VARCHAR,
            sentence_index INTEGER,
            quote VARCHAR NOT NULL,
            start_char INTEGER,
            end_char INTEGER,
            category VARCHAR NOT NULL,
            source_actor VARCHAR,
            target_actor VARCHAR,
            date VARCHAR,
            date_precision VARCHAR,
            date_text VARCHAR,
            modality VARCHAR,
            amount_value DOUBLE,
            amount_unit VARCHAR,
            amount_text VARCHAR,
            intensity DOUBLE,
            themes VARCHAR[],
            confidence DOUBLE,
            trigger VARCHAR
        )""",
        "CREATE INDEX mentions_doc ON mentions(doc_id)",
        """CREATE TABLE figures (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc VARCHAR,
            subject VARCHAR,
            subject_key VARCHAR,
            value DOUBLE,
            unit VARCHAR,
            period VARCHAR,
            qualifier VARCHAR,
            quote VARCHAR,
            start_char INTEGER,
            end_char INTEGER
        )""",
        """CREATE TABLE recommendations (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc VARCHAR,
            actor VARCHAR,
            text VARCHAR,
            theme VARCHAR,
            quote VARCHAR,
            start_char INTEGER,
            end_char INTEGER
        )""",
    ],
    # 2: how each mention's date was found (explicit, relative, context, publication; NULL undated)
    [
        "ALTER TABLE mentions ADD COLUMN date_basis VARCHAR",
    ],
    # 3: what a figure measures and between whom; who makes a recommendation
    [
        "ALTER TABLE figures ADD COLUMN concept VARCHAR",
        "ALTER TABLE figures ADD COLUMN source_actor VARCHAR",
        "ALTER TABLE figures ADD COLUMN target_actor VARCHAR",
        "ALTER TABLE recommendations ADD COLUMN recommender VARCHAR",
    ],
    # 4: characterizations of a relationship over a period; the interval an event's date covers
    [
        """CREATE TABLE characterizations (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc VARCHAR,
            sentence_index INTEGER,
            actor_a VARCHAR,
            actor_b VARCHAR,
            label VARCHAR NOT NULL,
            period_start VARCHAR,
            period_end VARCHAR,
            date_precision VARCHAR,
            date_text VARCHAR,
            date_basis VARCHAR,
            quote VARCHAR NOT NULL,
            start_char INTEGER,
            end_char INTEGER,
            cue VARCHAR
        )""",
        "CREATE INDEX characterizations_doc ON characterizations(doc_id)",
        "ALTER TABLE mentions ADD COLUMN date_start VARCHAR",
        "ALTER TABLE mentions ADD COLUMN date_end VARCHAR",
    ],
    # 5: fused events stored at ingest (analysis/assign.py), their members with the blocking
    # keys that find a new mention's candidates, and the term counts behind fusion's TF-IDF
    [
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            first_seq BIGINT,            -- order: the document seq, offset and id of the first member
            first_start INTEGER,
            first_mention VARCHAR,
            category VARCHAR NOT NULL,
            source_actor VARCHAR,
            target_actor VARCHAR,
            date VARCHAR,
            date_precision VARCHAR,
            modality VARCHAR,
            quote VARCHAR,
            intensity DOUBLE,
            themes VARCHAR[],
            amount_value DOUBLE,
            amount_unit VARCHAR,
            amount_text VARCHAR,
            disagreements VARCHAR[],
            date_basis VARCHAR,
            date_start VARCHAR,
            date_end VARCHAR,
            tags VARCHAR[],              -- themes as views count them (the event's, else its quotes')
            drivers VARCHAR[],
            actor_a VARCHAR,             -- folded actor codes (USA.GOV -> USA) for dyad filters
            actor_b VARCHAR,
            year_key VARCHAR,            -- period labels, NULL when dated too coarsely
            quarter_key VARCHAR,
            month_key VARCHAR,
            n_docs INTEGER
        )""",
        "CREATE INDEX events_date ON events(date)",
        "CREATE INDEX events_category ON events(category)",
        "CREATE INDEX events_source ON events(source_actor)",
        "CREATE INDEX events_target ON events(target_actor)",
        # no primary key: a mention that moves to another event is updated in place, and DuckDB
        # checks a unique key too eagerly when a row is rewritten in one transaction
        """CREATE TABLE event_mentions (
            mention_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            family VARCHAR NOT NULL,     -- category family (weights.yaml families)
            actor_a VARCHAR NOT NULL,    -- folded actors; '*' when the mention names none
            actor_b VARCHAR NOT NULL,
            day_lo DATE,                 -- the period its date denotes; NULL when undated
            day_hi DATE
        )""",
        "CREATE INDEX event_mentions_mention ON event_mentions(mention_id)",
        "CREATE INDEX event_mentions_event ON event_mentions(event_id)",
        "CREATE INDEX event_mentions_block ON event_mentions(family, actor_a)",
        "CREATE TABLE fusion_terms (term VARCHAR NOT NULL, df BIGINT NOT NULL)",
        "CREATE INDEX fusion_terms_term ON fusion_terms(term)",
    ],
    # 6: what kind of source a document is (news, official statement, think-tank brief, speech,
    # diplomatic document) and where that was found, as for the other metadata fields
    [
        "ALTER TABLE documents ADD COLUMN source_type VARCHAR",
        "ALTER TABLE documents ADD COLUMN source_type_from VARCHAR",
    ],
    # 7: fusion's blocking keys as point look-ups: each member once per actor under
    # "family|actor|period" (the calendar month, year or decade its dates lie in, "*" when
    # wider) and, among the LATEST_PER_BLOCK greatest mention ids of its block, under
    # "family|actor|~d" (dated) or "~u" (undated); filled from the stored members
    [
        """CREATE TABLE fusion_blocks (
            bucket VARCHAR NOT NULL,
            mention_id VARCHAR NOT NULL,  -- its event is read from event_mentions
            day_lo DATE,
            day_hi DATE
        )""",
        "INSERT INTO fusion_blocks " + block_rows("event_mentions"),
        "CREATE INDEX fusion_blocks_bucket ON fusion_blocks(bucket)",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
