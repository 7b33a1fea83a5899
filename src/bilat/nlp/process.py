"""The per-document pipeline: parse, split sentences, extract event mentions, figures,
recommendations and themes.

`process_documents` is what engines map over documents; `extract` is a convenience for a
single text (bilat.engines.files reads files without a database).
"""
from __future__ import annotations

import logging
import re
import sys
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from bilat.config import Settings
from bilat.dates import add_durations, find_dates, interval
from bilat.model import (Characterization, Document, EventMention, Figure, PartialDate, ProcessedDocument,
                         Recommendation, Sentence)
from bilat.nlp import characterizations, recommendations, scorer, turns
from bilat.nlp.figures import extract_figures
from bilat.nlp.themes import tag_themes
from bilat.nlp.anaphora import fold_references, referent_party, refers_back
from bilat.nlp.actors import ActorMention, ActorResolver, default_resolver, dominant_state, main_pair
from bilat.nlp.chunks import CHUNK_CHARS, batches, document_chunks
from bilat.nlp.events import SentenceContext, find_event_triggers, money_amounts
from bilat.nlp.lexicon import load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

_PARAGRAPH = re.compile(r"\n\s*\n")
# modalities that describe no happening: advice, speculation and denials are not events
UNREPORTED = frozenset({"recommended", "hypothetical", "negated"})
OUTPUT_FIELDS = ("doc", "id", "quote", "start", "end", "category", "source_actor", "target_actor",
                 "date", "date_precision", "date_text", "date_basis", "date_start", "date_end", "modality",
                 "amount", "intensity", "themes", "confidence", "trigger")
# a characterization as bilat extract prints it (eval/SCHEMA.md), offsets and period beside
CHARACTERIZATION_FIELDS = ("doc", "id", "actors", "start", "end", "label", "quote", "char_start", "char_end",
                           "date_precision", "date_text", "cue")


# A bibliographic reference or footnote reports no happening of its own: a URL, an italic
# outlet name, a quoted title closed by a comma, a leading footnote number, access notes.
_FOOTNOTE_START = re.compile(r"^\s*(?:[\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d{1,3}\]|\d{1,3}[.)]?\s+[A-Z][^\s]*,)")
_REFERENCE_CUES = (
    re.compile(r"https?://|<www\.|\bwww\.[a-z0-9-]+\.[a-z]", re.I),
    re.compile(r"\b(?:retrieved|accessed)\b(?: on| from)?\s", re.I),
    re.compile(r"\bpp?\.\s*\d+(?:\s*[-\u2013]\s*\d+)?"),
    re.compile(r"\b(?:doi:|ISBN\b|Vol(?:ume)?\.\s*\d)", re.I),
)
_ITALIC_OUTLET = re.compile(r"(?<![*\w])\*[A-Z][^*\n]{2,80}\*(?![*\w])")
_TITLE_COMMA = re.compile(r"[\"\u201c][^\"\u201d\n]{8,200},[\"\u201d]")


