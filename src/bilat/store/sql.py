"""What every part of the Store runs its SQL through: the connection and two row readers."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb


class SQLPart:
    """A part of `bilat.store.Store` (mixed into it), with the Store's connection."""

    @property
    def conn(self) -> duckdb.DuckDBPyConnection:  # pragma: no cover - provided by Store
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dicts by column name; `params` positional (?) or named ($name)."""
        cursor = self.conn.execute(sql, dict(params) if isinstance(params, Mapping) else list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """The first column of a query's first row as an int (0 when there is no row)."""
        row = self.conn.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0
