"""The records that flow between bilat's stages.

Every stage takes and returns these plain dataclasses; nothing else crosses a
package boundary. Offsets (`start`, `end`) are character offsets into the
cleaned text of the document (`Document.text`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from collections.abc import Hashable
from functools import lru_cache
from typing import Any, cast

MODALITIES = ("occurred", "planned", "recommended", "hypothetical", "negated")
PRECISIONS = ("day", "month", "year", "decade", "range")
# the state of a relationship a characterization describes
CHARACTERIZATION_LABELS = ("engagement", "estrangement", "mixed")
# how an event's date was found: stated in its sentence, resolved from a relative expression
# ("on Saturday"), carried from the narrative around it, or taken from the publication date
DATE_BASES = ("explicit", "relative", "context", "publication")
PROVENANCE = ("meta", "json-ld", "header", "feed-entry", "none")
# the languages the extraction pipeline reads (spaCy's English model, English vocabularies)
EXTRACTED_LANGUAGES = ("en",)


@dataclass
class Document:
    """One ingested source: its cleaned text and what is known about it."""

    id: str
    source: str  # path or URL as given
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO partial: YYYY, YYYY-MM or YYYY-MM-DD
    published_precision: str | None = None  # day | month | year
    language: str | None = "en"  # ISO 639-1, detected at load (bilat.ingest.language)
    words: int = 0
    content_hash: str = ""
    duplicate_of: str | None = None
    ingested_at: str | None = None
    # how each metadata field was found: meta | json-ld | header | none
    provenance: dict[str, str] = field(default_factory=dict)
    kind: str = "text"  # text | html | pdf | url | feed-entry
    # news | official statement | think-tank brief | speech | diplomatic document (ingest/publishers.py),
    # and where that was found (meta | json-ld | header | none), as `provenance` says for the fields above
    source_type: str | None = None
    source_type_from: str = "none"

    @property
    def extractable(self) -> bool:
        """Whether the pipeline reads this document's language (English; unknown counts as English)."""
        return self.language in (None, *EXTRACTED_LANGUAGES)

    @property
    def language_note(self) -> str | None:
        """Why the document was stored without events, when its language is not read."""
        if self.extractable:
            return None
        return f"language '{self.language}' detected, only English is extracted; stored without events"

    @property
    def name(self) -> str:
        """Base name of the source, as the gold files and score.py name documents."""
        src = self.source.rstrip("/")
        return src.rsplit("/", 1)[-1] if "/" in src else src

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["name"] = self.name
        if not with_text:
            data.pop("text")
        return data


@dataclass
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass
class Amount:
    value: float
    unit: str  # ISO currency code (USD, PKR, ...), "percent", or a counted noun ("troops", "firms")
    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class PartialDate:
    """A date only as precise as the text allows."""

    value: str | None  # "1998", "1998-05", "1998-05-28", "1960" for a decade, None if unresolved
    precision: str | None  # day | month | year | decade
    text: str = ""
    start: int | None = None
    end: int | None = None
    end_value: str | None = None  # for ranges ("June 1 - June 11, 2024")
    # how the date was found: explicit (stated), relative (resolved against publication),
    # context (the year a narrative is telling about), publication (the report's own date)
    basis: str | None = None


@dataclass
class EventMention:
    """One sentence's report of one happening between actors."""

    doc_id: str
    quote: str
    start: int
    end: int
    category: str
    source_actor: str | None = None
    target_actor: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    modality: str = "occurred"
    amount: Amount | None = None
    intensity: float = 0.0
    themes: list[str] = field(default_factory=list)
    confidence: float = 0.5
    trigger: str | None = None
    sentence_index: int | None = None
    id: str = ""
    doc: str = ""  # base name of the source (see Document.name)
    date_basis: str | None = None  # one of DATE_BASES; None when undated
    # the stretch of time the date expression covers when it is wider than `date` ("in the
    # 1960s" 1960-1969, "the early seventies" 1970-1973, "since 2001" 2001 to publication);
    # ISO partial dates (years mostly), None when the date is a point or unknown
    date_start: str | None = None
    date_end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Characterization:
    """A statement about the state of a relationship over a period: "relations cooled after
    1965", "a close ally", "a transactional relationship".

    `start`/`end` bound the period as the text does (ISO partial dates, None where open);
    `char_start`/`char_end` are offsets of the quote in the document's cleaned text."""

    doc_id: str
    actors: list[str | None]  # the two parties, as the text names them (codes like EventMention's)
    label: str  # one of CHARACTERIZATION_LABELS
    quote: str
    char_start: int
    char_end: int
    start: str | None = None
    end: str | None = None
    date_precision: str | None = None  # one of PRECISIONS ("range" for a stretch of years)
    date_text: str | None = None  # the words that bound the period ("in the early 1970s")
    date_basis: str | None = None  # explicit | context | publication (DATE_BASES); None when open
    cue: str | None = None  # the word that characterizes ("cooled", "rapprochement")
    sentence_index: int | None = None
    id: str = ""
    doc: str = ""  # base name of the source (see Document.name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    mention_id: str
    doc_id: str
    doc: str
    source: str
    quote: str
    start: int
    end: int
    publisher: str | None = None
    published: str | None = None
    modality: str = "occurred"


