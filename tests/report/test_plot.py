"""`bilat index --plot` draws the index to PNG or SVG without a browser."""
from __future__ import annotations

import pytest

from bilat.errors import UsageError
from bilat.model import IndexPoint, Phase
from bilat.report.plot import plot_index

POINTS = [
    IndexPoint("2001", "2001-01-01", "2001-12-31", 6.0, 3, 4.0, 8.0, 3, 0),
    IndexPoint("2002", "2002-01-01", "2002-12-31", None, 0),
    IndexPoint("2003", "2003-01-01", "2003-12-31", -5.0, 2, -7.0, -3.0, 0, 2),
]
PHASES = [Phase("2001-01-01", "2001-12-31", "engagement", 6.0, 3),
          Phase("2003-01-01", "2003-12-31", "estrangement", -5.0, 2)]


def test_plot_index_writes_svg(tmp_path):
    out = plot_index(POINTS, PHASES, tmp_path / "index.svg")
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "engagement" in svg


def test_plot_index_writes_png(tmp_path):
    out = plot_index(POINTS, PHASES, tmp_path / "index.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_index_refuses_other_types(tmp_path):
    with pytest.raises(UsageError, match=r"unsupported plot type '.gif' \(choose .png or .svg\)"):
        plot_index(POINTS, PHASES, tmp_path / "index.gif")


def test_plot_themes_writes_png_and_svg(tmp_path):
    from bilat.report.plot import plot_themes

    shares = [{"period": "2011", "theme": "security", "kind": "theme", "count": 2, "share": 1.0}]
    assert plot_themes(shares, tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    svg = plot_themes(shares, tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "security and counterterrorism" in svg and "Themes and drivers over time" in svg
