"""Settings: one typed object built from CLI options or keyword arguments."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = "bilat.duckdb"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def default_db_path() -> Path:
    return Path(os.environ.get("BILAT_DB", DEFAULT_DB))


@dataclass
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    dyad: tuple[str, str] = ("USA", "PAK")
    vocab_files: list[Path] = field(default_factory=list)  # user YAML extending data/*.yaml
    allow_private: bool = False  # fetch URLs on private/loopback addresses
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0  # seconds, for URL fetches
    batch_size: int = 16  # documents per nlp.pipe batch
    engine: str = "local"  # local | dask
    workers: int = 2  # dask workers
    scheduler: str | None = None  # address of an existing dask scheduler
