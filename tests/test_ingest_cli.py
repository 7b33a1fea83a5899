"""`bilat ingest` end to end: a batch goes on past bad inputs, says why in one line each,
exits with a code that says what happened, and changes nothing when run again."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import run_bilat

pytestmark = pytest.mark.slow

GOOD = """Talks resume in Islamabad

By Amina Qureshi | March 3, 2012

Pakistan and the United States resumed their strategic dialogue in Islamabad on Monday after a pause of several months, officials from both governments said.

The two sides agreed to meet again in Washington before the end of the year.
"""


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf at all")
    return folder


def test_ingest_cli_reports_each_failure_and_goes_on(capsys, tmp_path, batch):
    db = tmp_path / "b.duckdb"
    # a folder brings its supported files; a file named explicitly is read whatever its type
    run = run_bilat(capsys, "ingest", batch, batch / "notes.docx", "--db", db)
    assert run.code == 1
    assert run.out.strip().splitlines()[-1] == "ingested 1, duplicates 0, failed 4"
    errors = sorted(run.err.strip().splitlines())
    assert errors == sorted([
        f"error: {batch / 'blob.txt'}: binary file (contains NUL bytes), not text",
        f"error: {batch / 'broken.pdf'}: corrupt PDF (cannot be parsed)",
        f"error: {batch / 'empty.txt'}: empty file",
        f"error: {batch / 'notes.docx'}: unsupported file type '.docx' (supported: .txt, .md, .html, .htm, .pdf)",
    ])
    docs = json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)
    assert [(d["name"], d["published"], d["published_precision"]) for d in docs] == [
        ("good.txt", "2012-03-03", "day")]


def test_ingest_cli_is_idempotent(capsys, tmp_path, batch):
    db = tmp_path / "i.duckdb"
    (batch / "empty.txt").unlink()
    for bad in ("blob.txt", "notes.docx", "broken.pdf"):
        (batch / bad).unlink()
    first = run_bilat(capsys, "ingest", batch, "--db", db)
    assert (first.code, first.out.strip()) == (0, "ingested 1, duplicates 0, failed 0")
    before = run_bilat(capsys, "events", "--db", db, "--format", "json").out
    again = run_bilat(capsys, "ingest", batch, "--db", db)
    assert (again.code, again.out.strip()) == (0, "ingested 0, duplicates 1, failed 0")
    doc_id = json.loads(before)[0]["doc_id"]
    assert again.err.strip() == f"skipped: {batch / 'good.txt'}: duplicate of {doc_id}"
    assert run_bilat(capsys, "events", "--db", db, "--format", "json").out == before
    assert len(json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)) == 1


def test_ingest_cli_stores_events_with_offsets(capsys, tmp_path, batch):
    db = tmp_path / "e.duckdb"
    run_bilat(capsys, "ingest", batch / "good.txt", "--db", db)
    mentions = json.loads(run_bilat(capsys, "events", "--db", db, "--format", "json").out)
    doc = json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)[0]
    assert mentions, "the dialogue sentence is an event"
    from bilat.store import Store

    with Store(db, read_only=True) as store:
        text = store.document(doc["id"]).text
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["quote"]


def test_ingest_cli_missing_path_fails_alone(capsys, tmp_path, batch):
    db = tmp_path / "m.duckdb"
    run = run_bilat(capsys, "ingest", tmp_path / "nope.txt", batch / "good.txt", "--db", db)
    assert run.code == 1
    assert run.out.strip() == "ingested 1, duplicates 0, failed 1"
    assert run.err.strip() == f"error: {tmp_path / 'nope.txt'}: no such file or folder"


def test_ingest_cli_without_arguments_is_a_usage_error(capsys):
    assert run_bilat(capsys, "ingest").code == 2


@pytest.fixture
def site(tmp_path):
    """A local web server on 127.0.0.1 serving one article and a feed that links to it."""
    import functools
    import http.server
    import threading

    root = tmp_path / "site"
    root.mkdir()
    body = "".join(f"<p>{p}</p>" for p in GOOD.split("\n\n")[2:])
    (root / "article.html").write_text(
        f"<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>{body}"
        "</article></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>a</title><link>{base}/article.html</link></item></channel></rss>",
        encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


def test_ingest_cli_fetches_urls_and_feeds_on_loopback_when_allowed(capsys, tmp_path, site):
    db = tmp_path / "u.duckdb"
    run = run_bilat(capsys, "ingest", f"{site}/feed.xml", "--db", db, "--allow-private")
    assert (run.code, run.out.strip()) == (0, "ingested 1, duplicates 0, failed 0")
    [doc] = json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)
    assert doc["source"] == f"{site}/article.html" and doc["title"] == "Talks resume"


def test_ingest_cli_refuses_loopback_urls_by_default(capsys, tmp_path, site):
    run = run_bilat(capsys, "ingest", f"{site}/article.html", "--db", tmp_path / "r.duckdb")
    assert run.code == 1
    assert run.err.strip() == (f"error: {site}/article.html: refused: 127.0.0.1 resolves to a "
                               "loopback address 127.0.0.1 (use --allow-private to allow)")


LONG = GOOD + """
The dialogue covers counterterrorism, trade, energy and education. Officials said working groups on each subject would report to the ministers before the next round, and that a separate track on investment would bring together business leaders from both countries.

