"""Loading one input (file path or URL) into a Document.

Dispatch by type: plain text and Markdown, HTML, PDF; URLs by their content type.
Every loader returns cleaned text plus what it learnt about title, author, publisher
and date, each with its provenance (`meta`, `json-ld`, `header`, `feed-entry`, `none`).
Text headers (title line, byline, date line) fill whatever the format's own metadata left
empty; for a feed entry, what the feed says of it comes next. A feed entry whose link
cannot be loaded becomes a document of its own title and summary (kind `feed-entry`).
The document's language is detected from its cleaned text (`bilat.ingest.language`).
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bilat.config import Settings
from bilat.errors import FetchError, InputError, printable
from bilat.ingest.boilerplate import drop_boilerplate, load_boilerplate
from bilat.ingest.clutter import load_rules, remove_clutter
from bilat.ingest.fetch import fetch, is_url
from bilat.ingest.html import declared_charset, extract_html
from bilat.ingest.identity import content_hash
from bilat.ingest.inputs import DOCUMENT_EXTENSIONS, FEED_EXTENSIONS, FeedEntry, feed_links, looks_like_feed
from bilat.ingest.language import detect_language
from bilat.ingest.metadata import header_metadata, parse_date
from bilat.ingest.pdf import pdf_text
from bilat.ingest.publishers import SourceInfo, from_header, from_pdf_info, kind_of_publisher
from bilat.ingest.text import count_words, tidy_whitespace
from bilat.ingest.textfile import decode_text, markdown_to_text, read_input_file, split_front_matter
from bilat.model import PROVENANCE, Document, PartialDate

log = logging.getLogger(__name__)

FIELDS = ("title", "author", "publisher", "published")
# "scheme://" at the start of an input that is no existing path: a URL bilat does not fetch
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_KINDS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}


@dataclass
class _Loaded:
    """Text and metadata a loader found, before the document is assembled."""

    text: str
    kind: str
    values: dict[str, str] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    published: PartialDate | None = None

    def offer(self, name: str, value: object, provenance: str) -> None:
        """Set a field unless an earlier, better source already did. Raises ValueError for a
        provenance not in model.PROVENANCE (what the store and the API report)."""
        if provenance not in PROVENANCE:
            raise ValueError(f"unknown provenance {provenance!r} (choose from {', '.join(PROVENANCE)})")
        if name in self.provenance or value in (None, ""):
            return
        if name == "published":
            date = value if isinstance(value, PartialDate) else parse_date(str(value))
            if date is None or not date.value:
                return
            self.published = date
        else:
            self.values[name] = " ".join(str(value).split())
        self.provenance[name] = provenance


def load_document(source: str, settings: Settings | None = None) -> Document:
    """Read one input (path or http/https URL) into a Document with cleaned text.

    Raises InputError (FetchError for URLs) naming the source and the reason; a cleaned
    text longer than `settings.max_chars` characters is refused here, before any parsing.
    """
    settings = settings or Settings()
    if isinstance(source, FeedEntry):
        return _load_feed_entry(source, settings)
    return _assemble(source, _load(source, settings), settings)


def _load(source: str, settings: Settings) -> _Loaded:
    if is_url(source):
        fetched = fetch(source, settings)
        kind = fetched.kind
        if kind == "feed":
            _refuse_feed(source, fetched.data, fetched.url)
        loaded = _load_bytes(source, fetched.data, kind, settings, charset=fetched.charset)
        loaded.kind = "url"
    else:
        _check_exists(source)
        kind = _file_kind(source)
        data = read_input_file(source, settings.max_bytes)
        if kind == "feed":
            _refuse_feed(source, data, source)
        loaded = _load_bytes(source, data, kind, settings)
    return loaded


def _load_feed_entry(entry: FeedEntry, settings: Settings) -> Document:
    """The page the entry links to; when that cannot be had (dead link, error page, no text),
    the entry's own title and summary, as a document of kind `feed-entry` whose source
    stays the link. What the entry says fills the metadata the page left empty."""
    try:
        return _assemble(entry, _with_entry(_load(entry, settings), entry), settings)
    except (FetchError, InputError) as exc:
        if not entry.body and not entry.headline:
            raise
        log.info("%s: %s; the feed entry's own text is used", printable(entry), exc.reason)
    loaded = _with_entry(_Loaded(entry.text, "feed-entry"), entry)
    _offer_header(loaded, _extra(settings))
    return _assemble(entry, loaded, settings)


def _with_entry(loaded: _Loaded, entry: FeedEntry) -> _Loaded:
    for name in FIELDS:
        loaded.offer(name, entry.headline if name == "title" else getattr(entry, name), "feed-entry")
    return loaded


def _check_exists(source: str) -> None:
    """Refuse a path that names nothing before its type is judged: "briefs/" (a folder that
    does not exist) has no extension, but the reason is that it is not there; "htp://host/x"
    (a mistyped scheme) is not a path at all."""
    if os.path.lexists(source):
        return
    scheme = _SCHEME.match(source)
    if scheme:
        raise FetchError(source, f"unsupported URL scheme '{scheme.group(1)}' (supported: http, https)")
    raise InputError(source, "no such file or folder")


def _file_kind(source: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in _KINDS:
        return _KINDS[suffix]
    if suffix in FEED_EXTENSIONS:
        return "feed"
    shown = f"'{suffix}'" if suffix else "(no extension)"
    raise InputError(source, f"unsupported file type {shown} (supported: {', '.join(DOCUMENT_EXTENSIONS)})")


def _refuse_feed(source: str, data: bytes, base: str) -> None:
    """A feed is not one document: say so, with what expand_inputs would make of it."""
    error = FetchError if is_url(source) else InputError
    if not looks_like_feed(data):
        raise error(source, "not a valid RSS/Atom feed")
    links = feed_links(data, base)
    if not links:
        raise error(source, "feed has no entries with links")
    raise error(source, f"is a feed of {len(links)} entries; expand it into its entries first (expand_inputs)")


def _load_bytes(source: str, data: bytes, kind: str, settings: Settings, charset: str | None = None) -> _Loaded:
    if not data.strip():
        raise InputError(source, "empty file")
    if kind == "pdf":
        return _load_pdf(source, data, settings)
    rules = load_rules(settings.vocab_files)
    if kind == "html":
        # the HTTP header outranks the page's own meta tag, as in browsers
        text = decode_text(data, source, declared=[charset, declared_charset(data)])
        page = extract_html(text, url=source if is_url(source) else None, source=source)
        loaded = _Loaded(remove_clutter(page.text, rules).text, "html")
        for name in (*FIELDS, "source_type"):
            if name in page.provenance:
                loaded.offer(name, page.published if name == "published" else getattr(page, name),
                             page.provenance[name])
    else:
        text = decode_text(data, source, declared=charset)
        loaded = _Loaded("", "text")
        if kind == "markdown" or Path(source).suffix.lower() == ".md":
            front, _ = split_front_matter(text)
            for name in FIELDS:
                key = {"published": "date", "publisher": "publisher"}.get(name, name)
                loaded.offer(name, front.get(name) or front.get(key), "meta")
            text = markdown_to_text(text)
        if not text.strip():
            raise InputError(source, "empty file")
        loaded.text = remove_clutter(text, rules).text
    _offer_header(loaded, _extra(settings))
    return loaded


def _extra(settings: Settings) -> tuple[str, ...]:
    """The user's vocabulary files, as the vocabulary readers take them."""
    return tuple(str(p) for p in settings.vocab_files)


