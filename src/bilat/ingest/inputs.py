"""Expanding what the user named into the inputs to load: folders, feeds, URLs."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from bilat.config import Settings
from bilat.errors import InputError
from bilat.ingest.feeds import FEED_EXTENSIONS, feed_links, looks_like_feed, sniff_file
from bilat.ingest.fetch import fetch, is_url

log = logging.getLogger(__name__)

DOCUMENT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf")


def expand_inputs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[str]:
    """Paths and URLs to load, one per document.

    Folders are walked recursively in sorted order, skipping hidden files and folders
    and files of unsupported types; files and URLs are yielded as given; a feed (file
    or URL, recognised by its extension or its content) yields its entries' links.
    A feed that cannot be read is yielded itself, so that `load_document` reports why.
    Fetching a feed URL uses `settings` (allow_private, timeout, max_bytes).
    """
    settings = settings or Settings()
    for item in inputs:
        if is_url(item):
            yield from _expand_url(item, settings)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _expand_folder(path, settings)
        elif path.is_file() and _is_feed_file(path):
            yield from _expand_feed_file(item, path, settings)
        else:
            yield item


def _expand_folder(folder: Path, settings: Settings) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in DOCUMENT_EXTENSIONS:
            yield str(path)
        elif _is_feed_file(path):
            yield from _expand_feed_file(str(path), path, settings)
        else:
            log.info("%s: skipped (not a supported document type)", path)


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
    try:
        # asks for feeds only: any other content type stops after the headers
        fetched = fetch(url, settings, accept=("feed",))
        links = feed_links(fetched.data, fetched.url) if looks_like_feed(fetched.data) else []
    except InputError as exc:
        log.debug("%s: not a feed (%s)", url, exc.reason)
        yield url
        return
    if not links:
        yield url
    yield from links
