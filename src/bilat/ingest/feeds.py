"""RSS and Atom feeds: recognising them and listing their entries' links."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bilat.errors import InputError

log = logging.getLogger(__name__)

FEED_EXTENSIONS = (".xml", ".rss", ".atom")
# the root element of RSS 2.0, RSS 1.0 (RDF) and Atom documents
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 2048


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


def feed_links(data: bytes, source: str) -> list[str]:
    """Links of the feed's entries, in feed order, without repeats.

    Relative links resolve against the feed's own site link, else against `source`
    (the feed's URL, or the directory of a feed file).
    """
    import feedparser  # imported only when a feed is met

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        detail = parsed.get("bozo_exception")
        raise InputError(source, f"not a valid RSS/Atom feed{f' ({detail})' if detail else ''}")
    site = parsed.feed.get("link") or ""
    base = site if urlsplit(site).scheme in ("http", "https") else source
    links: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry)
        if not link:
            continue
        links.append(_resolve(link.strip(), base))
    unique = list(dict.fromkeys(links))
    log.info("%s: feed with %d entry links", source, len(unique))
    return unique


def _alternate(entry: dict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _resolve(link: str, base: str) -> str:
    if urlsplit(link).scheme in ("http", "https"):
        return link
    if urlsplit(base).scheme in ("http", "https"):
        return urljoin(base, link)
    if link.startswith("file://"):
        return urlsplit(link).path
    # a feed file with relative links: paths next to the feed
    return str((Path(base).parent / link).resolve()) if not Path(link).is_absolute() else link
