"""Expanding what the user named into the inputs to load: folders, files, URLs, feeds.

RSS and Atom feeds (files or URLs, recognised by extension or by their first bytes)
stand for their entries: each entry's link is one input, a `FeedEntry` that also carries
what the feed says of the entry (title, summary or content, date, author), so that an
entry whose link is dead still becomes a document (`load_document` falls back to it).
An entry link with a scheme other than http/https (file:, ftp:, javascript:, data: ...)
is refused: it stays in the list as a `Prefetched` carrying the FetchError, so that
loading it reports one line naming the link and the reason while the rest of the feed
goes on.
"""
from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html

from bilat.config import Settings
from bilat.errors import FetchError, InputError
from bilat.ingest.fetch import Prefetched, fetch, is_url
from bilat.model import PartialDate

log = logging.getLogger(__name__)

DOCUMENT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf")

FEED_EXTENSIONS = (".xml", ".rss", ".atom")
# the root element of RSS 2.0, RSS 1.0 (RDF) and Atom documents
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 2048
SHOWN_LINK = 100  # characters of a refused entry link shown in its message (data: links run long)


def looks_like_feed(data: bytes) -> bool:
    """True when the start of the bytes is an RSS or Atom document."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return False
    return bool(_FEED_ROOT.search(head))


def sniff_file(path: Path) -> bool:
    """True when the file starts like a feed (reads only its first bytes)."""
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(SNIFF_BYTES))
    except OSError:
        return False


class FeedEntry(str):
    """An entry's link (a str) with what the feed itself says of the entry.

    `headline` (the entry's title; `str.title` is taken), `author` and `publisher` (the
    feed's own title) are text or None; `body` is
    the entry's content or summary as plain text ("" when the feed gives none);
    `published` its date (published, else updated) with day precision, or None.
    """

    headline: str | None
    body: str
    published: PartialDate | None
    author: str | None
    publisher: str | None

    def __new__(cls, link: str, headline: str | None = None, body: str = "", published: PartialDate | None = None,
                author: str | None = None, publisher: str | None = None) -> FeedEntry:
        made = super().__new__(cls, link)
        made.headline, made.body, made.published = headline, body, published
        made.author, made.publisher = author, publisher
        return made

    @property
    def text(self) -> str:
        """The entry as a document: its title, a blank line, its body ("" when it has neither)."""
        return "\n\n".join(part for part in (self.headline, self.body) if part)

    def __reduce__(self) -> tuple[Any, ...]:
        return FeedEntry, (str(self), self.headline, self.body, self.published, self.author, self.publisher)


def feed_links(data: bytes, source: str) -> list[str]:
    """Links of the feed's entries, in feed order, without repeats (the first entry wins).

    Each is a FeedEntry carrying the entry's own title, text and date. Relative links
    resolve against the feed's own site link, else against `source` (the feed's URL, or
    the directory of a feed file). A link with a scheme other than http/https comes back
    as a Prefetched holding the FetchError that refuses it. Raises InputError when the
    data is not a feed.
    """
    import feedparser  # imported only when a feed is met

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        detail = parsed.get("bozo_exception")
        raise InputError(source, f"not a valid RSS/Atom feed{f' ({detail})' if detail else ''}")
    site = parsed.feed.get("link") or ""
    base = site if urlsplit(site).scheme in ("http", "https") else source
    publisher = _one_line(parsed.feed.get("title"))
    links: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry)
        if not link:
            continue
        resolved = _entry_link(link.strip(), base, source)
        if not isinstance(resolved, Prefetched):
            resolved = FeedEntry(resolved, _one_line(entry.get("title")), _entry_body(entry), _entry_date(entry),
                                 _one_line(entry.get("author")), publisher)
        links.append(resolved)
    unique = list(dict.fromkeys(links))
    log.info("%s: feed with %d entry links", source, len(unique))
    return unique


def _one_line(value: object) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None


_BLOCKS = ("p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr")


def _entry_body(entry: Any) -> str:
    """The longest of the entry's content and summary, as paragraphs of plain text."""
    values = [str(c.get("value") or "") for c in entry.get("content") or []] + [str(entry.get("summary") or "")]
    best = max(values, key=len).strip()
    if not best or "<" not in best:
        return best
    try:
        root = lxml.html.fragment_fromstring(best, create_parent="div")
    except (ValueError, lxml.etree.ParserError):  # type: ignore[attr-defined]
        return best
    for element in root.iter(*_BLOCKS):
        # block ends are paragraph breaks; text_content() alone would glue paragraphs together
        element.tail = "\n\n" + (element.tail or "")
    paragraphs = (" ".join(block.split()) for block in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: Any) -> PartialDate | None:
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if stamp:
            return PartialDate(time.strftime("%Y-%m-%d", stamp), "day")
    return None


