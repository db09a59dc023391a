"""What a tool's export format is: how to know its columns, and how a row becomes ours.

A row's columns are looked up by a loose key (case, spaces and underscores ignored), so
``Due Date``, ``due date`` and ``due_date`` are one column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lanes.core.errors import CortexError

Row = dict[str, Any]  # column key -> cell (a list where a CSV repeats the column)


class RowSkipped(CortexError):
    """A row that is not a ticket and is left out on purpose (a pull request)."""


def column_key(name: object) -> str:
    """The key a column is looked up by: ``Due_Date`` -> ``due date``."""
    return " ".join(str(name).lower().replace("_", " ").split())


def keyed(row: dict[Any, Any]) -> Row:
    """``row`` with its columns under their keys (the first of two same keys wins)."""
    out: Row = {}
    for name, value in row.items():
        out.setdefault(column_key(name), value)
    return out


def first(row: Row, *keys: str) -> Any:
    """The first of ``keys``' cells that is not empty, else ``None``."""
    for key in keys:
        value = row.get(key)
        if value not in (None, "", []):
            return value
    return None


@dataclass(frozen=True)
class Format:
    """One tool's export: a name for the report, a test on its columns, a row mapper.

    ``fields`` returns our field names (``title``, ``id``, ``status``, ...) and may add
    ``source``: the tool and key, kept in the description when the key is no id of ours.
    ``foreign_id``: the id column holds another tool's key, which the board keeps only
    when it is a valid id here (``CORE-12``).
    """

    name: str
    recognises: Callable[[frozenset[str]], bool]
    fields: Callable[[Row], dict[str, Any]]
    foreign_id: bool = True
