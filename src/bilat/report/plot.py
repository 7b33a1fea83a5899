"""Static charts (PNG or SVG) of the index and the themes, drawn without a browser, through vl-convert."""
from __future__ import annotations

from pathlib import Path

from bilat.errors import UsageError
from bilat.model import IndexPoint, Phase
from bilat.output import writing
from bilat.views.charts import index_chart, themes_chart


def plot_index(points: list[IndexPoint], phases: list[Phase], path: Path,
               dyad: tuple[str, str] | None = None, per_100: bool = False) -> Path:
    """Draw the index with its interval, phase bands and event volume to `path` (.png or .svg),
    titled with the dyad, the scale and the number of events."""
    spec = index_chart([p.to_dict() for p in points], [p.to_dict() for p in phases], dyad, per_100)
    return write_chart(spec, path)


def write_chart(spec: dict, path: Path) -> Path:
    """A Vega-Lite spec drawn to `path`: .png (at twice the size) or .svg; UsageError otherwise.
    A missing folder is created; BilatError "PATH: cannot write (reason)" when it cannot be."""
    import vl_convert

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"{path}: unsupported plot type {suffix or '(none)'!r} (choose .png or .svg)")
    drawn = vl_convert.vegalite_to_svg(spec) if suffix == ".svg" else vl_convert.vegalite_to_png(spec, scale=2)
    with writing(path):
        if isinstance(drawn, str):
            path.write_text(drawn, encoding="utf-8")
        else:
            path.write_bytes(drawn)
    return path


def plot_themes(shares: list[dict], path: Path) -> Path:
    """Draw the theme and driver shares per period (bilat.analysis.themes.theme_shares rows)
    to `path` (.png or .svg), minor themes grouped as "other"."""
    return write_chart(themes_chart(shares), path)