def _alternate(entry: dict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _entry_link(link: str, base: str, feed: str) -> str:
    scheme = urlsplit(link).scheme.lower()
    if scheme in ("http", "https"):
        return link
    if scheme:
        # a feed must not make bilat read local files or run anything: only web pages
        shown = link if len(link) <= SHOWN_LINK else link[:SHOWN_LINK] + "..."
        reason = f"refused entry of feed {feed}: unsupported URL scheme '{scheme}' (supported: http, https)"
        log.info("%s: %s", shown, reason)
        return Prefetched(shown, FetchError(shown, reason))
    if urlsplit(base).scheme in ("http", "https"):
        return urljoin(base, link)
    # a feed file with relative links: paths next to the feed
    return str((Path(base).parent / link).resolve()) if not Path(link).is_absolute() else link


def expand_inputs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[str]:
    """Paths and URLs to load, one per document.

    Folders are walked recursively in sorted order, skipping hidden files and folders
    and files of unsupported types; files and URLs are yielded as given; a feed (file
    or URL, recognised by its extension or its content) yields its entries' links.
    A feed that cannot be read is yielded itself, so that `load_document` reports why.
    A folder with no supported file raises InputError ("no readable files ...").
    Fetching a feed URL uses `settings` (allow_private, timeout, max_bytes).
    """
    settings = settings or Settings()
    for item in inputs:
        if is_url(item):
            yield from _expand_url(item, settings)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _expand_folder(item, path, settings)
        elif path.is_file() and _is_feed_file(path):
            yield from _expand_feed_file(item, path, settings)
        else:
            yield item


def _expand_folder(item: str, folder: Path, settings: Settings) -> Iterator[str]:
    """The folder's documents and feed entries; InputError naming `item` (the folder as the
    user wrote it) when it holds none, since an ingest of nothing is a mistake to report."""
    found = skipped = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in DOCUMENT_EXTENSIONS:
            found += 1
            yield str(path)
        elif _is_feed_file(path):
            found += 1
            yield from _expand_feed_file(str(path), path, settings)
        else:
            skipped += 1
            log.info("%s: skipped (not a supported document type)", path)
    if not found:
        others = f"; {skipped} file{'s' if skipped != 1 else ''} of other types skipped" if skipped else ""
        raise InputError(item, f"no readable files (supported: {', '.join(DOCUMENT_EXTENSIONS)}{others})")


def _is_feed_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in FEED_EXTENSIONS:
        return True
    return suffix not in DOCUMENT_EXTENSIONS and sniff_file(path)


def _expand_feed_file(item: str, path: Path, settings: Settings) -> Iterator[str]:
    try:
        if path.stat().st_size > settings.max_bytes:
            raise InputError(item, "feed over the size cap")
        links = feed_links(path.read_bytes(), str(path))
    except (InputError, OSError) as exc:
        log.info("%s: not expanded as a feed (%s)", item, exc)
        yield item
        return
    if not links:
        yield item
    yield from links


def _expand_url(url: str, settings: Settings) -> Iterator[str]:
    if Path(urlsplit(url).path).suffix.lower() in DOCUMENT_EXTENSIONS:
        yield url
        return
    # the whole response is kept (as a Prefetched) so that loading the URL does not fetch it again
    try:
        fetched = fetch(url, settings)
    except FetchError as exc:
        log.debug("%s: not a feed (%s)", url, exc.reason)
        yield Prefetched(url, exc)
        return
    links: list[str] = []
    if fetched.kind == "feed" and looks_like_feed(fetched.data):
        try:
            links = feed_links(fetched.data, fetched.url)
        except InputError as exc:
            log.debug("%s: not expanded as a feed (%s)", url, exc.reason)
    if not links:
        yield Prefetched(url, fetched)
    yield from links
