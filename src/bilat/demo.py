"""`bilat demo`: the whole job on the bundled sample corpus, summarised in the terminal."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from bilat.config import Settings
from bilat.errors import UsageError
from bilat.output import evidence_line, figure_values

log = logging.getLogger(__name__)


def bundled_corpus() -> Path:
    """The sample corpus of a source checkout (samples/corpus beside src/)."""
    return Path(__file__).resolve().parents[2] / "samples" / "corpus"


def run_demo(directory: Path, corpus_dir: Path | None = None, echo: Callable[[str], None] = print) -> Path:
    """Ingest the samples into a fresh database under `directory`, analyse, write the report."""
    from bilat.corpus import Corpus
    from bilat.report.html import write_report

    corpus_dir = corpus_dir or bundled_corpus()
    if not corpus_dir.is_dir():
        raise UsageError(f"{corpus_dir}: sample corpus not found (pass --corpus DIR)")
    directory.mkdir(parents=True, exist_ok=True)
    db_path = directory / "bilat.duckdb"
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)

    with Corpus(settings=Settings(db_path=db_path)) as corpus:
        report = corpus.ingest(sorted(str(p) for p in corpus_dir.iterdir() if p.is_file()))
        for result in report.results:
            if result.status == "failed":
                echo(f"error: {result.message}")
        echo(f"Sample corpus: {corpus_dir}")
        echo(report.summary())
        for line in summary_lines(corpus):
            echo(line)
        out = write_report(corpus, directory / "report.html")
    echo(f"Database: {db_path}")
    echo(f"Report:   {out}")
    echo(f"Next: bilat timeline --db {db_path} | bilat serve --db {db_path}")
    return out


def summary_lines(corpus) -> list[str]:
    """A short account of what the corpus says, for the terminal."""
    counts = corpus.summary()
    lines = [
        f"{counts['documents']} documents ({counts['duplicates']} near-duplicates), "
        f"{counts['sentences']} sentences, {counts['mentions']} event mentions -> "
        f"{counts['events']} fused events, {counts['figures']} figures, "
        f"{counts['recommendations']} recommendations",
        "",
        "Phases of the relationship:",
    ]
    for phase in corpus.phases("year"):
        evidence = f"  e.g. {evidence_line(phase.evidence[0], 80)}" if phase.evidence else ""
        weak = ", weakly supported" if phase.weak else ""
        lines.append(
            f"  {phase.start[:4]}–{phase.end[:4]}  {phase.label:<12} mean {phase.mean_score:+.2f} "
            f"({phase.n_events} events, {phase.n_characterizations} characterizations{weak}){evidence}"
        )
    found = corpus.characterizations()
    lines += ["", f"Characterizations: {len(found)}"]
    for item in [c for c in found if c.start and c.date_basis == "explicit"][:3]:
        pair = "–".join(a for a in item.actors if a)
        lines.append(f"  {pair} {item.start[:4]}: {item.label:<12} {' '.join(item.quote.split())[:90]}")
    conflicts = corpus.figure_conflicts()
    lines += ["", f"Figures where sources disagree: {len(conflicts)}"]
    for conflict in conflicts[:3]:
        values = figure_values(conflict["values"][:3])
        lines.append(f"  {conflict['concept']} {conflict['dyad']} [{conflict['unit']}]: {values}")
    recs = corpus.recommendations()
    lines += ["", f"Recommendations: {len(recs)}"]
    for rec in recs[:3]:
        who = f"{rec.recommender or '(unknown)'} to {rec.actor or '(no addressee)'}"
        lines.append(f"  {who}: {' '.join(rec.text.split())[:100]}")
    return lines
