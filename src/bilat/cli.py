"""The `bilat` command: parses arguments, calls the library, formats what it returns.

Exit codes: 0 success; 1 some inputs failed or a command failed (the reason is printed as
`error: ...`); 2 usage error (bad option or value).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from bilat.config import DEFAULT_MAX_CHARS, DEFAULT_WAIT, Settings, default_db_path
from bilat.errors import BilatError, UsageError, printable
from bilat.output import conflict_rows, evidence_line, render

app = typer.Typer(
    name="bilat",
    help="bilat: turn news, briefs and statements about two countries into a sourced record "
    "of their relationship.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"bilat {version('bilat')}")
        raise typer.Exit()


@app.callback()
def _options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the library's log messages on stderr.")] = False,
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print bilat's version and exit.")] = False,
) -> None:
    """bilat: turn news, briefs and statements about two countries into a sourced record of
    their relationship."""
    _configure_logging(verbose)

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="BILAT_DB", help="DuckDB file (default bilat.duckdb; BILAT_DB overrides)."),
]
VocabOption = Annotated[
    Optional[list[Path]],
    typer.Option("--vocab", help="YAML file extending the vocabularies: actors, plover (triggers and patterns), clutter, themes, figures, recommendations, characterizations, publishers, boilerplate (repeatable; see bilat.vocab)."),
]
FromOption = Annotated[Optional[str], typer.Option("--from", help="Earliest date: YYYY[-MM[-DD]].")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Latest date: YYYY[-MM[-DD]].")]
ActorOption = Annotated[Optional[str], typer.Option(
    "--actor", help="Actor code or name, e.g. PAK, Pakistan, Islamabad, IMF.")]
CategoryOption = Annotated[Optional[str], typer.Option("--category", help="PLOVER category, e.g. SANCTION.")]
ModalityOption = Annotated[
    Optional[str],
    typer.Option("--modality", help="occurred | planned | recommended | hypothetical | negated."),
]
WaitOption = Annotated[
    float,
    typer.Option("--wait", help="Seconds to wait while another bilat process holds the database."),
]
FreqOption = Annotated[str, typer.Option("--freq", help="year | quarter | month.")]
DyadOption = Annotated[
    Optional[str],
    typer.Option("--dyad", envvar="BILAT_DYAD", help="The two countries, e.g. USA,PAK (default) or IND,CHN."),
]
Per100Option = Annotated[bool, typer.Option(
    "--per-100", help="Score as net intensity per 100 events in which either member of the dyad takes part "
                      "(normalised by reporting volume), not the mean.")]


def _settings(db: Path | None = None, vocab: list[Path] | None = None, dyad: str | None = None,
              **extra) -> Settings:
    settings = Settings(db_path=db or default_db_path(), vocab_files=list(vocab or []))
    if vocab:
        from bilat.vocab import check_files

        check_files(vocab)
    if dyad:
        from bilat.filters import resolve_dyad

        settings.dyad = resolve_dyad(dyad, tuple(str(p) for p in vocab or ()))
    for key, value in extra.items():
        setattr(settings, key, value)
    return settings


def _open(db: Path, read_only: bool = True, dyad: str | None = None):
    from bilat.corpus import Corpus

    return Corpus(settings=_settings(db, dyad=dyad), read_only=read_only)


def _emit(rows, fmt: str, columns=None, title=None) -> None:
    text = render(rows, fmt, columns, title)
    if text:
        typer.echo(text)


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(allowed)})")


# -- ingest and documents -----------------------------------------------------------------
@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursively), URLs or feeds.")],
    db: DbOption = default_db_path(),
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses (link-local and cloud metadata addresses stay refused).")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Size cap per input in bytes.")] = 50 * 1024 * 1024,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Longest text per input in characters (after cleaning); longer ones are refused before parsing.")] = DEFAULT_MAX_CHARS,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a URL fetch may take in all, redirects included.")] = 20.0,
    engine: Annotated[str, typer.Option("--engine", help="local | dask.")] = "local",
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Processes that parse and extract in parallel while this one stores in input order (default: 1 with --engine local, i.e. this process; 2 Dask workers with --engine dask).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Address of a running Dask scheduler.")] = None,
    shared_dir: Annotated[Optional[Path], typer.Option("--shared-dir", help="Folder every Dask worker can write and this machine read, for result partitions (default: DB.parts beside the database).")] = None,
    vocab: VocabOption = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Read documents, extract events, figures and recommendations, and store them."""
    from bilat.corpus import Corpus

    settings = _settings(db, vocab, allow_private=allow_private, max_bytes=max_bytes, max_chars=max_chars,
                         timeout=timeout, engine=engine, workers=workers, scheduler=scheduler,
                         shared_dir=shared_dir, wait=wait)
    with Corpus(settings=settings) as corpus, _progress() as progress:
        report = corpus.ingest(inputs, on_result=progress.advance, on_total=progress.start)
    typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(1)


