"""`bilat report`: one self-contained HTML file (inline CSS, JavaScript and data).

The file opens offline: the Vega charts library comes from the vl-convert package and is
inlined, as are the chart specs with their data. Sections: an opening summary (views/brief.py),
index and phases, the timeline grouped by phase,
themes over time, figures and conflicts, characterizations, recommendations, sources. ``pdf=True`` prints the
same page to PDF with Debian's Chromium.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import shutil
import subprocess
from importlib import resources
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from bilat.errors import BilatError, UsageError
from bilat.output import writing
from bilat.views import brief, payloads
from bilat.views.charts import index_chart, themes_chart
from bilat.views.html import jinja_environment, stylesheet, vega_bundle

log = logging.getLogger(__name__)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
SECTIONS = (
    ("summary", "Summary"), ("index", "Cooperation–conflict index and phases"), ("timeline", "Timeline by phase"),
    ("themes", "Themes over time"), ("figures", "Figures and conflicts"),
    ("characterizations", "Characterizations"), ("recommendations", "Recommendations"), ("sources", "Sources"),
)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # the partials the report shares with the dashboard (the sources table ...) are the views'
    return jinja_environment("bilat.report")


def _inline_script(source: str) -> jinja2.utils.markupsafe.Markup:
    """JavaScript safe to inline in a <script> element (no early end tag)."""
    return jinja2.utils.markupsafe.Markup(source.replace("</script", "<\\/script").replace("<!--", "<\\!--"))


Progress = Callable[[str, int], None]
# the steps report_context reports to a progress bar
STEPS = ("events", "index", "phases", "themes", "figures", "sources", "render")


def report_context(corpus: Any, freq: str = "year", per_100: bool = False,
                   progress: Progress | None = None) -> dict[str, Any]:
    """Everything the report shows, from the same payload functions as the JSON API;
    `per_100`: the index per 100 events of either member of the dyad; `progress(step,
    n_steps)` is called before each step (STEPS)."""
    def step(name: str) -> None:
        if progress:
            progress(name, len(STEPS))

    step("events")
    events = [payloads.event_summary(e) for e in corpus.events()]
    step("index")
    index_data = payloads.index_payload(corpus, freq, per_100)
    index = index_data["items"]
    step("phases")
    phases = payloads.phases_payload(corpus, freq)["items"]
    step("themes")
    themes = payloads.themes_payload(corpus, freq)["items"]
    step("figures")
    figures = payloads.figures_payload(corpus)
    characterizations = payloads.characterizations_payload(corpus)["items"]
    step("sources")
    docs = corpus.documents(with_text=False)
    sources = payloads.sources_payload(corpus)["items"]
    dyad = index_data["dyad"]
    years = brief.span(index, events)
    return {
        "title": brief.report_title(dyad, years),
        "summary": brief.summary(phases, characterizations, figures, dyad, years),
        "groups": brief.timeline_groups(events, phases, dyad),
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "sections": SECTIONS,
        "freq": freq,
        "index": index,
        "phases": phases,
        "events": events,
        "events_by_id": {e["id"]: e for e in events},
        "figures": figures,
        "recommendations": payloads.recommendations_payload(corpus)["items"],
        "characterizations": characterizations,
        "sources": sources,
        "n_documents": len(docs),
        "per_100": per_100,
        "scale": index_data["scale"],
        "charts": {"index": index_chart(index, phases, index_data["dyad"], per_100), "themes": themes_chart(themes)},
        "css": jinja2.utils.markupsafe.Markup(stylesheet()),
        "vega": _inline_script(vega_bundle()),
    }


def render_report(corpus: Any, freq: str = "year", per_100: bool = False,
                  progress: Progress | None = None) -> str:
    context = report_context(corpus, freq, per_100, progress)
    if progress:
        progress("render", len(STEPS))
    return _environment().get_template("report.html").render(**context)


def write_report(corpus: Any, out: Path, pdf: bool = False, per_100: bool = False,
                 progress: Progress | None = None) -> Path:
    """Write the report to `out` (HTML); with `pdf`, also print it to `out` with a .pdf suffix;
    `per_100`: the index per 100 events of either member of the dyad; `progress(step,
    n_steps)` before each step (a progress bar).

    Returns the path of the file asked for: the HTML file, or the PDF when `pdf` is set.
    A missing folder is created; BilatError "PATH: cannot write (reason)" when it cannot be.
    """
    out = Path(out)
    html = render_report(corpus, per_100=per_100, progress=progress)
    with writing(out):
        out.write_text(html, encoding="utf-8")
    log.info("report written to %s (%d bytes)", out, out.stat().st_size)
    if not pdf:
        return out
    return print_pdf(out, out.with_suffix(".pdf"))


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 120.0) -> Path:
    """Print an HTML file to PDF with headless Chromium, after its charts have drawn."""
    browser = find_chromium()
    if browser is None:
        raise UsageError(
            "PDF output needs Chromium, which was not found (install it with "
            "'apt-get install chromium', or leave out --pdf for the HTML report)"
        )
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
        # give the charts' JavaScript time to draw before printing
        "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw",
        f"--print-to-pdf={pdf_path.resolve()}", html_path.resolve().as_uri(),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BilatError(f"{pdf_path}: Chromium did not finish printing within {timeout:.0f} s") from exc
    if proc.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        detail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise BilatError(f"{pdf_path}: Chromium could not print the report ({detail[0]})")
    return pdf_path


def report_template_path() -> Path:
    """Where the report template lives (for users who want to adapt it)."""
    return Path(str(resources.files("bilat.report").joinpath("templates", "report.html")))
