"""HTML pages: main text through trafilatura, metadata from meta tags and JSON-LD.

Trafilatura finds the article body and its metadata but does not say where each value
came from, so meta tags and JSON-LD are read here as well: a field found in JSON-LD is
recorded as `json-ld`, one in a meta tag or the <title> as `meta`, one trafilatura
found elsewhere in the page (a byline in the body) as `header`.

Pages are parsed once, by lxml with `huge_tree`, and the tree is handed to trafilatura:
libxml2's default limit of 256 levels silently drops everything nested deeper (generated
pages wrap an article in hundreds of <div>s), and trafilatura's own parse has that limit.
Past libxml2's hard limit of 2048 levels the page is refused rather than half read.
"""
from __future__ import annotations

import copy
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura

from bilat.errors import InputError
from bilat.ingest.metadata import parse_date
from bilat.model import PartialDate

log = logging.getLogger(__name__)

# publisher first: a title's " | Site" suffix is recognised by the publisher name
FIELDS = ("publisher", "title", "author", "published")

# meta tag names/properties per field, most specific first
_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title", "title"),
    "author": ("author", "article:author", "citation_author", "dc.creator", "dcterms.creator",
               "parsely-author", "sailthru.author", "byl"),
    "publisher": ("og:site_name", "citation_publisher", "dc.publisher", "dcterms.publisher",
                  "publisher", "application-name"),
    "published": ("article:published_time", "og:published_time", "datepublished", "citation_publication_date",
                  "citation_date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
                  "date", "pubdate", "publishdate", "publish-date", "sailthru.date", "parsely-pub-date",
                  "article.published", "published_time"),
}
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "blogposting", "report", "scholarlyarticle", "webpage", "creativework", "pressrelease"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# lxml refuses a str that declares an encoding; the text is decoded already, so it goes
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# libxml2's nesting limits: the default one, and the one `huge_tree` raises it to
DEFAULT_DEPTH = 256
MAX_DEPTH = 2048
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+)")
# elements that only group others: on a pathologically deep page a chain of them is one box
# (<article> and <main> stay: they tell trafilatura where the text is)
_WRAPPERS = ("div", "span", "section", "font", "center")


@dataclass
class HtmlContent:
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    source_type: str | None = None  # from the JSON-LD type (ingest/publishers.py); provenance json-ld


def declared_charset(data: bytes) -> str | None:
    """The charset a <meta> tag in the first 4 KB declares ("utf-8", "windows-1252"), or None."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_html(html: str, url: str | None = None, source: str | None = None) -> HtmlContent:
    """Main text and metadata of an HTML page (text paragraphs separated by blank lines).

    `source` names the page in errors (default: `url`, else "HTML"). Raises InputError
    "HTML nested deeper than 2048 levels" for a page libxml2 cannot parse whole.
    """
    tree = _parse(html, source or url or "HTML")
    meta = _meta_tags(tree) if tree is not None else {}
    ld = _json_ld(tree) if tree is not None else {}
    # page furniture goes first: on a page with no article, trafilatura falls back to menus
    cleaned: Any = _without_furniture(tree) if tree is not None else html
    found = trafilatura.bare_extraction(_copy(cleaned), url=url, with_metadata=True, include_comments=False,
                                        include_tables=True, deduplicate=False)
    text = ""
    traf: dict[str, Any] = {}
    if found is not None:
        traf = found.as_dict() if hasattr(found, "as_dict") else dict(found)
        text = traf.get("text") or ""
    if not text.strip():
        # very short pages defeat the main-text heuristics; fall back to their visible text
        text = trafilatura.html2txt(cleaned) or ""
    content = HtmlContent(text="\n\n".join(line.strip() for line in text.split("\n") if line.strip()))
    sources = {"json-ld": ld, "meta": meta}
    traf_fields = {"title": traf.get("title"), "author": traf.get("author"),
                   "publisher": traf.get("sitename"), "published": traf.get("date")}
    for name in FIELDS:
        for provenance in ("json-ld", "meta"):
            value = sources[provenance].get(name)
            if value:
                break
        else:
            value, provenance = traf_fields[name], "header"
        if not value:
            continue
        if name == "published":
            date = parse_date(str(value))
            if date is None:
                continue
            content.published = date
        else:
            setattr(content, name, _clean_value(name, str(value), content))
        content.provenance[name] = provenance
    if ld.get("source_type"):
        content.source_type, content.provenance["source_type"] = ld["source_type"], "json-ld"
    return content


_FURNITURE = ("nav", "footer", "aside", "form", "menu", "script", "style", "noscript")


def _without_furniture(tree: Any) -> Any:
    """A copy of the page less its menus, footers, sidebars and forms, and less a page header
    outside the article (an article's own header holds its headline and byline)."""
    tree = copy.deepcopy(tree)
    doomed = list(tree.iter(*_FURNITURE))
    doomed += [h for h in tree.iter("header") if not any(a.tag in ("article", "main") for a in h.iterancestors())]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _copy(page: Any) -> Any:
    # trafilatura prunes the tree it is given: the fallback needs the page as it was
    return page if isinstance(page, str) else copy.deepcopy(page)


def _parse(html: str, source: str) -> Any:
    """The page's lxml tree, or None when lxml cannot make one (trafilatura then tries).

    Comments and processing instructions go at parse time, as in trafilatura's own parser.
    """
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        # the page is parsed as the text it was decoded to: handed bytes without a charset
        # declaration, libxml2 would read them as Latin-1 ("Israelâ€™s")
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1), parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:  # type: ignore[attr-defined]
        log.debug("unparseable HTML: %s", exc)
        return None
    for entry in parser.error_log:
        match = _TOO_DEEP.search(entry.message)
        if match:
            # libxml2 dropped everything below that depth: refuse rather than store a fragment
            raise InputError(source, f"HTML nested deeper than {match.group(1)} levels")
    depth = nesting_depth(tree)
    if depth >= DEFAULT_DEPTH:
        log.info("%s: HTML nested %d levels deep; wrapper chains collapsed", source, depth)
        _collapse_wrappers(tree)
    return tree