class _progress:
    """A Rich progress bar on a terminal; nothing when output is not a TTY. Errors go to stderr."""

    def __init__(self):
        self.bar = None
        self.task = None

    def __enter__(self):
        if sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
        return self

    def start(self, total: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("ingesting", total=total)

    def advance(self, result) -> None:
        prefix = "warning" if result.warning else \
            {"failed": "error", "duplicate": "skipped", "near-duplicate": "stored"}.get(result.status)
        if prefix:
            # one line per input whatever its name or the reason hold (see errors.printable)
            message = printable(f"{prefix}: {result.message}")
            if self.bar is not None:
                self.bar.console.print(message, markup=False, highlight=False)
            else:
                typer.echo(message, err=True)
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


class _steps:
    """A Rich progress bar over the named steps of a long command (report, export) on a
    terminal; nothing when stderr is not a TTY (piped, or in tests). Call it with the step
    about to run and the number of steps: ``step("phases", 6)``."""

    def __init__(self, label: str):
        self.label = label
        self.bar: Any = None  # a rich Progress, imported only on a terminal
        self.task: Any = None

    def __enter__(self) -> "_steps":
        if sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
        return self

    def __call__(self, step: str, total: int) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task(self.label, total=total)
        else:
            self.bar.advance(self.task)
        self.bar.update(self.task, description=f"{self.label}: {step}")

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def docs(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
) -> None:
    """List the stored documents with their metadata and where each field came from."""
    _check_format(fmt, ("table", "json", "jsonl"))
    with _open(db) as corpus:
        rows = [d.to_dict() for d in corpus.documents()]
    _emit(rows, fmt, ["id", "name", "title", "published", "published_precision", "publisher",
                      "source_type", "author", "language", "words", "duplicate_of"])


# -- extraction ---------------------------------------------------------------------------
@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Text, HTML or PDF files.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl | table.")] = "jsonl",
    vocab: VocabOption = None,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Longest text per input in characters (after cleaning); longer ones are refused before parsing.")] = DEFAULT_MAX_CHARS,
    records: Annotated[str, typer.Option("--records", help="events | characterizations.")] = "events",
) -> None:
    """Print the event mentions (or characterizations) of files, without a database."""
    from bilat.engines.files import RECORDS, extract_files

    _check_format(fmt, ("jsonl", "table", "json"))
    if records not in RECORDS:
        raise UsageError(f"unknown records {records!r} (choose from {', '.join(RECORDS)})")
    rows, failed = [], 0
    for item in extract_files(files, _settings(None, vocab, max_chars=max_chars), records=records):
        if "error" in item:
            typer.echo(f"error: {printable(item['error'])}", err=True)
            failed += 1
        elif "warning" in item:
            typer.echo(f"warning: {printable(item['warning'])}", err=True)
        elif fmt == "jsonl":
            typer.echo(render([item], "jsonl"))
        else:
            rows.append(item)
    if fmt != "jsonl":
        columns = (["doc", "actors", "start", "end", "label", "quote"] if records == "characterizations"
                   else ["doc", "category", "source_actor", "target_actor", "date", "modality", "quote"])
        _emit(rows, fmt, columns)
    if failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl | csv.")] = "table",
    category: CategoryOption = None,
    actor: ActorOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    modality: ModalityOption = None,
) -> None:
    """List stored event mentions (one per sentence report), filtered."""
    _check_format(fmt, ("table", "json", "jsonl", "csv"))
    with _open(db) as corpus:
        found = corpus.mentions(category=category, actor=actor, date_from=date_from,
                                date_to=date_to, modality=modality)
    rows = [m.to_dict() for m in found]
    _emit(rows, fmt, ["doc", "date", "category", "source_actor", "target_actor", "modality", "quote"])


