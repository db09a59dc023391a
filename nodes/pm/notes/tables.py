"""Tables of action items in notes (Markdown or plain text with ``|``), read by their headers.

The action, owner, due and status columns are found by their header words in any order;
a row whose status says it is done or only for information is context, not work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"^[\s|:+=-]*-[\s|:+=-]*$")
_ROLES = {
    "action": re.compile(
        r"\b(?:action|task|what|item|to-?do|follow[- ]?up|description|work)", re.I
    ),
    "owner": re.compile(r"\b(?:owner|assignee|who|assigned|responsible|dri|person)", re.I),
    "due": re.compile(r"\b(?:due|deadline|when|date|by|eta|target)", re.I),
    "status": re.compile(r"\b(?:status|state|progress|done)", re.I),
}
# A status or due cell that says the row is not work still to do.
NOT_WORK = re.compile(
    r"\b(?:done|complete[d]?|merged|shipped|closed|fyi|n/a|cancel+ed)\b|✅|✔", re.I
)
# An owner cell that names nobody.
NOBODY = re.compile(
    r"^(?:$|-+|—|\?+|(?:tbd|tba|none|nobody|unassigned|unowned|needs? (?:an )?owner|open|n/a)\b)",
    re.I,
)


@dataclass(frozen=True)
class Row:
    """One row of an action table: the work, its owner (None: nobody yet), due, done."""

    action: str
    owner: str | None
    due: str
    done: bool


def is_table_line(line: str) -> bool:
    """Whether ``line`` looks like a row of a table: two or more cells split by ``|``."""
    return line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|"))


def cells(line: str) -> list[str]:
    """The cells of one table row, trimmed, without the outer pipes."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip(" *`") for cell in inner.split("|")]


def read_table(lines: list[str]) -> list[Row] | None:
    """The rows of a table whose header names an owner or an action column, or None."""
    body = [line for line in lines if not _SEPARATOR.match(line)]
    if len(body) < 2:
        return None
    header = [cell.lower() for cell in cells(body[0])]
    roles: dict[str, int] = {}
    for role, pattern in _ROLES.items():
        for index, cell in enumerate(header):
            if index not in roles.values() and pattern.search(cell):
                roles[role] = index
                break
    if "owner" not in roles and "action" not in roles:
        return None
    action = roles.get("action", 0 if roles.get("owner") != 0 else 1)
    rows = []
    for line in body[1:]:
        row = cells(line)
        text = row[action] if action < len(row) else ""
        if not text:
            continue
        owner, due = _cell(row, roles, "owner"), _cell(row, roles, "due")
        status = f"{_cell(row, roles, 'status')} {due}"
        named = None if NOBODY.match(owner) else re.sub(r"\s*\(.*\)\s*$", "", owner).lstrip("@")
        rows.append(Row(text, named or None, due, bool(NOT_WORK.search(status))))
    return rows


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index] if index is not None and index < len(row) else ""