@dataclass
class Event:
    """One real-world happening, fused from every mention of it."""

    id: str
    category: str
    source_actor: str | None
    target_actor: str | None
    date: str | None
    date_precision: str | None
    modality: str
    quote: str
    intensity: float = 0.0
    themes: list[str] = field(default_factory=list)
    amount: Amount | None = None
    citations: list[Citation] = field(default_factory=list)
    # accounts that disagree (modality, amount or date) are kept, not averaged away
    disagreements: list[str] = field(default_factory=list)
    date_basis: str | None = None  # how the date was found (DATE_BASES); None when undated
    date_start: str | None = None  # interval the date expression covers (see EventMention)
    date_end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = plain(self)
        data["sources"] = len({c.doc_id for c in self.citations})
        return data


@dataclass
class Figure:
    """A quantitative claim: subject, value, unit, period, with its source."""

    doc_id: str
    subject: str
    value: float
    unit: str
    quote: str
    start: int
    end: int
    period: str | None = None
    subject_key: str = ""  # normalised subject so the same quantity lines up across sources
    qualifier: str | None = None  # about | more than | less than ...
    id: str = ""
    doc: str = ""
    # what the figure measures, one concept of data/figures.yaml ("trade", "aid", "arms sale",
    # "casualties" ...), None when no concept fits; and between whom: for a directed concept
    # source -> target (donor -> recipient, seller -> buyer, attacker -> victims), for a
    # symmetric one (trade) the two codes in alphabetical order; None where unknown
    concept: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Recommendation:
    """A policy proposal: who recommends that whom should do what."""

    doc_id: str
    actor: str | None  # the addressee, who is to act: actor codes ("USA, PAK") or None
    text: str
    quote: str
    start: int
    end: int
    theme: str | None = None
    id: str = ""
    doc: str = ""
    # who recommends: the speaker quoted, else the document's author, else its publisher
    recommender: str | None = None

    @property
    def addressee(self) -> str | None:
        """Who is to act (the schema calls it `actor`)."""
        return self.actor

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "addressee": self.actor}


@dataclass
class ProcessedDocument:
    """What the per-document pipeline returns for one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    characterizations: list[Characterization] = field(default_factory=list)


@dataclass
class IndexPoint:
    """The dyad's cooperation–conflict score for one period."""

    period: str  # "1998", "1998Q2", "1998-05"
    start: str  # ISO date of the period's first day
    end: str  # ISO date of its last day
    score: float | None  # None: no events, a gap rather than a zero
    n_events: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    cooperative: int = 0
    conflictual: int = 0
    # of n_events, those dated to a span of years ("in the 1960s", "since 2001") that covers
    # this period, each weighing 1/years in the score; the rest are dated within the period
    spread: int = 0
    # per-100 index only (bilat.analysis.index.per_100): occurred events of the period in which
    # either member of the dyad takes part; the score is then net intensity per 100 of them
    volume: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """One piece of a phase's evidence: a fused event or a characterization."""

    kind: str  # event | characterization
    id: str
    quote: str
    date: str | None  # the event's date or the characterization's start (ISO partial)
    sign: int  # +1 cooperative / engagement, -1 conflictual / estrangement, 0 neither
    agrees: bool  # the sign is the phase label's (always False for a mixed phase's ±1)
    sources: int = 1  # documents reporting it
    label: str | None = None  # a characterization's label; an event's PLOVER category
    doc: str = ""  # the first source's name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Phase:
    start: str
    end: str
    label: str  # engagement | estrangement | mixed
    mean_score: float
    n_events: int = 0
    top_events: list[str] = field(default_factory=list)  # Event ids, strongest evidence first
    n_characterizations: int = 0  # characterizations whose period falls in the phase
    # events and characterizations, the first agreeing with the label (an occurred dyad event
    # reported by most sources, or a characterization), then the rest by strength
    evidence: list[Evidence] = field(default_factory=list)
    weak: bool = False  # fewer than MIN_EVIDENCE pieces of evidence (bilat.analysis.phases)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MentionKey:
    """How fusion finds a stored mention's candidates: its category family, folded actors
    ('*' for none) and the days its date covers (None when undated)."""

    mention_id: str
    event_id: str
    family: str
    actor_a: str
    actor_b: str
    day_lo: Any = None  # datetime.date
    day_hi: Any = None


@dataclass
class StoredEvent:
    """A fused event with what the store keeps beside it for ordering and SQL views: the
    (document seq, offset, id) of its first member, its themes and drivers as views count
    them, its folded actors and its period labels (None when dated too coarsely)."""

    event: Event
    order: tuple[int, int, str]
    tags: list[str] = field(default_factory=list)
    drivers: list[str] = field(default_factory=list)
    actors: tuple[str | None, str | None] = (None, None)
    periods: dict[str, str | None] = field(default_factory=dict)  # year | quarter | month -> label


@lru_cache(maxsize=64)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_ATOMS = frozenset((str, int, float, bool, type(None)))


def plain(value: Any) -> Any:
    """`dataclasses.asdict` for records, without its deep copies: dataclasses become dicts,
    lists, tuples and dicts are rebuilt, anything else is returned as it is (records hold
    strings, numbers, None and dates, which asdict would only copy). About twice as fast as
    asdict: every API page of events goes through it."""
    cls = type(value)
    if cls in _ATOMS:
        return value
    if hasattr(cls, "__dataclass_fields__"):
        own = vars(value)
        names = _field_names(cast(Hashable, cls))  # a class is hashable; typeshed's type[Any] says not
        return {n: (v if type(v) in _ATOMS else plain(v)) for n in names for v in (own[n],)}
    if cls is list:
        return [v if type(v) in _ATOMS else plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