def nesting_depth(tree: Any) -> int:
    """How many levels deep the tree's elements nest (the root alone is 1)."""
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):  # type: ignore[attr-defined]
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _collapse_wrappers(tree: Any) -> None:
    """Unwrap grouping elements that hold exactly one other grouping element and no text.

    trafilatura's passes grow with depth times size (a 2,000-level page takes seconds);
    a chain of bare wrappers carries no text and no structure worth that cost.
    """
    for element in list(tree.iter(*_WRAPPERS)):
        parent = element.getparent()
        if (parent is None or parent.tag not in _WRAPPERS or len(parent) != 1
                or (parent.text or "").strip() or (element.tail or "").strip()):
            continue
        element.drop_tag()


def _meta_tags(tree: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if key and content:
            values.setdefault(key, content)
    for element in tree.iter("time"):
        if element.get("pubdate") is not None and element.get("datetime"):
            values.setdefault("pubdate", element.get("datetime"))
    found: dict[str, str] = {}
    for name, keys in _META_KEYS.items():
        for key in keys:
            if values.get(key):
                found[name] = values[key]
                break
    if "title" not in found:
        title = tree.findtext(".//title")
        if title and title.strip():
            found["title"] = " ".join(title.split())
    return found


def _json_ld(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            log.debug("invalid JSON-LD block skipped")
            continue
        for item in _ld_items(data):
            for name, value in _ld_fields(item).items():
                found.setdefault(name, value)
    return found


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """JSON-LD objects that describe the page's article, outermost first."""
    items: list[dict[str, Any]] = []
    stack = data if isinstance(data, list) else [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            types = item.get("@type")
            types = [types] if isinstance(types, str) else types or []
            if any(str(t).lower() in _ARTICLE_TYPES for t in types):
                items.append(item)
            stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
            if isinstance(item.get("mainEntity"), dict):
                stack.append(item["mainEntity"])
    return items


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _ld_name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _ld_fields(item: dict[str, Any]) -> dict[str, str]:
    fields = {
        "title": _ld_name(item.get("headline")) or _ld_name(item.get("name")),
        "author": _ld_name(item.get("author")) or _ld_name(item.get("creator")),
        "publisher": _ld_name(item.get("publisher")) or _ld_name(item.get("sourceOrganization")),
        "published": _ld_name(item.get("datePublished")) or _ld_name(item.get("dateCreated")),
        "source_type": _ld_kind(item.get("@type")),
    }
    return {k: v for k, v in fields.items() if v}


def _ld_kind(types: Any) -> str | None:
    from bilat.ingest.publishers import from_json_ld_types

    return from_json_ld_types([types] if isinstance(types, str) else [str(t) for t in types or []])


def _clean_value(name: str, value: str, content: HtmlContent) -> str:
    value = " ".join(value.split())
    if name == "title" and content.publisher:
        # "<headline> | <site>" titles: drop the site suffix
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            head, _, tail = value.rpartition(sep)
            if head and tail.strip().lower() == content.publisher.lower():
                return head.strip()
    return value
