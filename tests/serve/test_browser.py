"""The dashboard and the report in real headless Chromium (Debian's, driven by Playwright)."""
from __future__ import annotations

import pytest

from bilat.serve.app import create_app
from tests.serve.browser import CHROMIUM, live_server, screenshot
from tests.serve.corpus_fixture import XSS_IMG, XSS_SCRIPT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium not found: apt-get install chromium to run browser tests"),
]


@pytest.fixture(scope="module")
def base_url(corpus_db):
    from bilat.corpus import Corpus

    with Corpus(corpus_db, read_only=True) as corpus, live_server(create_app(corpus)) as url:
        yield url


def test_browser_overview_draws_chart(base_url, page):
    page.goto(base_url + "/")
    page.wait_for_selector("#chart[data-ready=true] svg", timeout=20000)
    marks = page.locator("#chart svg .mark-rect path, #chart svg .mark-symbol path")
    assert marks.count() >= 5
    box = page.locator("#chart svg").first.bounding_box()
    assert box["width"] > 400 and box["height"] > 200
    screenshot(page, "overview")
    assert page.errors == []


def test_browser_clicking_a_period_lists_its_events(base_url, page):
    page.goto(base_url + "/")
    page.wait_for_selector("#chart[data-ready=true] svg", timeout=20000)
    # The volume bars: the tallest is 2011, with three conflictual events.
    bars = page.locator("#chart svg .mark-rect.role-mark.volume_marks path")
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    bars.nth(heights.index(max(heights))).click()
    page.wait_for_selector("#period-list li.event", timeout=10000)
    assert page.locator("#period-title").text_content() == "Events in 2011 (3)"
    dates = page.locator("#period-list .date").all_text_contents()
    assert dates == ["2011", "2011-07", "2011-11"]
    screenshot(page, "overview-period")


def test_browser_event_page_shows_citations(base_url, page):
    page.goto(base_url + "/timeline?category=AID")
    page.locator("details summary").first.click()
    assert page.locator("details[open] blockquote.citation").count() == 2
    page.locator("details[open] a", has_text="Event page").click()
    page.wait_for_selector("h2")
    citations = page.locator("blockquote.citation")
    assert citations.count() == 2
    marked = sorted(citations.locator("mark").all_text_contents())
    assert marked[0].startswith("Congress approved $7.5 billion")
    assert marked[1].startswith("Washington pledged $1.5 billion")
    assert "Sources disagree" in page.content()
    screenshot(page, "event")


@pytest.mark.parametrize("path", ["/documents/doc-hostile", "/timeline", "/search?q=officials+trade"])
def test_browser_markup_in_sources_is_text_and_never_runs(base_url, page, path):
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.errors == []
    body = page.locator("main").inner_text()
    if path.startswith("/documents"):
        assert XSS_SCRIPT in body and XSS_IMG in body
        assert page.locator("main script, main img").count() == 0
        screenshot(page, "document-hostile")
    else:
        assert XSS_SCRIPT in body
    assert page.locator("main script").count() == 0


def test_browser_report_opens_offline_with_all_sections(corpus, browser, tmp_path):
    from bilat.report.html import SECTIONS, write_report

    path = write_report(corpus, tmp_path / "report.html")
    size = path.stat().st_size
    assert size < 5 * 1024 * 1024
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs, requests, errors = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-charts=ready]", timeout=30000)
    for section, title in SECTIONS:
        assert page.locator(f"section#{section} h2").text_content() == title
    assert page.locator("#chart-index svg .mark-rect path").count() >= 5
    assert page.locator("#chart-themes svg .mark-rect path").count() >= 5
    assert page.locator("#timeline li.event").count() == len(corpus.events())
    # the conflict lists both sources' values, and both figures are marked in the table of all figures
    assert page.locator("#figures tr.conflict").count() == 4
    assert [u for u in requests if not u.startswith("file:")] == []
    assert dialogs == [] and errors == []
    screenshot(page, "report")
    context.close()


@pytest.mark.parametrize("path", ["/", "/timeline", "/documents", "/figures", "/docs"])
def test_browser_pages_keep_to_the_content_security_policy(base_url, page, path):
    response = page.goto(base_url + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if path == "/":
        page.wait_for_selector("#chart[data-ready=true] svg", timeout=20000)
    page.wait_for_load_state("networkidle")
    assert [m for m in page.console_errors if "Content Security Policy" in m] == []
    assert page.errors == []
