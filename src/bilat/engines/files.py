"""Records of files without a database: each file loaded and cleaned by ingest, then run
through the per-document pipeline in this process (`bilat extract`, the quality gates and the
benchmarks).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilat.config import Settings
from bilat.errors import BilatError
from bilat.ingest import load_document
from bilat.nlp.process import characterization_dict, mention_dict, process_documents

RECORDS = ("events", "characterizations")


def extract_files(paths: list[Path], settings: Settings | None = None,
                  records: str = "events") -> Iterator[dict[str, Any]]:
    """Output dicts (SCHEMA.md) for the event mentions of files, or their characterizations
    (`records="characterizations"`); a file that cannot be read yields {"doc", "error"} and the
    others go on; a file in a language the pipeline does not read yields {"doc", "warning"}
    and no records. Raises ValueError for an unknown `records`."""
    if records not in RECORDS:
        raise ValueError(f"unknown records {records!r} (choose from {', '.join(RECORDS)})")
    settings = settings or Settings()
    documents = []
    for path in paths:
        if Path(path).is_dir():
            yield {"doc": Path(path).name, "error": f"{path}: is a folder (bilat extract reads files; "
                   "bilat ingest reads folders)"}
            continue
        try:
            documents.append(load_document(str(path), settings))
        except (OSError, BilatError) as err:
            yield {"doc": Path(path).name, "error": str(err)}
            continue
        if documents[-1].language_note:
            yield {"doc": documents[-1].name, "warning": f"{documents[-1].source}: {documents[-1].language_note}"}
    for processed in process_documents(documents, settings):
        if records == "characterizations":
            yield from (characterization_dict(c) for c in processed.characterizations)
            continue
        for mention in processed.mentions:
            yield mention_dict(mention)


def main(argv: list[str]) -> None:
    for item in extract_files([Path(a) for a in argv]):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
