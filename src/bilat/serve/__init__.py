"""bilat's web layer: the JSON API and the dashboard (`bilat serve`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def run(db_path: Path | str, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> None:
    """Serve the dashboard and JSON API for the database at `db_path`; `options` as for
    `bilat.serve.app.run` (allowed_hosts, settings)."""
    from bilat.serve.app import run as _run

    _run(db_path, host=host, port=port, **options)