Analysts in both capitals said the resumption reflected a wish on each side to keep the relationship steady despite disagreements over Afghanistan and over the pace of economic reform.
"""


def test_ingest_cli_keeps_a_near_duplicate_without_analysing_it(capsys, tmp_path):
    db = tmp_path / "n.duckdb"
    original = tmp_path / "original.txt"
    original.write_text(LONG, encoding="utf-8")
    copy = tmp_path / "copy.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG.split("\n\n")[1:])
    copy.write_text(f"<html><head><title>Talks resume in Islamabad</title></head><body><article>"
                    f"<h1>Talks resume in Islamabad</h1>{paragraphs}<p>This story was first "
                    "published by the wire.</p></article><footer>Share this article</footer></body></html>",
                    encoding="utf-8")
    run_bilat(capsys, "ingest", original, "--db", db)
    run = run_bilat(capsys, "ingest", copy, "--db", db)
    assert (run.code, run.out.strip()) == (0, "ingested 0, duplicates 1, failed 0")
    docs = json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)
    assert [d["duplicate_of"] for d in docs] == [None, docs[0]["id"]]
    assert run.err.strip() == f"stored: {copy}: near-duplicate of {docs[0]['id']}, kept but not analysed"
    mentions = json.loads(run_bilat(capsys, "events", "--db", db, "--format", "json").out)
    assert mentions and {m["doc_id"] for m in mentions} == {docs[0]["id"]}


def test_ingest_cli_stores_foreign_language_documents_without_events(capsys, tmp_path):
    import shutil

    from tests.ingest.conftest import DATA

    folder = tmp_path / "languages"
    shutil.copytree(DATA / "languages", folder)
    db = tmp_path / "l.duckdb"
    run = run_bilat(capsys, "ingest", folder, "--db", db)
    assert (run.code, run.out.strip()) == (0, "ingested 3, duplicates 0, failed 0")
    assert run.err.strip().splitlines() == [
        f"warning: {folder / 'notes_fr.txt'}: language 'fr' detected, only English is extracted; "
        "stored without events",
        f"warning: {folder / 'notizen_de.txt'}: language 'de' detected, only English is extracted; "
        "stored without events",
    ]
    docs = json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)
    languages = {d["name"]: d["language"] for d in docs}
    assert languages == {"notes_en.txt": "en", "notes_fr.txt": "fr", "notizen_de.txt": "de"}
    mentions = json.loads(run_bilat(capsys, "events", "--db", db, "--format", "json").out)
    by_doc = {d["id"]: d["name"] for d in docs}
    assert {by_doc[m["doc_id"]] for m in mentions} == {"notes_en.txt"}
    assert {m["category"] for m in mentions} >= {"SANCTION"}


def test_ingest_cli_folder_without_readable_files_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "other" / "table.csv").write_text("a,b\n")
    run = run_bilat(capsys, "ingest", "emptydir/", "other", "--db", "e.duckdb")
    assert (run.code, run.out.strip()) == (1, "ingested 0, duplicates 0, failed 2")
    assert run.err.strip().splitlines() == [
        "error: emptydir/: no readable files (supported: .txt, .md, .html, .htm, .pdf)",
        "error: other: no readable files (supported: .txt, .md, .html, .htm, .pdf; "
        "2 files of other types skipped)",
    ]


def test_ingest_cli_prints_control_characters_in_names_escaped_on_one_line(capsys, tmp_path):
    import os

    from tests.ingest.conftest import DATA

    folder = tmp_path / "odd"
    folder.mkdir()
    english = (DATA / "languages" / "notes_en.txt").read_bytes()
    french = (DATA / "languages" / "notes_fr.txt").read_bytes()
    (folder / "bad\nname.txt").write_bytes(b"")
    (folder / "tab\there.txt").write_bytes(b"\x00\x01 binary")
    (folder / "esc\x1b[31mred.pdf").write_bytes(b"not a pdf")
    (folder / "c1\x85line.txt").write_bytes(english)
    (folder / "copy\u2028of.txt").write_bytes(english)
    (folder / "fr\rnotes.txt").write_bytes(french)
    # a name that is not UTF-8 at all: Python sees its byte as a lone surrogate
    (folder / os.fsdecode(b"latin\xe9.txt")).write_text(
        "Le ministre des Affaires étrangères a reçu son homologue à Paris mardi. Les deux délégations "
        "ont parlé du commerce, de la sécurité régionale et de l'aide humanitaire pendant trois heures.",
        encoding="utf-8")
    missing = tmp_path / "gone\x07.txt"
    db = tmp_path / "o.duckdb"
    run = run_bilat(capsys, "ingest", folder, missing, "--db", db)
    assert (run.code, run.out.strip()) == (1, "ingested 3, duplicates 1, failed 4")
    [doc_id] = [d["id"] for d in json.loads(run_bilat(capsys, "docs", "--db", db, "--format", "json").out)
                if d["language"] == "en"]
    note = "only English is extracted; stored without events"
    assert sorted(run.err.strip().splitlines()) == sorted([
        f"error: {folder}/bad\\nname.txt: empty file",
        f"error: {folder}/tab\\there.txt: binary file (contains NUL bytes), not text",
        f"error: {folder}/esc\\x1b[31mred.pdf: corrupt PDF (cannot be parsed)",
        f"skipped: {folder}/copy\\u2028of.txt: duplicate of {doc_id}",
        f"warning: {folder}/fr\\rnotes.txt: language 'fr' detected, {note}",
        f"warning: {folder}/latin\\xe9.txt: language 'fr' detected, {note}",
        f"error: {tmp_path}/gone\\x07.txt: no such file or folder",
    ])


def test_ingest_cli_refuses_text_over_max_chars_and_goes_on(capsys, tmp_path, batch):
    db = tmp_path / "c.duckdb"
    big = tmp_path / "big.txt"
    big.write_text("Islamabad welcomed the talks.\n" * 100, encoding="utf-8")
    run = run_bilat(capsys, "ingest", big, batch / "good.txt", "--db", db, "--max-chars", 1_000)
    assert run.code == 1
    assert run.out.strip() == "ingested 1, duplicates 0, failed 1"
    assert run.err.strip() == f"error: {big}: text has 2,999 characters, over the --max-chars limit of 1,000"


def test_ingest_cli_feed_entries_with_dead_links_are_stored_from_their_own_text(capsys, tmp_path):
    from tests.ingest.conftest import LocalServer, Route
    from tests.ingest.fidelity_fixtures import LIVE_PAGE, feed

    dead = "http://127.0.0.1:9/archived-story"
    with LocalServer() as server:
        server.routes["/feed"] = Route(feed(server.url(""), dead), "application/rss+xml")
        server.routes["/live"] = Route(LIVE_PAGE.encode("utf-8"))
        run = run_bilat(capsys, "ingest", server.url("/feed"), "--allow-private", "--db", tmp_path / "f.duckdb")
        gone = server.url("/gone")
    assert (run.code, run.out.strip()) == (0, "ingested 3 (2 from feed entries' own text), duplicates 0, failed 0")
    lines = run.err.strip().splitlines()
    assert [line.split(" as ")[0] for line in lines] == [
        f"warning: {gone}: link not loaded; stored the feed entry's own text",
        f"warning: {dead}: link not loaded; stored the feed entry's own text"]
    docs = json.loads(run_bilat(capsys, "docs", "--db", tmp_path / "f.duckdb", "--format", "json").out)
    assert sorted((d["source"], d["kind"]) for d in docs) == sorted(
        [(server.url("/live"), "url"), (gone, "feed-entry"), (dead, "feed-entry")])
