"""The per-document pipeline: parse, split sentences, extract event mentions, figures,
recommendations and themes.

`process_documents` is what engines map over documents; `extract` and `extract_files`
are conveniences for a single text and for files without a database.
"""
from __future__ import annotations

import logging
import re
import sys
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from bilat.config import Settings
from bilat.model import Document, EventMention, PartialDate, ProcessedDocument, Sentence
from bilat.nlp.actors import ActorMention, ActorResolver, default_resolver, dominant_state
from bilat.nlp.dates import find_dates
from bilat.nlp.events import SentenceContext, find_event_triggers, money_amounts

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

_PARAGRAPH = re.compile(r"\n\s*\n")
# modalities that describe no happening: advice, speculation and denials are not events
UNREPORTED = frozenset({"recommended", "hypothetical", "negated"})
OUTPUT_FIELDS = ("doc", "id", "quote", "start", "end", "category", "source_actor", "target_actor",
                 "date", "date_precision", "date_text", "modality", "amount", "intensity", "themes",
                 "confidence", "trigger")


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function of a sibling stage, or None while that stage is not installed."""
    try:
        mod = __import__(module, fromlist=[name])
    except ImportError:
        return None
    return getattr(mod, name, None)


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
    return any(a <= start < b for a, b in spans)


_TERMINAL = tuple('.!?:;"\')\u201d\u2019')
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def is_heading(sent: Any, text: str) -> bool:
    """A line of its own without a finite verb or closing punctuation ("Saudi investment",
    "FACT SHEET: ..."): a title names a topic, it reports no happening."""
    body = sent.text.rstrip()
    if not body or body.endswith(_TERMINAL) or any(t.tag_ in _FINITE for t in sent):
        return False
    start, end = sent.start_char, sent.start_char + len(body)
    return (start == 0 or text[start - 1] == "\n") and (end >= len(text) or text[end] in "\r\n")


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


# a sentence that places itself vaguely ("in those years", "in the aftermath") keeps no date
_VAGUE_TIME = re.compile(r"\b(?:period|era|years|decades?|times|aftermath|post-|pre-|since then|"
                         r"at that time|same time)", re.I)


def _narrative_year(dates: list[PartialDate]) -> PartialDate | None:
    """The year a sentence's last dated expression sets for the sentences after it in its
    paragraph (a history goes on telling about that year until it names another)."""
    for d in reversed(dates):
        if d.value and d.precision in ("year", "month", "day") and d.value[:4].isdigit():
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
    years = [int(d.value[:4]) for d in dates if d.value and d.value[:4].isdigit()]
    if not years:
        return True
    near = sum(1 for y in years if abs(y - year) <= 1)
    log.debug("%s: %d of %d dates near publication", document.name, near, len(years))
    return near >= 0.5 * len(years)


def process_spacy_doc(document: Document, doc: "Doc", settings: Settings) -> ProcessedDocument:
    """Everything the pipeline extracts from one parsed document."""
    resolver = _resolver(settings)
    tag_themes = _optional("bilat.analysis.themes", "tag_themes")
    all_mentions = resolver.find(doc)
    speaker = _speaker(document, resolver, all_mentions)
    topic = dominant_state(all_mentions)
    para_starts = _paragraph_starts(document.text)
    references = reference_spans(document.text)
    ctx = SentenceContext(doc_id=document.id, published=document.published, speaker=speaker, topic=topic)
    sentences: list[Sentence] = []
    mentions: list[EventMention] = []
    pub_date = (PartialDate(document.published, document.published_precision or "day", "", None, None)
                if document.published else None)
    # each sentence's dates, found once: they decide the document's kind and then the events
    sent_dates = {sent.start_char: find_dates(sent.text, document.published, sent.start_char)
                  for sent in doc.sents if sent.text.strip()}
    if not _reports_current_events(document, (d for ds in sent_dates.values() for d in ds)):
        pub_date = None
    narrative: PartialDate | None = None  # the year a history's paragraph is telling about
    narrative_paragraph = -1
    for n, sent in enumerate(doc.sents):
        text = sent.text
        if not text.strip():
            continue
        paragraph = bisect_right(para_starts, sent.start_char) - 1
        sentences.append(Sentence(document.id, len(sentences), sent.start_char, sent.end_char, text, paragraph))
        if _in_spans(sent.start_char, references) or is_heading(sent, document.text):
            continue
        ctx.dates = sent_dates[sent.start_char]
        ctx.report_date = pub_date
        if paragraph != narrative_paragraph:
            narrative, narrative_paragraph = None, paragraph
        ctx.fallback_date = narrative if pub_date is None and not _VAGUE_TIME.search(text) else None
        narrative = _narrative_year(ctx.dates) or narrative
        ctx.amounts = money_amounts(text, sent.start_char)
        found = find_event_triggers(sent, resolver, ctx)
        themes = list(tag_themes(text)) if tag_themes is not None and found else []
        for mention, _token in found:
            mention.sentence_index = len(sentences) - 1
            mention.doc = document.name
            mention.themes = list(themes)
        if found:
            ctx.previous_subject = found[-1][0].source_actor
        mentions.extend(m for m, _ in found)
    mentions = [m for m in _dedupe(mentions) if m.modality not in UNREPORTED]
    for n, mention in enumerate(mentions):
        mention.id = f"{document.id}:m{n}"
    result = ProcessedDocument(document=document, sentences=sentences, mentions=mentions)
    extract_figures = _optional("bilat.analysis.figures", "extract_figures")
    if extract_figures is not None:
        result.figures = list(extract_figures(document, doc))
    extract_recommendations = _optional("bilat.analysis.recommendations", "extract_recommendations")
    if extract_recommendations is not None:
        result.recommendations = list(extract_recommendations(document, doc))
    return result


def process_documents(docs: Iterable[Document], settings: Settings | None = None) -> Iterator[ProcessedDocument]:
    """Run the per-document pipeline over documents, parsing them in batches; one
    ProcessedDocument per document, in order. A document in a language the pipeline does not
    read (`Document.extractable`) comes back with no sentences or mentions."""
    from bilat.nlp.pipeline import load_nlp

    settings = settings or Settings()
    nlp = load_nlp()
    docs = list(docs)
    texts = (d.text for d in docs if d.extractable)
    parsed = nlp.pipe(texts, batch_size=settings.batch_size)
    for document in docs:
        if not document.extractable:
            # the English pipeline would find spurious events in French or Urdu: stored as is
            log.info("%s: %s", document.source, document.language_note)
            yield ProcessedDocument(document)
            continue
        yield process_spacy_doc(document, next(parsed), settings)


def extract(text: str, published: str | None = None, settings: Settings | None = None) -> list[EventMention]:
    """Event mentions of one text (no database)."""
    document = Document(id="text", source="text", text=text, published=published)
    return next(iter(process_documents([document], settings))).mentions


# -- files ---------------------------------------------------------------------------------
def load_file(path: Path, settings: Settings) -> Document:
    from bilat.ingest import load_document

    return load_document(str(path), settings)


def mention_dict(m: EventMention) -> dict[str, Any]:
    """A mention as bilat's JSONL output (eval/SCHEMA.md)."""
    data = m.to_dict()
    out = {k: data.get(k) for k in OUTPUT_FIELDS}
    if m.amount is not None:
        out["amount"] = {"value": m.amount.value, "unit": m.amount.unit, "text": m.amount.text}
    return out


def extract_files(paths: list[Path], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """Output dicts (SCHEMA.md) for the event mentions of files; a file that cannot be read
    yields {"doc", "error"} and the others go on."""
    from bilat.errors import BilatError

    settings = settings or Settings()
    documents = []
    for path in paths:
        try:
            documents.append(load_file(Path(path), settings))
        except (OSError, BilatError) as err:
            yield {"doc": Path(path).name, "error": str(err)}
    for processed in process_documents(documents, settings):
        for mention in processed.mentions:
            yield mention_dict(mention)


def main(argv: list[str]) -> None:
    import json

    for item in extract_files([Path(a) for a in argv]):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