def is_reference(line: str) -> bool:
    """A line that cites a source (footnote, bibliography entry) rather than reporting."""
    if _FOOTNOTE_START.match(line) and (_ITALIC_OUTLET.search(line) or _TITLE_COMMA.search(line)
                                        or any(c.search(line) for c in _REFERENCE_CUES)):
        return True
    cues = sum(1 for c in _REFERENCE_CUES if c.search(line))
    cues += bool(_ITALIC_OUTLET.search(line)) + bool(_TITLE_COMMA.search(line))
    return cues >= 2


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines of `text` that are references (see `is_reference`)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip() and is_reference(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _in_spans(start: int, spans: list[tuple[int, int]]) -> bool:
    """`start` falls in one of `spans` (sorted, not overlapping): a binary search, since a
    long document has many sentences and many reference lines."""
    i = bisect_right(spans, (start, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= start < spans[i][1]


_TERMINAL = tuple('.!?:;"\')\u201d\u2019')
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _finite(sent: Any) -> bool:
    return any(t.tag_ in _FINITE for t in sent)


def _starts_line(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] == "\n"


def is_heading(sent: Any, text: str, offset: int = 0) -> bool:
    """A line of its own without a finite verb or closing punctuation ("Saudi investment",
    "FACT SHEET: ..."): a title names a topic, it reports no happening. `text` is the whole
    document's; `offset` is where the sentence's parse starts in it."""
    body = sent.text.rstrip()
    if not body or body.endswith(_TERMINAL) or _finite(sent):
        return False
    start = sent.start_char + offset
    end = start + len(body)
    return _starts_line(text, start) and (end >= len(text) or text[end] in "\r\n")


_NOTE_START = re.compile(r"\d{1,3}\s+[A-Z]")


def is_note(sent: Any, text: str, offset: int = 0) -> bool:
    """A numbered note ("4 Ministry of Finance, statement on the loan, May 2021."): a line
    that starts with a note number and a capitalised word and has no finite verb cites a
    source, it reports no happening. Arguments as for `is_heading`."""
    return _starts_line(text, sent.start_char + offset) and bool(_NOTE_START.match(sent.text)) \
        and not _finite(sent)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH.finditer(text)]


def _resolver(settings: Settings) -> ActorResolver:
    return default_resolver(tuple(Path(p) for p in settings.vocab_files))


def _speaker(document: Document, resolver: ActorResolver, mentions: list[ActorMention]) -> str | None:
    """The state "we" stands for: the one the title names (a speech by a president), else the
    state the document names most."""
    if document.title:
        from bilat.nlp.pipeline import load_nlp

        in_title = resolver.find(load_nlp().tokenizer(document.title))
        person = [m.code for m in in_title if m.code and m.kind in ("leader", "organ")]
        if person:
            return person[0]
    return dominant_state(mentions)


_WORD = re.compile(r"[A-Za-z]{4,}")


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _dedupe(mentions: list[EventMention], overlap: float = 0.5) -> list[EventMention]:
    """A happening repeated in one document is one mention: keep the first report. A repeat
    is told in much the same words (half of the shorter sentence's content words shared)
    about the same category, pair of actors, year and modality; the same parties doing the
    same kind of thing in other words (a joint statement's list of welcomes) stay apart."""
    seen: dict[tuple[Any, ...], list[set[str]]] = {}
    out = []
    for m in mentions:
        pair = tuple(sorted(a for a in (m.source_actor, m.target_actor) if a))
        key = (m.category, pair, (m.date or "")[:4], m.modality)
        words = _content_words(m.quote)
        earlier = seen.setdefault(key, [])
        if any(len(words & w) >= overlap * max(1, min(len(words), len(w))) for w in earlier):
            continue
        earlier.append(words)
        out.append(m)
    return out


# a headline is a line of its own of at most this many words, without closing punctuation
HEADLINE_WORDS = 25
# the lead that a headline sums up: the text's first characters after the headline
LEAD_CHARS = 1200


def headline_end(text: str) -> int:
    """End offset of the text's first line when that line is a headline (a line of its own,
    at most HEADLINE_WORDS words, not ending like a sentence); 0 when there is none."""
    stripped = text.lstrip()
    first = stripped.split("\n", 1)[0].rstrip()
    if not first or "\n" not in stripped or first.endswith((".", "!", "?", ":", ";")):
        return 0
    if len(first.split()) > HEADLINE_WORDS:
        return 0
    return len(text) - len(stripped) + len(first)


def fold_headline(mentions: list[EventMention], head_end: int) -> list[EventMention]:
    """A headline repeats the lead: a mention in the headline (before `head_end`) with the
    category of a mention in the lead whose actors include its own is that happening told
    again, and only the lead's (with its date and fuller quote) is kept."""
    if head_end <= 0:
        return mentions
    lead = [m for m in mentions if head_end <= m.start < head_end + LEAD_CHARS]

    def told_in_lead(m: EventMention) -> bool:
        actors = {a for a in (m.source_actor, m.target_actor) if a}
        return any(n.category == m.category and actors <= {n.source_actor, n.target_actor} for n in lead)

    return [m for m in mentions if m.start >= head_end or not told_in_lead(m)]


# a sentence that places itself vaguely ("in those years", "in the aftermath") keeps no date
_VAGUE_TIME = re.compile(r"\b(?:period|era|years|decades?|times|aftermath|post-|pre-|since then|"
                         r"at that time|same time)", re.I)


def _narrative_year(dates: list[PartialDate]) -> PartialDate | None:
    """The year a sentence's last dated expression sets for the sentences after it in its
    paragraph (a history goes on telling about that year until it names another)."""
    for d in reversed(dates):
        if d.value and d.precision in ("year", "month", "day") and d.value[:4].isdigit() and d.basis != "name":
            return PartialDate(d.value[:4], "year", "", None, None)
    return None


def _reports_current_events(document: Document, dates: Iterable[PartialDate] | None = None) -> bool:
    """A statement or news report (most of its dates near publication) rather than a history:
    only then does an undated happening inherit the publication date. `dates`: the
    document's dates when already found (sentence by sentence)."""
    if not document.published:
        return False
    year = int(document.published[:4])
    if dates is None:
        dates = find_dates(document.text, document.published)
    # a year in a law's name ("the Aid Act of 1961") says nothing of when the text reports
    years = [int(d.value[:4]) for d in dates if d.value and d.value[:4].isdigit() and d.basis != "name"]
    if not years:
        return True
    near = sum(1 for y in years if abs(y - year) <= 1)
    log.debug("%s: %d of %d dates near publication", document.name, near, len(years))
    return near >= 0.5 * len(years)


def process_spacy_doc(document: Document, doc: "Doc", settings: Settings) -> ProcessedDocument:
    """Everything the pipeline extracts from one parsed document (`doc` is the parse of
    the whole of document.text)."""
    reader = DocumentReader(document, settings)
    reader.add(0, doc)
    return reader.finish(doc.vocab)


@dataclass
class _Part:
    """One parsed chunk of a document, waiting for the document's context."""

    offset: int  # character offset of the chunk in the document's text
    parse: "Doc | bytes"  # the parse, or the parse packed by bilat.nlp.chunks.pack
    dates: dict[int, list[PartialDate]]  # each sentence's dates, by its start in the chunk


class DocumentReader:
    """Reads one document from the parses of its consecutive chunks: `add` each chunk in
    text order, then `finish`. What the whole document tells every sentence (who "we" is,
    the state it is about, whether it reports current events) is settled over all chunks
    before any sentence is read, so a document gives the same result in one chunk or many
    (but for the parse itself near a cut)."""

    def __init__(self, document: Document, settings: Settings) -> None:
        self.document = document
        self.settings = settings
        self.resolver = _resolver(settings)
        self.states: list[ActorMention] = []  # state mentions, in text order
        self.parts: list[_Part] = []

    def add(self, offset: int, doc: "Doc", park: bool = False) -> None:
        """Take the parse of the chunk that starts at character `offset` of the document's
        text; `park` keeps it compressed until `finish` (for long documents)."""
        from bilat.nlp.actors import STATE_KINDS
        from bilat.nlp.chunks import pack

        published = self.document.published
        # sentence by sentence: the rules ask for the same sentences later and get them remembered
        self.states.extend(m for sent in doc.sents for m in self.resolver.find(sent)
                           if m.code and m.kind in STATE_KINDS and not m.locative)
        # each sentence's dates, found once: they decide the document's kind and then the events
        dates = {sent.start_char: find_dates(sent.text, published, sent.start_char)
                 for sent in doc.sents if sent.text.strip()}
        self.parts.append(_Part(offset, pack(doc) if park else doc, dates))

    def finish(self, vocab: Any) -> ProcessedDocument:
        """Sentences, event mentions, figures and recommendations of the whole document, with
        character offsets into document.text. `vocab`: the pipeline's (to unpack parses)."""
        from bilat.nlp.chunks import unpack

        scan = _SentenceScan(self.document, self.resolver, self._context())
        scan.scorer = scorer.scorer_step(self.settings.event_scorer, self.settings.event_model)
        scan.characterizations = characterizations.CharacterizationScan(self.resolver, characterizations.Context(
            doc_id=self.document.id, doc=self.document.name, pair=scan.ctx.pair, report_date=scan.pub_date))
        extras = _Extras(self.document, self.resolver.vocab_files)
        for part in self.parts:
            doc = unpack(vocab, part.parse) if isinstance(part.parse, bytes) else part.parse
            scan.read(doc, part.offset, part.dates)
            extras.read(doc, part.offset)
        self.parts = []
        result = ProcessedDocument(document=self.document, sentences=scan.sentences, mentions=scan.finish())
        result.figures, result.recommendations = extras.figures, extras.recommendations
        result.characterizations = scan.characterizations.finish()
        return result

    def _context(self) -> SentenceContext:
        document = self.document
        ctx = SentenceContext(doc_id=document.id, published=document.published,
                              speaker=_speaker(document, self.resolver, self.states),
                              topic=dominant_state(self.states), pair=main_pair(self.states))
        if document.published and _reports_current_events(
                document, (d for part in self.parts for ds in part.dates.values() for d in ds)):
            ctx.report_date = PartialDate(document.published, document.published_precision or "day",
                                          "", None, None)
        return ctx


class _SentenceScan:
    """The sentence-by-sentence reading of one document, carried across its chunks."""

    def __init__(self, document: Document, resolver: ActorResolver, ctx: SentenceContext) -> None:
        self.document = document
        self.resolver = resolver
        self.ctx = ctx
        self.pub_date = ctx.report_date  # None unless the document reports current events
        self.para_starts = _paragraph_starts(document.text)
        self.references = reference_spans(document.text)
        self.lexicon = load_lexicon(tuple(getattr(resolver, "vocab_files", ())))
        self.backrefs: set[int] = set()  # id() of mentions told by "the raid": see nlp/anaphora.py
        self.sentences: list[Sentence] = []
        self.mentions: list[EventMention] = []
        self.narrative: PartialDate | None = None  # the year a history's paragraph is telling about
        self.narrative_paragraph = -1
        self.scorer: scorer.Step | None = None  # the trained scorer's step, if any
        self.default_speaker = ctx.speaker
        self.transcript = turns.is_transcript(document.text)
        self.characterizations: characterizations.CharacterizationScan | None = None

    def read(self, doc: "Doc", offset: int, dates: dict[int, list[PartialDate]]) -> None:
        """Read the sentences of one chunk's parse (`offset`: the chunk's place in the text)."""
        for sent in doc.sents:
            text = sent.text
            if not text.strip():
                continue
            start = sent.start_char + offset
            paragraph = bisect_right(self.para_starts, start) - 1
            self.sentences.append(Sentence(self.document.id, len(self.sentences), start,
                                           sent.end_char + offset, text, paragraph))
            if _in_spans(start, self.references) or is_heading(sent, self.document.text, offset) \
                    or is_note(sent, self.document.text, offset):
                continue
            self._read_events(sent, paragraph, dates[sent.start_char], offset)

    def _read_events(self, sent: "Span", paragraph: int, dates: list[PartialDate], offset: int) -> None:
        ctx, text = self.ctx, sent.text
        ctx.dates = dates
        ctx.report_date = self.pub_date
        if paragraph != self.narrative_paragraph:
            self.narrative, self.narrative_paragraph = None, paragraph
            if self.transcript:
                ctx.speaker = self._turn_speaker(sent, paragraph, offset)
        ctx.fallback_date = self.narrative if self.pub_date is None and not _VAGUE_TIME.search(text) else None
        if self.characterizations is not None:
            self.characterizations.read(sent, offset, len(self.sentences) - 1, dates, paragraph)
        self.narrative = _narrative_year(ctx.dates) or self.narrative
        # offsets stay chunk-relative while the sentence is read (they meet the parse's),
        # and move to the document's frame after
        ctx.amounts = money_amounts(text, sent.start_char)
        found = find_event_triggers(sent, self.resolver, ctx)
        if self.scorer is not None:  # the model decides category, drops and proposals
            found = self.scorer(sent, found, self.resolver, ctx)
        themes = list(tag_themes(text)) if found else []
        if found:
            set_intervals([m for m, _ in found], add_durations(dates, text, sent.start_char))
        for mention, _token in found:
            mention.sentence_index = len(self.sentences) - 1
            mention.doc = self.document.name
            mention.themes = list(themes)
            mention.start, mention.end = mention.start + offset, mention.end + offset
        for amount in ctx.amounts if offset else ():
            amount.start = None if amount.start is None else amount.start + offset
            amount.end = None if amount.end is None else amount.end + offset
        if found:
            ctx.previous_subject = found[-1][0].source_actor
        self.backrefs.update(id(m) for m, tok in found if refers_back(tok, self.lexicon))
        for mention, tok in found:  # "Somalia condemned the raid": aimed at whoever raided
            if mention.target_actor is None:
                party = referent_party(tok, self.lexicon, self.mentions, len(self.sentences) - 1)
                if party and party != mention.source_actor:
                    mention.target_actor = party
        self.mentions.extend(m for m, _ in found)

    def _turn_speaker(self, sent: "Span", paragraph: int, offset: int) -> str | None:
        """Who "we" is in this paragraph of a transcript: its label's speaker, else the
        document's."""
        end = turns.label_end(self.document.text, self.para_starts[paragraph])
        if end is None or end - offset > sent.end_char:
            return self.default_speaker
        who = turns.turn_speaker(sent, end - offset, self.resolver)
        return self.default_speaker if who is turns.KEEP else who  # type: ignore[return-value]

    def finish(self) -> list[EventMention]:
        """The document's mentions: repeats folded, unreported modalities left out, numbered."""
        # the headline first: a repeat told later would otherwise be folded into it
        mentions = fold_references(self.mentions, self.backrefs)
        mentions = _dedupe(fold_headline(mentions, headline_end(self.document.text)))
        mentions = [m for m in mentions if m.modality not in UNREPORTED]
        for n, mention in enumerate(mentions):
            mention.id = f"{self.document.id}:m{n}"
        return mentions


def set_intervals(mentions: list[EventMention], dates: list[PartialDate]) -> None:
    """Give each mention whose date expression covers a stretch of time ("in the 1960s",
    "since 2001", "after 1989 for about a decade") that stretch as `date_start`/`date_end`;
    its `date` stays as the rules set it (null for a decade or an era)."""
    for mention in mentions:
        if not mention.date_text:
            continue
        date = next((d for d in dates if d.text == mention.date_text), None)
        span = interval(date)
        if span is not None:
            mention.date_start, mention.date_end = span[0], span[1]


class _Extras:
    """Figures and recommendations of one document, gathered chunk by chunk."""

    def __init__(self, document: Document, vocab_files: tuple[str, ...] = ()) -> None:
        self.document = document
        self.vocab_files = vocab_files  # user files: their recommendation cues count too
        # recommendation sections span chunks: found once over the whole text
        self.sections = recommendations.recommendation_sections(document.text, recommendations.load_cues(vocab_files))
        self.figures: list[Figure] = []
        self.recommendations: list[Recommendation] = []

    def read(self, doc: "Doc", offset: int) -> None:
        """Add the figures and recommendations of one chunk's parse, numbered in text order."""
        doc_id = self.document.id
        for figure in extract_figures(self.document, doc, offset=offset):
            figure.id = f"{doc_id}:f{len(self.figures) + 1}"
            self.figures.append(figure)
        for rec in recommendations.extract_recommendations(self.document, doc, offset=offset, sections=self.sections,
                                                           vocab_files=self.vocab_files):
            rec.id = f"{doc_id}:r{len(self.recommendations) + 1}"
            self.recommendations.append(rec)


def process_documents(docs: Iterable[Document], settings: Settings | None = None,
                      chunk_chars: int = CHUNK_CHARS) -> Iterator[ProcessedDocument]:
    """Run the per-document pipeline over documents and yield their results in input order.

    Documents are read lazily. A text longer than `chunk_chars` characters is parsed as
    consecutive chunks cut at paragraph breaks (bilat.nlp.chunks), and one `nlp.pipe` batch
    holds at most `settings.batch_size` chunks and `chunk_chars` characters, so time grows
    linearly with a text's length and memory stays bounded. A document in a language the
    pipeline does not read (`Document.extractable`) comes back with no sentences or mentions.
    Raises ValueError when `chunk_chars` is below 1 or over the pipeline's `max_length`.
    """
    from bilat.nlp.pipeline import load_nlp

    settings = settings or Settings()
    nlp = load_nlp()
    if not 0 < chunk_chars <= nlp.max_length:
        raise ValueError(f"chunk_chars must be between 1 and {nlp.max_length:,}, not {chunk_chars:,}")
    pending: deque[Document] = deque()  # documents whose chunks are on their way

    def texts() -> Iterator[str]:
        for document in docs:
            pending.append(document)
            if document.extractable:
                yield document.text
            else:
                # the English pipeline would find spurious events in French or Urdu: an empty
                # parse keeps the document's place in the stream and gives it no sentences
                log.info("%s: %s", document.source, document.language_note)
                yield ""

    reader: DocumentReader | None = None
    for batch in batches(document_chunks(texts(), chunk_chars), settings.batch_size, chunk_chars):
        for chunk, parsed in zip(batch, nlp.pipe([c.text for c in batch], batch_size=len(batch))):
            reader = reader or DocumentReader(pending.popleft(), settings)
            reader.add(chunk.offset, parsed, park=not (chunk.last and chunk.offset == 0))
            if chunk.last:
                yield reader.finish(nlp.vocab)
                reader = None


def extract(text: str, published: str | None = None, settings: Settings | None = None) -> list[EventMention]:
    """Event mentions of one text (no database)."""
    document = Document(id="text", source="text", text=text, published=published)
    return next(iter(process_documents([document], settings))).mentions


# -- output --------------------------------------------------------------------------------
def mention_dict(m: EventMention) -> dict[str, Any]:
    """A mention as bilat's JSONL output (eval/SCHEMA.md)."""
    data = m.to_dict()
    out = {k: data.get(k) for k in OUTPUT_FIELDS}
    if m.amount is not None:
        out["amount"] = {"value": m.amount.value, "unit": m.amount.unit, "text": m.amount.text}
    return out


def characterization_dict(c: Characterization) -> dict[str, Any]:
    """A characterization as bilat's JSONL output (eval/SCHEMA.md)."""
    data = c.to_dict()
    return {k: data.get(k) for k in CHARACTERIZATION_FIELDS}
