"""The board's own columns, as ``cortex tickets export`` writes them (CSV or JSON)."""

from __future__ import annotations

from typing import Any

from stores.imports.shape import Format, Row

COLUMNS = ("id", "title", "status", "owner", "epic", "due", "labels", "description",
           "acceptance_criteria")  # fmt: skip


def _recognises(columns: frozenset[str]) -> bool:
    return "title" in columns


def _fields(row: Row) -> dict[str, Any]:
    return {name: row.get(name.replace("_", " ")) for name in COLUMNS}


OURS = Format("the board's own columns", _recognises, _fields, foreign_id=False)