# -- analysis -----------------------------------------------------------------------------
@app.command()
def timeline(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv | jsonl | timelinejs.")] = "table",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file instead of stdout.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    actor: ActorOption = None,
    category: CategoryOption = None,
    theme: Annotated[Optional[str], typer.Option("--theme", help="Theme or driver: slug or label (bilat themes --list).")] = None,
    modality: ModalityOption = None,
) -> None:
    """Fused events in date order, each with its sources."""
    import json

    from bilat.analysis.timeline import to_timelinejs

    _check_format(fmt, ("table", "json", "csv", "jsonl", "timelinejs"))
    with _open(db) as corpus:
        found = corpus.events(date_from=date_from, date_to=date_to, actor=actor,
                              category=category, theme=theme, modality=modality)
    if fmt == "timelinejs":
        text = json.dumps(to_timelinejs(found, title="bilat timeline"), ensure_ascii=False, indent=1)
    else:
        rows = [e.to_dict() | {"first_source": _first_source(e)} for e in found]
        text = render(rows, fmt, ["id", "date", "category", "source_actor", "target_actor", "modality",
                                  "sources", "first_source", "quote"] if fmt == "table" else
                      ["id", "date", "date_precision", "category", "source_actor", "target_actor", "modality",
                       "sources", "first_source", "quote"])
    _write_or_echo(text, output)


def _first_source(event) -> str:
    """The document that reported the event first (earliest publication, then citation order)."""
    if not event.citations:
        return ""
    first = min(event.citations, key=lambda c: (c.published is None, c.published or ""))
    return first.doc


def _write_or_echo(text: str, output: Path | None) -> None:
    from bilat.output import writing

    if output is None:
        typer.echo(text)
        return
    with writing(output):
        output.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")


@app.command()
def index(
    db: DbOption = default_db_path(),
    freq: FreqOption = "year",
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv.")] = "table",
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Also draw the index to FILE.png or FILE.svg.")] = None,
    dyad: DyadOption = None,
    per_100: Per100Option = False,
) -> None:
    """The dyad's cooperation–conflict score per period, with a bootstrap interval."""
    _check_format(fmt, ("table", "json", "csv"))
    with _open(db, dyad=dyad) as corpus:
        points = corpus.index(freq, per_100=per_100)
        phases = corpus.phases(freq) if plot else []
        pair = corpus.settings.dyad
    # spread: events dated only by a span of years; a period of such shares alone has no score
    columns = ["period", "score", "ci_low", "ci_high", "n_events", "spread", "cooperative", "conflictual"]
    _emit([p.to_dict() for p in points], fmt, columns + (["volume"] if per_100 else []))
    if plot:
        from bilat.report.plot import plot_index

        typer.echo(f"wrote {plot_index(points, phases, plot, pair, per_100)}", err=True)


@app.command()
def phases(
    db: DbOption = default_db_path(),
    freq: FreqOption = "year",
    fmt: Annotated[str, typer.Option("--format", help="table | json.")] = "table",
    dyad: DyadOption = None,
) -> None:
    """Phases of engagement and estrangement found by change-point segmentation."""
    _check_format(fmt, ("table", "json", "jsonl"))
    with _open(db, dyad=dyad) as corpus:
        found = corpus.phases(freq)
    rows = [p.to_dict() for p in found]
    if fmt == "table":
        for phase, row in zip(found, rows):
            row["support"] = "weak" if phase.weak else ""
            row["evidence"] = evidence_line(phase.evidence[0], 100) if phase.evidence else ""
    _emit(rows, fmt, ["start", "end", "label", "mean_score", "n_events", "n_characterizations", "support",
                      "evidence"])


