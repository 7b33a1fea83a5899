"""`Corpus`: one object that owns the database and the pipeline.

Everything bilat does goes through a Corpus: the CLI, the HTTP API and the report call its
methods, and each method has a plain function behind it in `ingest/`, `nlp/` or `analysis/`.

    >>> with Corpus("relations.duckdb") as corpus:          # doctest: +SKIP
    ...     corpus.ingest(["briefs/", "https://example.org/feed.xml"])
    ...     for point in corpus.index(freq="year"):
    ...         print(point.period, point.score)
"""
from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bilat.analysis.assign import assign, catch_up
from bilat.analysis.assign import rebuild as rebuild_events
from bilat.config import Settings
from bilat.errors import BilatError, InputError, NotFoundError, UsageError, printable
from bilat.model import (
    Characterization,
    Document,
    Event,
    EventMention,
    Figure,
    IndexPoint,
    Phase,
    ProcessedDocument,
    Recommendation,
    Sentence,
)
from bilat.store import Store
from bilat.store.events import EventFilters

log = logging.getLogger(__name__)

FREQUENCIES = ("year", "quarter", "month")
# longest an ingest keeps the database to itself between documents (seconds), so that a
# running `bilat serve` can take its snapshot while documents stream in
HOLD_SECONDS = 1.0


@dataclass
class IngestResult:
    source: str
    status: str  # ingested | duplicate | near-duplicate | failed
    doc_id: str | None = None
    message: str = ""
    warning: bool = False  # stored, but the message says what was not done (e.g. a foreign language)
    entry_text: bool = False  # stored from a feed entry's own text, its link not loaded


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def ingested(self) -> int:
        return self.count("ingested")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate", "near-duplicate")

    @property
    def failed(self) -> int:
        return self.count("failed")

    def summary(self) -> str:
        """"ingested N, duplicates D, failed F"; documents made from feed entries' own text
        (their links dead) are among the N and counted apart: "ingested 3 (2 from feed entries' own text)"."""
        entries = sum(1 for r in self.results if r.status == "ingested" and r.entry_text)
        apart = f" ({entries} from feed entries' own text)" if entries else ""
        return f"ingested {self.ingested}{apart}, duplicates {self.duplicates}, failed {self.failed}"


