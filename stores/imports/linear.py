"""A Linear CSV export (Settings > Import / Export): ID, Team, Title, Status, Assignee, ...

Labels are one comma-separated cell; dates are ISO timestamps.
"""

from __future__ import annotations

from typing import Any

from stores.imports.shape import Format, Row
from stores.imports.values import text


def _recognises(columns: frozenset[str]) -> bool:
    return {"id", "title"} <= columns and bool({"team", "cycle number", "estimate"} & columns)


def _fields(row: Row) -> dict[str, Any]:
    key = text(row.get("id"))
    return {
        "id": key,
        "title": row.get("title"),
        "status": row.get("status"),
        "owner": row.get("assignee"),
        "due": row.get("due date"),
        "labels": row.get("labels"),
        "description": row.get("description"),
        "source": f"Linear: {key}" if key else "",
    }


LINEAR = Format("a Linear CSV export", _recognises, _fields)