@app.command()
def characterizations(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
    actor: ActorOption = None,
    label: Annotated[Optional[str], typer.Option("--label", help="engagement | estrangement | mixed.")] = None,
) -> None:
    """What the sources say of the state of a relationship over a period."""
    from bilat.model import CHARACTERIZATION_LABELS

    _check_format(fmt, ("table", "json", "jsonl", "csv"))
    if label is not None and label not in CHARACTERIZATION_LABELS:
        raise UsageError(f"unknown label {label!r} (choose from {', '.join(CHARACTERIZATION_LABELS)})")
    if actor is not None:
        from bilat.filters import resolve_actor

        actor = resolve_actor(actor)
    with _open(db) as corpus:
        rows = [c.to_dict() for c in corpus.characterizations()
                if (actor is None or actor in c.actors) and (label is None or c.label == label)]
    _emit(rows, fmt, ["doc", "actors", "start", "end", "label", "quote"])


@app.command()
def themes(
    db: DbOption = default_db_path(),
    freq: FreqOption = "year",
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the themes and drivers (slug, label) and exit.")] = False,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Also draw the shares to FILE.png or FILE.svg.")] = None,
) -> None:
    """Share of each theme and external driver among events, per period."""
    from bilat.filters import theme_label, theme_vocabulary

    _check_format(fmt, ("table", "json", "csv", "jsonl"))
    if list_:
        _emit(theme_vocabulary(), fmt, ["slug", "label", "kind"])
        return
    with _open(db) as corpus:
        rows = [r | {"label": theme_label(r["theme"])} for r in corpus.themes(freq)]
    _emit(rows, fmt, ["period", "kind", "theme", "label", "count", "share"])
    if plot:
        from bilat.report.plot import plot_themes

        typer.echo(f"wrote {plot_themes(rows, plot)}", err=True)