def _load_pdf(source: str, data: bytes, settings: Settings) -> _Loaded:
    if b"%PDF-" not in data[:1024]:
        raise InputError(source, "corrupt PDF (cannot be parsed)")
    content = pdf_text(data, source)
    loaded = _Loaded(tidy_whitespace(content.text), "pdf")
    if content.title_from:
        loaded.offer("title", content.title, content.title_from)
    loaded.offer("author", content.author, "meta")
    info = from_pdf_info(content.info, _extra(settings))
    loaded.offer("publisher", info.publisher, "meta")
    loaded.offer("source_type", info.source_type, "meta")
    # printed at the page edge, above the title
    masthead = from_header("\n".join(content.masthead), extra=_extra(settings))
    loaded.offer("publisher", masthead.publisher, "header")
    _offer_header(loaded, _extra(settings))
    return loaded


def _offer_header(loaded: _Loaded, extra: tuple[str, ...] = ()) -> None:
    header = header_metadata(loaded.text)
    loaded.offer("title", header.title, "header")
    loaded.offer("author", header.author, "header")
    loaded.offer("publisher", header.publisher, "header")
    if header.published:
        loaded.offer("published", PartialDate(header.published, header.published_precision), "header")
    _offer_source(loaded, extra)


def _offer_source(loaded: _Loaded, extra: tuple[str, ...] = ()) -> None:
    """Publisher and kind of source from the first lines (ingest/publishers.py); failing all
    else, the kind the publisher's name suggests, found where the publisher was."""
    source = from_header(loaded.text, SourceInfo(loaded.values.get("publisher"), None,
                                                 loaded.values.get("source_type"), None), extra)
    loaded.offer("publisher", source.publisher, "header")
    loaded.offer("source_type", source.source_type, "header")
    publisher = loaded.values.get("publisher")
    loaded.offer("source_type", kind_of_publisher(publisher, extra), loaded.provenance.get("publisher", "none"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(source: str) -> str:
    """The source with the bytes of a non-UTF-8 file name (which Python decodes to lone
    surrogates, and no database can store as text) written as ``\\xNN``, as messages show them."""
    return _SURROGATE.sub(lambda m: printable(m.group()), source)


def _assemble(source: str, loaded: _Loaded, settings: Settings) -> Document:
    # after the header is read: a disclaimer names the publisher (metadata.py) before it goes
    rules = load_boilerplate(settings.vocab_files)
    text = tidy_whitespace(drop_boilerplate(tidy_whitespace(loaded.text), rules, printable(source)))
    max_chars = settings.max_chars
    if not text.strip():
        hint = " (a scanned PDF without a text layer?)" if loaded.kind == "pdf" else ""
        raise InputError(source, f"no text after cleaning{hint}")
    if len(text) > max_chars:
        raise InputError(source, f"text has {len(text):,} characters, over the --max-chars limit of {max_chars:,}")
    digest = content_hash(text)
    published = loaded.published
    return Document(
        id=digest[:16],
        source=_storable(str(source)),
        text=text,
        title=loaded.values.get("title"),
        author=loaded.values.get("author"),
        publisher=loaded.values.get("publisher"),
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        words=count_words(text),
        content_hash=digest,
        provenance={name: loaded.provenance.get(name, "none") for name in FIELDS},
        source_type=loaded.values.get("source_type"),
        source_type_from=loaded.provenance.get("source_type", "none"),
        kind=loaded.kind,
        language=detect_language(text).language,
    )
