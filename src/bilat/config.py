"""Settings: one typed object built from CLI options or keyword arguments."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = "bilat.duckdb"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# longest text extracted (characters); longer documents are refused before parsing
DEFAULT_MAX_CHARS = 20_000_000
# seconds to wait for another bilat process to release the database
DEFAULT_WAIT = 30.0


def default_db_path() -> Path:
    return Path(os.environ.get("BILAT_DB", DEFAULT_DB))


def parse_dyad(value: str) -> tuple[str, str]:
    """"USA,PAK" -> ("USA", "PAK"); two different actor codes."""
    parts = [p.strip().upper() for p in value.replace("-", ",").split(",") if p.strip()]
    if len(parts) != 2 or parts[0] == parts[1]:
        from bilat.errors import UsageError

        raise UsageError(f"bad dyad {value!r} (two different actor codes, e.g. USA,PAK)")
    return parts[0], parts[1]


def default_dyad() -> tuple[str, str]:
    return parse_dyad(os.environ.get("BILAT_DYAD", "USA,PAK"))


@dataclass
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    dyad: tuple[str, str] = field(default_factory=default_dyad)  # BILAT_DYAD overrides
    vocab_files: list[Path] = field(default_factory=list)  # user YAML extending data/*.yaml
    allow_private: bool = False  # fetch URLs on private/loopback addresses
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0  # seconds, for URL fetches
    batch_size: int = 16  # documents per nlp.pipe batch
    engine: str = "local"  # local | dask
    workers: int | None = None  # processes that parse and extract (None: local 1, dask 2)
    scheduler: str | None = None  # address of an existing dask scheduler
    shared_dir: Path | None = None  # where dask workers write result partitions (default <db>.parts)
    search_dir: Path | None = None  # the stored search index (default <db>.search; a server's snapshot reads the database's)
    max_chars: int = DEFAULT_MAX_CHARS  # characters per document; longer ones are refused
    wait: float = DEFAULT_WAIT  # seconds to wait while another bilat process holds the database
    allowed_hosts: tuple[str, ...] = ()  # Host header values `bilat serve` accepts beyond localhost
    event_scorer: bool = True  # the trained scorer judges rule candidates (bilat.nlp.scorer)
    event_model: Path | None = None  # a scorer model (.npz) other than the shipped one