class Corpus:
    """A bilat database and the pipeline that fills it."""

    def __init__(
        self,
        db_path: Path | str | None = None,
        settings: Settings | None = None,
        read_only: bool = False,
        create: bool = True,
    ):
        """Open the database of `settings` (or at `db_path`); `read_only` and `create=False`
        refuse a missing file (StoreError "no such database") instead of creating it."""
        self.settings = settings or Settings()
        if db_path is not None:
            self.settings = replace(self.settings, db_path=Path(db_path))
        if not all(str(member).isupper() for member in self.settings.dyad):
            # names or lower-case codes (Settings(dyad=("India", "China"))): the codes events store
            self.settings = replace(self.settings, dyad=self._pair(self.settings.dyad))
        self.store = Store(self.settings.db_path, read_only=read_only, wait=self.settings.wait, create=create)
        # derived results (fused events, index, phases ...) until the next ingest: a server
        # reads an unchanging snapshot, so each is computed once for all its requests
        self._cache: dict[str, Any] = {}
        self._cache_lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        if not read_only:
            self._fuse_pending()

    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        """A derived value (fused events, search index) built once, even under concurrent use.
        One lock per key: a request for a value already built never waits for another's build."""
        if key not in self._cache:
            with self._cache_lock:
                lock = self._key_locks.setdefault(key, threading.Lock())
            with lock:
                if key not in self._cache:
                    self._cache[key] = build()
        return self._cache[key]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------
    def ingest(
        self,
        inputs: Iterable[str],
        on_result: Callable[[IngestResult], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Read, clean, extract and store every input; one bad input never stops the rest."""
        from bilat.engines import get_engine
        from bilat.ingest import expand_inputs

        report = IngestReport()

        def record(result: IngestResult) -> None:
            report.results.append(result)
            log.info("%s", result.message)
            if on_result:
                on_result(result)

        sources = list(_expand(expand_inputs, inputs, record, self.settings))
        if on_total:
            on_total(len(sources))
        engine = get_engine(self.settings)
        try:
            if hasattr(engine, "run_sources"):  # a cluster: workers read, extract and write
                self._ingest_partitions(engine, sources, record)
            else:
                self._ingest_here(engine, sources, record)
        finally:
            engine.close()
            self.store.release()
        self._cache.clear()
        return report

    def _ingest_here(self, engine: Any, sources: list[str], record: Callable[[IngestResult], None]) -> None:
        """Documents stream through: read here, extracted in batches (in this process or its
        workers) and stored as they come."""
        signatures: dict[str, bytes] = {}
        for doc, outcome in engine.run(self._fresh_documents(sources, signatures, record)):
            if isinstance(outcome, Exception):
                reason = printable(f"{doc.source}: extraction failed ({type(outcome).__name__}: {outcome})")
                record(IngestResult(doc.source, "failed", message=reason))
            else:
                self._store(outcome, signatures.get(doc.id), record, "ingested")
            if self.store.held_for() > HOLD_SECONDS:
                self.store.release()

    def _ingest_partitions(self, engine: Any, sources: list[str], record: Callable[[IngestResult], None]) -> None:
        """Workers load, extract and write Parquet partitions (bilat.engines.dask); here each
        partition's documents are told from duplicates (content hash, then MinHash) and the
        partition is loaded in one transaction, in input order, as the local engine stores."""
        from bilat.ingest import NearDuplicateIndex
        from bilat.store.partitions import write_partition

        near = NearDuplicateIndex()
        for doc_id, signature in self.store.signatures():
            near.add_signature(doc_id, signature)
        seen = self.store.content_hashes()
        self.store.release()
        shared = self.settings.shared_dir or self.store.path.with_name(self.store.path.name + ".parts")
        for part in engine.run_sources(sources, Path(shared), write_partition):
            for source, message in part.failures:
                record(IngestResult(source, "failed", message=message))
            if part.path is not None:
                self._load_partition(part.path, seen, near, record)
                shutil.rmtree(part.path, ignore_errors=True)
            self.store.release()

    def _load_partition(self, path: str, seen: dict[str, str], near: Any,
                        record: Callable[[IngestResult], None]) -> None:
        keep: dict[str, str | None] = {}
        sources: dict[str, str] = {}
        for doc_id, source, digest, signature in self.store.partition_documents(path):
            if digest in seen:
                message = f"{printable(source)}: duplicate of {seen[digest]}"
                record(IngestResult(source, "duplicate", seen[digest], message))
                continue
            seen[digest] = doc_id
            keep[doc_id] = near.find_signature(signature) if signature else None
            if keep[doc_id] is None and signature:
                near.add_signature(doc_id, signature)
            sources[doc_id] = source
        try:
            self.store.load_partition(path, keep, then=self._fuse)
        except Exception as exc:  # noqa: BLE001 - rolled back (or the file stayed locked): go on
            for doc_id, source in sources.items():
                record(IngestResult(source, "failed", message=printable(f"{source}: not stored ({exc})")))
            return
        for doc_id, original in keep.items():
            source = sources[doc_id]
            if original:
                message = f"{printable(source)}: near-duplicate of {original}, kept but not analysed"
                record(IngestResult(source, "near-duplicate", doc_id, message))
            else:
                record(IngestResult(source, "ingested", doc_id, f"{printable(source)}: ingested as {doc_id}"))

    def _fresh_documents(
        self,
        sources: list[str],
        signatures: dict[str, bytes],
        record: Callable[[IngestResult], None],
    ) -> Iterator[Document]:
        """Load each source; report failures and exact duplicates, keep near-duplicates without
        analysis, and yield the documents that need extracting (their MinHash in `signatures`)."""
        from bilat.ingest import NearDuplicateIndex, load_document

        near = NearDuplicateIndex()
        for doc_id, signature in self.store.signatures():
            near.add_signature(doc_id, signature)
        seen_hashes = self.store.content_hashes()
        for source in sources:
            # the engine asks for the next document before it parses a batch: the database
            # is not needed until the results come back, so other processes may use it
            self.store.release()
            try:
                doc = load_document(source, self.settings)
            except BilatError as exc:
                record(IngestResult(source, "failed", message=str(exc)))
                continue
            original = seen_hashes.get(doc.content_hash)
            if original:
                message = f"{printable(source)}: duplicate of {original}"
                record(IngestResult(source, "duplicate", original, message))
                continue
            seen_hashes[doc.content_hash] = doc.id
            doc.duplicate_of = near.find(doc.text)
            if doc.duplicate_of:
                self._store(ProcessedDocument(doc), None, record, "near-duplicate")
            else:
                signatures[doc.id] = near.add(doc.id, doc.text)
                yield doc

    def _store(
        self,
        processed: ProcessedDocument,
        signature: bytes | None,
        record: Callable[[IngestResult], None],
        status: str,
    ) -> None:
        doc = processed.document
        try:
            original = self.store.add_processed(processed, signature, then=self._fuse)
        except Exception as exc:  # noqa: BLE001 - rolled back (or the file stayed locked): go on
            record(IngestResult(doc.source, "failed", message=printable(f"{doc.source}: not stored ({exc})")))
            return
        if original:
            message = f"{printable(doc.source)}: duplicate of {original}"
            record(IngestResult(doc.source, "duplicate", original, message))
            return
        if doc.duplicate_of:
            message = f"{printable(doc.source)}: near-duplicate of {doc.duplicate_of}, kept but not analysed"
        elif doc.language_note:
            message = f"{printable(doc.source)}: {doc.language_note}"
        elif doc.kind == "feed-entry":
            message = f"{printable(doc.source)}: link not loaded; stored the feed entry's own text as {doc.id}"
        else:
            message = f"{printable(doc.source)}: ingested as {doc.id}"
        entry_text = doc.kind == "feed-entry"
        warning = (bool(doc.language_note) or entry_text) and not doc.duplicate_of
        record(IngestResult(doc.source, status, doc.id, message, warning=warning, entry_text=entry_text))

    # -- documents -------------------------------------------------------------------------
    def documents(self, with_text: bool = False) -> list[Document]:
        return self.store.documents(with_text=with_text)

    def document_page(self, limit: int, offset: int = 0) -> tuple[int, list[Document]]:
        """(how many documents are stored, the page of `limit` from `offset` in ingestion
        order, without text): cut in SQL, as event pages are."""
        return self.store.document_counts()[0], self.store.documents(with_text=False, limit=limit, offset=offset)

    def document_counts(self) -> tuple[int, int]:
        """(documents, publishers; the documents naming none count as one)."""
        return self.store.document_counts()

    def document(self, doc_id: str) -> Document:
        doc = self.store.document(doc_id)
        if doc is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return doc

    def sentences(self, doc_id: str | None = None) -> list[Sentence]:
        return self.store.sentences(doc_id)

    # -- extraction results ----------------------------------------------------------------
    def mentions(
        self,
        doc_id: str | None = None,
        category: str | None = None,
        actor: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        modality: str | None = None,
    ) -> list[EventMention]:
        """Stored mentions in document order, filtered like events (in SQL)."""
        filters = self.resolve_filters(category=category, actor=actor, date_from=date_from,
                                       date_to=date_to, modality=modality)
        return self.store.mentions(doc_id, filters=EventFilters.of(filters))

    def events(
        self,
        date_from: str | None = None,
        date_to: str | None = None,
        actor: str | None = None,
        category: str | None = None,
        theme: str | None = None,
        modality: str | None = None,
        q: str | None = None,
    ) -> list[Event]:
        """Fused events in date order (undated last), filtered in SQL (bilat.store.events)."""
        filters = self.resolve_filters(date_from=date_from, date_to=date_to, actor=actor,
                                       category=category, theme=theme, modality=modality)
        wanted = EventFilters.of({**filters, "q": q})
        if wanted == EventFilters():  # every event: pages and the report ask often, keep it
            return list(self._cached("events_by_date", lambda: self.store.events()))
        return self.store.events(wanted)

    def event_page(self, limit: int, offset: int = 0, **filters: str | None) -> tuple[int, list[Event]]:
        """(how many events pass `filters`, the page of `limit` from `offset` in date order):
        counted and cut in SQL, so a page costs the same whatever the corpus size."""
        wanted = EventFilters.of(self.resolve_filters(**filters))
        if wanted == EventFilters():  # the whole list in date order, sorted once and kept
            order = self._event_order()
            return len(order), self.store.events_by_id(order[offset: offset + limit])
        return self._event_count(wanted), self.store.events(wanted, limit=limit, offset=offset)

    def _event_count(self, wanted: EventFilters) -> int:
        """How many events pass `wanted`, remembered for the last few hundred filter sets until
        the next ingest: paging through one result counts it once."""
        counts: dict[EventFilters, int] = self._cached("event_counts", dict)
        total = counts.get(wanted)
        if total is None:
            if len(counts) >= 256:
                counts.clear()
            total = counts[wanted] = self.store.event_count(wanted)
        return total

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The stored events with these ids (with citations), in the order given; unknown ids
        are left out. Looked up by key: the cost is that of the ids, not of the corpus."""
        return self.store.events_by_id(list(ids))

    def _event_order(self) -> list[str]:
        """Every event id in date order, kept until the next ingest (a server: per snapshot)."""
        return self._cached("event_order", self.store.event_order)

    def mention_events(self, doc_id: str) -> dict[str, str]:
        """Mention id -> id of the fused event it belongs to, for one document's mentions."""
        return self.store.mention_events(doc_id)

    def resolve_filters(self, **filters: str | None) -> dict[str, str | None]:
        """Filter values checked and resolved to what records store (bilat.filters): an actor
        name to its code, a theme label to its slug; raises UsageError naming close matches."""
        from bilat.filters import resolve_filters

        return resolve_filters(**filters, extra=tuple(str(p) for p in self.settings.vocab_files))

    def event(self, event_id: str) -> Event:
        event = self.store.event(event_id)
        if event is None:
            raise NotFoundError(f"no event with id {event_id!r}")
        return event

    # -- stored fusion ---------------------------------------------------------------------
    def _fuse(self, doc_id: str) -> None:
        """Fuse a document's mentions into the stored events, inside its write transaction."""
        assign(self.store, doc_id)

    def _fuse_pending(self) -> None:
        """Fuse documents stored before events were (schema 4) or without fusing."""
        if self.store.unfused_documents():
            with self.store.transaction():
                done = catch_up(self.store)
            log.info("fused the events of %d documents stored without them", done)

    def rebuild(self) -> int:
        """Fuse every stored mention again (`bilat rebuild`), in one transaction; returns the
        number of events. Needed after a change to fusion's rules or weights only."""
        with self.store.transaction():
            count = rebuild_events(self.store)
        self._cache.clear()
        return count

    # -- analysis --------------------------------------------------------------------------
    def index(self, freq: str = "year", per_100: bool = False,
              dyad: tuple[str, str] | None = None) -> list[IndexPoint]:
        """The dyad's cooperation–conflict index per period; `per_100`: net intensity per 100
        events in which either member takes part (bilat.analysis.index.per_100); `dyad`: another
        pair than the settings' (codes or names, see bilat.filters.resolve_pair)."""
        from bilat.analysis.index import cooperation_index, per_100 as normalised

        check_freq(freq)
        pair = self._pair(dyad) if dyad else self.settings.dyad
        points = list(self._cached(f"index:{freq}:{pair}", lambda: cooperation_index(
            self._index_events(pair), freq=freq, dyad=pair)))
        if not per_100:
            return points
        return list(self._cached(f"index:{freq}:{pair}:per_100", lambda: normalised(
            points, [], freq=freq, dyad=pair, volume=self.store.member_volume(pair, freq))))

    def _pair(self, dyad: tuple[str, str]) -> tuple[str, str]:
        """A dyad given by codes or names ("India", "China") as the codes events store, as the
        CLI's --dyad resolves it; UsageError naming close matches for an unknown member."""
        from bilat.filters import resolve_pair

        return resolve_pair(dyad, tuple(str(p) for p in self.settings.vocab_files))

    def _index_events(self, pair: tuple[str, str]) -> list[Event]:
        """Occurred events between the two members of `pair`, without citations, in the order
        of their first mention: all the index reads (the SQL leaves out the rest; the volume of
        the members' other events is counted in SQL)."""
        return self._cached(f"index_events:{pair}", lambda: self.store.events(
            EventFilters(dyad=tuple(pair), modality="occurred"), by_date=False, citations=False,
            brief=True))

    def phases(self, freq: str = "year", dyad: tuple[str, str] | None = None) -> list[Phase]:
        """Engagement / estrangement / mixed phases of the dyad (bilat.analysis.phases);
        `dyad`: another pair than the settings' (codes or names, as for `index`)."""
        from bilat.analysis.phases import find_phases

        pair = self._pair(dyad) if dyad else self.settings.dyad
        return list(self._cached(f"phases:{freq}:{pair}", lambda: find_phases(
            self.index(freq, dyad=pair), self._dyad_events(pair), dyad=pair,
            characterizations=self.store.characterizations())))

    def _dyad_events(self, pair: tuple[str, str]) -> list[Event]:
        """The occurred events between the two members of `pair`, with their citations, in the
        order of their first mention: all that phases read of the events (the SQL leaves out
        the rest)."""
        return self._cached(f"dyad_events:{pair}", lambda: self.store.events(
            EventFilters(dyad=tuple(pair), modality="occurred"), by_date=False))

    def themes(self, freq: str = "year") -> list[dict[str, Any]]:
        from bilat.analysis.themes import shares_from_counts

        check_freq(freq)
        return list(self._cached(f"themes:{freq}", lambda: shares_from_counts(self.store.theme_counts(freq))))

    def figures(self) -> list[Figure]:
        return self.store.figures()

    def figure_conflicts(self) -> list[dict[str, Any]]:
        """Figures of one concept and parties whose sources disagree (bilat.analysis.figures.
        find_conflicts); only the groups that can disagree are read from the store."""
        from bilat.analysis.figures import stored_conflicts

        return list(self._cached("figure_conflicts", lambda: stored_conflicts(self.store)))

    def recommendations(self) -> list[Recommendation]:
        return self.store.recommendations()

    def characterizations(self) -> list[Characterization]:
        """Statements about the state of a relationship over a period, in document order."""
        return self.store.characterizations()

    def recommendation_links(self) -> dict[str, list[str]]:
        """Recommendation id -> ids of later events that look like its follow-up
        (bilat.analysis.recommendations.link_to_events); the store narrows the events down."""
        from bilat.analysis.recommendations import stored_links

        return dict(self._cached("recommendation_links", lambda: stored_links(self.store)))

    def sources(self) -> list[dict[str, Any]]:
        """One profile per publisher (bilat.analysis.sources.source_profiles), counted in SQL."""
        from bilat.analysis.sources import stored_source_profiles

        return list(self._cached("sources", lambda: stored_source_profiles(self.store)))

    def search(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences that match `q`, best first; UsageError for a query with no words."""
        from bilat.analysis.stored_search import StoredSearchIndex
        from bilat.filters import check_query

        check_query(q)

        def build() -> StoredSearchIndex:
            # kept beside the database and reused while no document is added
            path = self.store.path
            return StoredSearchIndex(
                self.settings.search_dir or path.with_name(path.name + ".search"), self.store.search_stamp(),
                self.store.sentences,
                self.store.sentences_by_key,
                lambda ids: {d.id: d for d in self.store.documents(with_text=False, ids=ids)},
            )

        return self._cached("search", build).search(q, limit=limit)

    def summary(self) -> dict[str, Any]:
        """Counts for a terminal summary: documents, mentions, events, figures, recommendations."""
        counts = self.store.counts()
        docs = self.store.documents(with_text=False)
        counts["duplicates"] = sum(1 for d in docs if d.duplicate_of)
        counts["events"] = self.store.event_count()
        return counts


def _expand(
    expand_inputs: Callable[..., Iterator[str]],
    inputs: Iterable[str],
    record: Callable[[IngestResult], None],
    settings: Settings,
) -> Iterator[str]:
    """Expand inputs one at a time so that one unreadable folder or feed fails alone."""
    for item in inputs:
        try:
            yield from expand_inputs([item], settings=settings)
        except InputError as exc:
            record(IngestResult(item, "failed", message=str(exc)))


def check_freq(freq: str) -> None:
    if freq not in FREQUENCIES:
        raise UsageError(f"unknown frequency {freq!r} (choose from {', '.join(FREQUENCIES)})")
