"""expand_inputs: folders, files, URLs, and RSS/Atom feeds (files and served locally)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.errors import FetchError, InputError
from bilat.ingest import expand_inputs, load_document
from tests.ingest.conftest import DATA, Route

LOCAL = Settings(allow_private=True, timeout=5.0)


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Feed</title>'
            f"<link>https://news.example/</link><description>d</description>{items}</channel></rss>").encode()


def _atom(links: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Entry {i}</title><id>urn:e:{i}</id><updated>2024-01-0{i + 1}T00:00:00Z</updated>'
        f'<link rel="alternate" href="{link}"/></entry>' for i, link in enumerate(links))
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example Atom</title><id>urn:feed</id><updated>2024-01-05T00:00:00Z</updated>{entries}</feed>"
            ).encode()


def test_inputs_folder_is_walked_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in ["b.txt", "a.html", "sub/c.pdf", "sub/deeper/d.md", ".hidden.txt", ".git/e.txt", "notes.docx",
                 "image.png"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])]
    assert found == ["a.html", "b.txt", "sub/c.pdf", "sub/deeper/d.md"]


@pytest.mark.parametrize("names, skipped", [
    ([], ""),
    ([".hidden.txt", ".git/HEAD.txt"], ""),  # hidden files are neither read nor counted
    (["notes.docx"], "; 1 file of other types skipped"),
    (["notes.docx", "sub/data.csv", "image.png"], "; 3 files of other types skipped"),
])
def test_inputs_folder_without_readable_files_is_an_error(tmp_path: Path, names: list[str], skipped: str) -> None:
    folder = tmp_path / "emptydir"
    folder.mkdir()
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    with pytest.raises(InputError) as raised:
        list(expand_inputs([f"{folder}/"]))
    assert str(raised.value) == f"{folder}/: no readable files (supported: .txt, .md, .html, .htm, .pdf{skipped})"


def test_inputs_files_and_urls_pass_through_as_given(tmp_path: Path) -> None:
    items = [str(tmp_path / "missing.txt"), "notes.docx", "https://example.org/story.html"]
    assert list(expand_inputs(items)) == items


def test_inputs_rss_feed_served_locally_expands_to_its_pages(server) -> None:
    server.routes["/a"] = Route((DATA / "article_meta.html").read_bytes())
    server.routes["/b"] = Route((DATA / "article_jsonld.html").read_bytes())
    server.routes["/feed"] = Route(_rss([server.url("/a"), server.url("/b"), server.url("/a")]),
                                   "application/rss+xml")
    sources = list(expand_inputs([server.url("/feed")], LOCAL))
    assert sources == [server.url("/a"), server.url("/b")]
    titles = [load_document(s, LOCAL).title for s in sources]
    assert titles == ["Trade Ministers Agree to Revive Joint Council After Long Pause",
                      "Envoys Open Talks on Water Sharing"]


def test_inputs_atom_feed_with_relative_links_served_as_xml(server) -> None:
    server.routes["/pages/one"] = Route((DATA / "article_jsonld.html").read_bytes())
    server.routes["/atom"] = Route(_atom(["/pages/one"]), "application/xml")
    assert list(expand_inputs([server.url("/atom")], LOCAL)) == [server.url("/pages/one")]


def test_inputs_non_feed_url_is_yielded_once(server) -> None:
    server.routes["/story"] = Route((DATA / "article_meta.html").read_bytes())
    assert list(expand_inputs([server.url("/story")], LOCAL)) == [server.url("/story")]


def test_inputs_unreachable_feed_url_is_left_for_load_document(server) -> None:
    url = server.url("/missing-feed")
    assert list(expand_inputs([url], LOCAL)) == [url]
    with pytest.raises(InputError, match="HTTP error 404"):
        load_document(url, LOCAL)


@pytest.mark.parametrize("name, build", [("feed.xml", _rss), ("feed.atom", _atom), ("no_extension", _rss)])
def test_inputs_feed_file_expands_to_entry_links(tmp_path: Path, name: str, build) -> None:
    path = tmp_path / name
    path.write_bytes(build(["https://news.example/one", "https://news.example/two"]))
    assert list(expand_inputs([str(path)])) == ["https://news.example/one", "https://news.example/two"]


def test_inputs_feed_in_folder_expands(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "z.rss").write_bytes(_rss(["https://news.example/one"]))
    found = list(expand_inputs([str(tmp_path)]))
    assert found == [str(tmp_path / "a.txt"), "https://news.example/one"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<notes>just xml</notes>", "not a valid RSS/Atom feed"),
        (_rss([]), "feed has no entries with links"),
        (_rss(["https://news.example/one", "https://news.example/two"]),
         "is a feed of 2 entries; expand it into its entries first (expand_inputs)"),
    ],
)
def test_inputs_feed_file_that_cannot_expand_reports_why(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    if reason.startswith("is a feed"):
        assert len(list(expand_inputs([str(path)]))) == 2
    else:
        assert list(expand_inputs([str(path)])) == [str(path)]
    with pytest.raises(InputError) as caught:
        load_document(str(path))
    assert caught.value.reason == reason


def _load_all(sources: list[str]) -> tuple[list[str | None], list[str]]:
    """Load each source as Corpus.ingest does: titles of those loaded, messages of those that fail."""
    titles, errors = [], []
    for source in sources:
        try:
            titles.append(load_document(source, LOCAL).title)
        except InputError as exc:
            errors.append(str(exc))
    return titles, errors


def test_inputs_feed_entries_with_other_schemes_are_refused_and_the_rest_go_on(server) -> None:
    server.routes["/a"] = Route((DATA / "article_meta.html").read_bytes())
    server.routes["/b"] = Route((DATA / "article_jsonld.html").read_bytes())
    feed = server.url("/feed")
    bad = ["file:///etc/passwd", "javascript:alert(1)", "ftp://news.example/x.txt", "data:text/plain,hello"]
    server.routes["/feed"] = Route(_rss([server.url("/a"), *bad, server.url("/b")]), "application/rss+xml")
    sources = list(expand_inputs([feed], LOCAL))
    refused = sources[1:-1]  # as feedparser gives them (it writes file:///etc/passwd as file://etc/passwd)
    assert sources[0] == server.url("/a") and sources[-1] == server.url("/b")
    assert [link.split(":")[0] for link in refused] == ["file", "javascript", "ftp", "data"]
    assert refused[1:] == bad[1:] and refused[0].endswith("etc/passwd")
    titles, errors = _load_all(sources)
    assert titles == ["Trade Ministers Agree to Revive Joint Council After Long Pause",
                      "Envoys Open Talks on Water Sharing"]
    assert errors == [f"{link}: refused entry of feed {feed}: unsupported URL scheme '{link.split(':')[0]}' "
                      "(supported: http, https)" for link in refused]
    assert [path for path, _host in server.requests] == ["/feed", "/a", "/b"]


def test_inputs_feed_file_entry_with_file_scheme_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for ingesting")
    path = tmp_path / "feed.xml"
    path.write_bytes(_rss([secret.as_uri(), "https://news.example/one"]))
    sources = list(expand_inputs([str(path)]))
    assert sources[0].startswith("file:") and sources[1] == "https://news.example/one"
    with pytest.raises(FetchError) as caught:
        load_document(sources[0])
    assert caught.value.reason == f"refused entry of feed {path}: unsupported URL scheme 'file' (supported: http, https)"


def test_inputs_long_refused_link_is_shortened(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    link = "data:text/html," + "x" * 500
    path.write_bytes(_rss([link]))
    [source] = expand_inputs([str(path)])
    assert source == link[:100] + "..."


@pytest.mark.parametrize(
    "route, loaded",
    [
        (Route((DATA / "article_meta.html").read_bytes()), True),  # a page
        (Route(b"gone", status=404), False),  # a failure is not asked twice either
        (Route(_rss([]), "application/rss+xml"), False),  # a feed without entries
    ],
)
def test_inputs_url_is_requested_once(server, route: Route, loaded: bool) -> None:
    server.routes["/story"] = route
    sources = list(expand_inputs([server.url("/story")], LOCAL))
    assert sources == [server.url("/story")]
    titles, errors = _load_all(sources)
    assert (len(titles), len(errors)) == ((1, 0) if loaded else (0, 1))
    assert server.requests == [("/story", f"127.0.0.1:{server.port}")]


def test_inputs_feed_and_its_entries_are_requested_once_each(server) -> None:
    server.routes["/a"] = Route((DATA / "article_meta.html").read_bytes())
    server.routes["/feed"] = Route(_atom(["/a", "/a"]), "application/atom+xml")
    sources = list(expand_inputs([server.url("/feed")], LOCAL))
    _load_all(sources)
    assert [path for path, _host in server.requests] == ["/feed", "/a"]


# -- feed entries whose links are dead ---------------------------------------------------
def _fidelity_feed(server) -> list[str]:
    from tests.ingest.fidelity_fixtures import LIVE_PAGE, feed

    server.routes["/feed"] = Route(feed(server.url(""), DEAD_LINK), "application/rss+xml")
    server.routes["/live"] = Route(LIVE_PAGE.encode("utf-8"))
    return list(expand_inputs([server.url("/feed")], LOCAL))


DEAD_LINK = "http://127.0.0.1:9/archived-story"  # the discard port: nothing listens there


def test_inputs_feed_entries_carry_their_own_title_text_and_date(server) -> None:
    from bilat.ingest.inputs import FeedEntry

    live, gone, dead = _fidelity_feed(server)
    assert [str(live), str(gone), dead] == [server.url("/live"), server.url("/gone"), DEAD_LINK]
    assert isinstance(gone, FeedEntry)
    assert gone.headline == "Envoys discuss border crossings"
    assert gone.body == ("Pakistan and Afghanistan agreed to reopen two crossings for traders after a week of "
                         "closures.")
    assert (gone.published.value, gone.published.precision) == ("2024-03-06", "day")
    assert gone.publisher == "Regional wire"


def test_inputs_feed_entry_with_a_dead_link_becomes_a_document_of_its_own_text(server) -> None:
    live, gone, dead = _fidelity_feed(server)
    page = load_document(live, LOCAL)
    assert (page.kind, page.source, page.title) == ("url", server.url("/live"), "Trade council meets in Karachi")
    assert "duties on cotton yarn" in page.text
    # the page has no date of its own: the entry's fills it
    assert (page.published, page.provenance["published"]) == ("2024-03-05", "feed-entry")
    for entry, summary in ((gone, "reopen two crossings"), (dead, "resumed the meetings of their water commission")):
        doc = load_document(entry, LOCAL)
        assert doc.kind == "feed-entry" and doc.source == str(entry) and type(doc.source) is str
        assert doc.text == f"{entry.headline}\n\n{entry.body}" and summary in doc.text
        assert (doc.title, doc.published, doc.publisher) == (entry.headline, entry.published.value, "Regional wire")
        assert doc.provenance == {"title": "feed-entry", "author": "none", "publisher": "feed-entry",
                                  "published": "feed-entry"}


def test_inputs_feed_entry_html_content_becomes_paragraphs() -> None:
    from bilat.ingest.inputs import feed_links

    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            '<id>urn:f</id><updated>2024-01-05T00:00:00Z</updated><entry><title>Talks</title><id>urn:1</id>'
            '<updated>2024-01-04T08:00:00Z</updated><link href="https://news.example/talks"/>'
            '<summary>Short.</summary><content type="html">&lt;p&gt;Envoys met in Doha.&lt;/p&gt;'
            '&lt;p&gt;They will meet &lt;b&gt;again&lt;/b&gt; in May.&lt;/p&gt;</content></entry></feed>').encode()
    (entry,) = feed_links(atom, "feed.atom")
    assert entry.body == "Envoys met in Doha.\n\nThey will meet again in May."
    assert entry.published.value == "2024-01-04"


def test_inputs_feed_entry_without_any_text_of_its_own_still_fails(server) -> None:
    server.routes["/feed"] = Route(_rss([server.url("/nowhere")]).replace(b"<title>Story 0</title>", b""),
                                   "application/rss+xml")
    (entry,) = expand_inputs([server.url("/feed")], LOCAL)
    with pytest.raises(FetchError) as caught:
        load_document(entry, LOCAL)
    assert caught.value.reason == "HTTP error 404 Not Found"
