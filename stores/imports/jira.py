"""A Jira CSV export ("Export > CSV"): Summary, Issue key, Status, Assignee, Due date, ...

Jira repeats the ``Labels`` column once per label; dates read ``12/Mar/26 4:05 PM``.
The Epic Link (or Parent, when it holds an issue key) becomes the ticket's epic.
"""

from __future__ import annotations

from typing import Any

from stores.imports.shape import Format, Row, first
from stores.imports.values import text


def _recognises(columns: frozenset[str]) -> bool:
    return "summary" in columns and bool({"issue key", "issue id"} & columns)


def _fields(row: Row) -> dict[str, Any]:
    key = text(row.get("issue key"))
    parent = text(first(row, "custom field (epic link)", "epic link", "parent key", "parent"))
    return {
        "id": key,
        "title": row.get("summary"),
        "status": row.get("status"),
        "owner": row.get("assignee"),
        "due": row.get("due date"),
        "labels": row.get("labels"),
        "description": row.get("description"),
        "epic": parent if "-" in parent else None,  # a key (CORE-3), not Jira's numeric id
        "source": f"Jira: {key}" if key else "",
    }


JIRA = Format("a Jira CSV export", _recognises, _fields)
