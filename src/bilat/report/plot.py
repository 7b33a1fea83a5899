"""Static index charts (PNG or SVG) drawn without a browser, through vl-convert."""
from __future__ import annotations

from pathlib import Path

from bilat.errors import UsageError
from bilat.model import IndexPoint, Phase
from bilat.report.charts import index_chart


def plot_index(points: list[IndexPoint], phases: list[Phase], path: Path,
               dyad: tuple[str, str] | None = None, per_100: bool = False) -> Path:
    """Draw the index with its interval, phase bands and event volume to `path` (.png or .svg),
    titled with the dyad, the scale and the number of events."""
    import vl_convert

    spec = index_chart([p.to_dict() for p in points], [p.to_dict() for p in phases], dyad, per_100)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
    else:
        raise UsageError(f"{path}: unsupported plot type {suffix or '(none)'!r} (choose .png or .svg)")
    return path