@app.command()
def figures(
    db: DbOption = default_db_path(),
    conflicts: Annotated[bool, typer.Option("--conflicts", help="Only figures of one concept and dyad whose sources disagree by more than 10%.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
) -> None:
    """Quantitative claims (trade, aid, investment ...) and where sources disagree."""
    _check_format(fmt, ("table", "json", "jsonl", "csv"))
    with _open(db) as corpus:
        if conflicts:
            rows = corpus.figure_conflicts()
            columns = ["conflict", "concept", "dyad", "unit", "value", "period", "doc", "quote"]
            if fmt in ("table", "csv"):  # one line per source: its value, period and quote
                rows = conflict_rows(rows)
        else:
            rows = [f.to_dict() for f in corpus.figures()]
            columns = ["doc", "concept", "source_actor", "target_actor", "subject", "value", "unit", "period",
                       "quote"]
    _emit(rows, fmt, columns)


@app.command()
def recommendations(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
) -> None:
    """Policy proposals: who should do what, with source and quote."""
    _check_format(fmt, ("table", "json", "jsonl", "csv"))
    with _open(db) as corpus:
        links = corpus.recommendation_links()
        rows = [r.to_dict() | {"acted_on_by": links.get(r.id, [])} for r in corpus.recommendations()]
    _emit(rows, fmt, ["doc", "recommender", "addressee", "theme", "text", "acted_on_by"])


@app.command()
def sources(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
) -> None:
    """How publishers differ: kind of source, cooperative vs conflictual share, themes,
    characterizations and recommendations (the table fits 100 columns; --format json has all)."""
    from bilat.output import source_rows

    _check_format(fmt, ("table", "json", "jsonl", "csv"))
    with _open(db) as corpus:
        rows = corpus.sources()
    if fmt == "table":
        typer.echo(render(source_rows(rows), "table", width=100))
        return
    _emit(rows, fmt)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.")],
    db: DbOption = default_db_path(),
    limit: Annotated[int, typer.Option("--limit", help="How many results.")] = 10,
    fmt: Annotated[str, typer.Option("--format", help="table | json | jsonl.")] = "table",
) -> None:
    """Full-text search over sentences (BM25, re-ranked semantically when `embed` is installed)."""
    from bilat.filters import check_query

    _check_format(fmt, ("table", "json", "jsonl"))
    check_query(query, "QUERY")
    with _open(db) as corpus:
        rows = corpus.search(query, limit=limit)
    _emit(rows, fmt, ["doc", "score", "quote"])


@app.command()
def rebuild(
    db: DbOption = default_db_path(),
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Fuse every stored mention into events again (maintenance: ingest fuses as it goes)."""
    settings = _settings(db, wait=wait)
    from bilat.corpus import Corpus

    with Corpus(settings=settings, create=False) as corpus:
        count = corpus.rebuild()
    typer.echo(f"rebuilt {count} events")


# -- use ----------------------------------------------------------------------------------
@app.command()
def serve(
    db: DbOption = default_db_path(),
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    allowed_host: Annotated[Optional[list[str]], typer.Option("--allowed-host", help="Host name the server may be reached by, besides localhost (repeatable).")] = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Serve the dashboard and the JSON API (read-only); newly ingested documents appear
    without a restart."""
    from bilat.serve import run

    settings = _settings(db, wait=wait)
    run(db, host=host, port=port, allowed_hosts=tuple(allowed_host or ()), settings=settings)


@app.command()
def report(
    db: DbOption = default_db_path(),
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print it to PDF with Chromium.")] = False,
    dyad: DyadOption = None,
    per_100: Per100Option = False,
) -> None:
    """Write one self-contained HTML report (opens offline)."""
    from bilat.report.html import write_report

    with _open(db, dyad=dyad) as corpus, _steps("report") as step:
        path = write_report(corpus, output, pdf=pdf, per_100=per_100, progress=step)
    if pdf:  # the PDF is printed from the HTML file, which stays
        typer.echo(f"wrote {output}")
    typer.echo(f"wrote {path}")


@app.command()
def export(
    db: DbOption = default_db_path(),
    fmt: Annotated[str, typer.Option("--format", help="csv | jsonl | parquet | timelinejs.")] = "csv",
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write into.")] = Path("export"),
) -> None:
    """Export documents, mentions, events, figures and recommendations."""
    from bilat.report.exports import export as export_tables

    _check_format(fmt, ("csv", "jsonl", "parquet", "timelinejs"))
    with _open(db) as corpus, _steps("export") as step:
        paths = export_tables(corpus, fmt, output, progress=step)
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Where to write the demo database and report.")] = Path("bilat-demo"),
    corpus_dir: Annotated[Optional[Path], typer.Option("--corpus", help="Sample corpus folder (default: the bundled samples/corpus).")] = None,
) -> None:
    """Run the whole job on the bundled sample corpus and print a summary."""
    from bilat.demo import run_demo

    run_demo(directory, corpus_dir, echo=typer.echo)


def _configure_logging(verbose: bool) -> None:
    """Library log records reach stderr only with --verbose: bilat reports what matters (a
    failed input, a warning) in its own one-line messages, and a NullHandler on the root keeps
    Python's last-resort handler from printing the rest."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler: logging.Handler = logging.NullHandler()
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.INFO)  # bm25s sets its own logger to DEBUG when imported
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.setLevel(logging.INFO)
    root.addHandler(handler)
    # parsers of broken inputs warn on every object; bilat reports those inputs in one line each
    for noisy in ("pypdf", "pdfminer", "trafilatura", "htmldate", "courlan"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def main() -> None:
    _configure_logging(False)  # the --verbose option turns it on (see _options)
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        typer.echo(f"error: {printable(exc)}", err=True)
        sys.exit(2)
    except BilatError as exc:
        typer.echo(f"error: {printable(exc)}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:
        # Typer carries its own copy of Click: recognise its usage errors by shape
        exit_code = getattr(exc, "exit_code", None)
        if hasattr(exc, "show") and isinstance(exit_code, int):
            exc.show()
            sys.exit(exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)
