"""Render records for the terminal and for files: table, json, jsonl, csv."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bilat.errors import BilatError, UsageError, printable


@contextmanager
def writing(path: Path, folder: bool = False) -> Iterator[Path]:
    """Where a command writes a file (or, with `folder`, a folder of files): the missing
    folders are created first, and an OSError while creating or writing becomes one
    BilatError naming the path, "/proc/r.html: cannot write (no such file or directory)",
    the same for every output path (-o, --plot)."""
    path = Path(path)
    try:
        (path if folder else path.parent).mkdir(parents=True, exist_ok=True)
        yield path
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise BilatError(f"{printable(exc.filename or path)}: cannot write ({reason})") from None


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
           title: str | None = None, width: int = 160) -> str:
    """Rows as text in one of the formats; `columns` picks and orders table/csv columns; a
    table is at most `width` characters wide (cells wrap)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in rows)
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
        return buffer.getvalue().rstrip("\n")
    if fmt == "table":
        return table(rows, columns, title, width)
    raise UsageError(f"unknown format {fmt!r}")


def figure_values(values: Sequence[dict[str, Any]]) -> str:
    """A conflict's values side by side, each with its source and period:
    "9,000,000,000 (a.txt, period not stated), 10,400,000,000 (b.pdf, 2022)"."""
    return ", ".join(f"{_value(v.get('value'))} ({v.get('doc')}, {_period(v)})" for v in values)


def conflict_rows(conflicts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per source of each figure conflict: conflict id, concept, dyad, unit, value,
    period (or "not stated, published ..."), doc and quote."""
    return [
        {"conflict": c.get("id"), "concept": c.get("concept"), "dyad": c.get("dyad"), "unit": c.get("unit"),
         "value": _value(v.get("value")), "period": _period(v), "doc": v.get("doc"), "quote": v.get("quote")}
        for c in conflicts for v in c.get("values", [])
    ]


def _value(value: Any) -> str:
    return f"{value:,.0f}" if isinstance(value, (int, float)) and abs(value) >= 100 else f"{value:g}" \
        if isinstance(value, (int, float)) else str(value)


def _period(value: dict[str, Any]) -> str:
    if value.get("period"):
        return str(value["period"])
    published = value.get("published")
    return f"not stated (published {published})" if published else "not stated"


def source_rows(profiles: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Source profiles (analysis.sources) as short cells for a terminal table: publisher,
    kind of source, documents, events, cooperative/conflictual shares, the two top themes
    (slugs: the labels are in --format json and `bilat themes --list`), characterizations
    by label (engagement/estrangement/mixed) and recommendations."""
    def pct(share: Any) -> str:
        return "–" if share is None else f"{share * 100:.0f}%"

    rows = []
    for p in profiles:
        chars = p.get("characterizations") or {}
        rows.append({
            "publisher": p["name"], "kind": p.get("source_type") or "", "docs": p["documents"],
            "events": p["events"],
            "coop/conf": f"{pct(p.get('cooperative_share'))}/{pct(p.get('conflictual_share'))}",
            "themes": ", ".join(f"{t['theme']} {t['share'] * 100:.0f}%" for t in p["themes"][:2]),
            "eng/est/mix": "/".join(str(chars.get(k, 0)) for k in ("engagement", "estrangement", "mixed")),
            "recs": p.get("recommendations", 0),
        })
    return rows


def evidence_line(evidence: Any, limit: int = 90) -> str:
    """One piece of a phase's evidence on one line: "1998 SANCTION: The U.S. imposed ..."."""
    quote = " ".join(str(evidence.quote).split())
    quote = quote if len(quote) <= limit else quote[: limit - 1] + "…"
    return f"{evidence.date or 'undated'} {evidence.label}: {quote}"


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None,
          width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(_short(_cell(row.get(c))) for c in columns))
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    console.print(grid)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
