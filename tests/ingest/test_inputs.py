"""expand_inputs: folders, files, URLs, and RSS/Atom feeds (files and served locally)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.errors import InputError
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
