"""What a user sees on the demo corpus, page by page, in real headless Chromium: the overview
chart with its phase bands and the dyad by name, filters by country name and their errors, the
sources as publishers, the report's table of contents. Screenshots go to test-artifacts/."""
from __future__ import annotations

import re

import pytest

from bilat.serve.app import create_app
from tests.serve.browser import CHROMIUM, live_server, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium not found: apt-get install chromium to run browser tests"),
]


@pytest.fixture(scope="module")
def demo_corpus(demo_db):
    from bilat.corpus import Corpus

    with Corpus(demo_db, read_only=True) as corpus:
        yield corpus


@pytest.fixture(scope="module")
def base_url(demo_corpus):
    with live_server(create_app(demo_corpus)) as url:
        yield url


def _count(page) -> int:
    return int(re.match(r"(\d+) event", page.locator("p.count").text_content()).group(1))


def test_browser_demo_overview_chart_has_phase_bands_and_names_the_dyad(base_url, page, demo_corpus):
    page.goto(base_url + "/")
    page.wait_for_selector("#chart[data-ready=true] svg", timeout=20000)
    assert page.locator("h1").text_content() == "Pakistan–United States relations: overview"
    titles = page.locator("#chart svg .role-title-text").all_text_contents()
    assert "Cooperation–conflict index, Pakistan–United States" in titles
    # one shaded band per phase, in the legend's three phase colours
    bands = page.locator("#chart svg .mark-rect.role-mark path").count()
    assert bands >= len(demo_corpus.phases())
    assert {"engagement", "estrangement"} <= set(page.locator("#chart svg .role-legend-label").all_text_contents())
    screenshot_viewport(page, "demo-overview")
    assert page.errors == []


def test_browser_demo_filter_by_country_name_narrows_the_timeline(base_url, page):
    page.goto(base_url + "/timeline")
    everything = _count(page)
    page.fill("input[name=actor]", "Pakistan")
    page.fill("input[name=from]", "2011")
    page.fill("input[name=to]", "2011")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    narrowed = _count(page)
    assert 0 < narrowed < everything
    page.goto(base_url + "/timeline?actor=PAK&from=2011&to=2011")
    assert _count(page) == narrowed  # the name gives what the code gives
    screenshot(page, "demo-timeline-pakistan-2011")


@pytest.mark.parametrize("field, value, message", [
    ("actor", "Pakistn", "unknown actor 'Pakistn'; did you mean Pakistan (PAK)"),
    ("theme", "nukes", "unknown theme 'nukes'"),
    ("to", "1990", "from 2020 is after to 1990"),
])
def test_browser_demo_unknown_filter_shows_the_error(base_url, page, field, value, message):
    page.goto(base_url + "/timeline" + ("?from=2020" if field == "to" else ""))
    page.fill(f"input[name={field}]", value)
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#filter-error")
    assert page.locator("#filter-error").text_content().startswith(message)
    assert page.locator(f"input[name={field}]").input_value() == value  # the form keeps what was typed
    if field == "actor":
        screenshot(page, "demo-timeline-error")


def test_browser_demo_sources_page_lists_publishers_not_files(base_url, page):
    page.goto(base_url + "/sources")
    names = page.locator("td.publisher").all_text_contents()
    assert {"U.S. Department of State", "Harbor Institute for Regional Affairs", "Asia Ledger",
            "(publisher not stated)"} <= set(names)
    assert not [n for n in names if re.search(r"\.(txt|html|pdf)$", n)]
    kinds = set(page.locator("td.source-type").all_text_contents())
    assert {"news", "official statement", "think-tank brief"} <= kinds
    screenshot_viewport(page, "demo-sources")


def test_browser_demo_every_page_renders(base_url, page, demo_corpus):
    event = demo_corpus.events()[0]
    doc = demo_corpus.documents()[0]
    for path in ("/", "/timeline", f"/events/{event.id}", "/documents", f"/documents/{doc.id}", "/figures",
                 "/characterizations", "/recommendations", "/sources", "/search?q=supply+routes"):
        response = page.goto(base_url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1 and page.locator("h1").text_content().strip(), path
    assert page.errors == []


def test_browser_demo_report_first_screen_and_table_of_contents(demo_corpus, browser, tmp_path):
    from bilat.report.html import SECTIONS, write_report

    path = write_report(demo_corpus, tmp_path / "report.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-charts=ready]", timeout=30000)
    assert page.locator("h1").text_content() == "Pakistan–United States relations, 1947–2024 — bilat report"
    assert page.locator("p.lede").text_content().startswith("Between 1947 and 2024 the sources trace")
    assert screenshot_viewport(page, "demo-report").exists()
    links = page.locator("nav.toc a")
    assert links.count() == len(SECTIONS)
    for n in range(links.count()):
        target = links.nth(n).get_attribute("href")
        links.nth(n).click()
        page.wait_for_function(f"location.hash === '{target}'")
        top = page.locator(target).bounding_box()["y"]
        assert -2 <= top < 900, (target, top)  # scrolled to its section
        page.goto(path.as_uri())
    # the timeline keeps every event in the file, the weaker ones folded
    assert page.locator("#timeline li.event").count() == len(demo_corpus.events())
    assert page.locator("#timeline details.more-events").count() >= 1
    context.close()


def screenshot_viewport(page, name: str):
    """The first screen only (what a reader sees on opening), not the full page."""
    from tests.serve.browser import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
