"""GitHub issues as JSON: ``gh issue list --json ...`` or the REST API's ``/issues``.

An issue number is no ticket id here (``#12`` of two repositories would collide), so an
issue is found by its title, and its number and address are kept as the description's
last line. Pull requests, which the REST API lists among issues, are skipped.
"""

from __future__ import annotations

from typing import Any

from stores.imports.shape import Format, Row, RowSkipped
from stores.imports.values import text


def _is_cli(columns: frozenset[str]) -> bool:
    return (
        {"number", "title"} <= columns
        and "html url" not in columns
        and bool({"state", "url", "assignees", "labels"} & columns)
    )


def _is_rest(columns: frozenset[str]) -> bool:
    return {"number", "title", "html url"} <= columns


def _fields(row: Row) -> dict[str, Any]:
    if row.get("pull request"):
        raise RowSkipped("a pull request, not an issue")
    assignees = [login for login in map(_login, row.get("assignees") or []) if login]
    if not assignees and _login(row.get("assignee")):
        assignees = [_login(row.get("assignee"))]
    milestone = row.get("milestone")
    if not isinstance(milestone, dict):
        milestone = {}
    source = f"GitHub issue #{text(row.get('number'))}"
    if url := text(row.get("html url") or row.get("url")):
        source += f": {url}"
    if len(assignees) > 1:  # the board has one owner: the first; the others stay visible
        source += f" (assignees: {', '.join(assignees)})"
    return {
        "title": row.get("title"),
        "status": row.get("state"),
        "owner": assignees[0] if assignees else None,
        "due": milestone.get("due_on") or milestone.get("dueOn"),
        "labels": row.get("labels"),
        "description": row.get("body"),
        "source": source,
    }


def _login(user: Any) -> str:
    # The login, not the display name: the REST API gives only the login, and it is unique.
    return text(user.get("login") if isinstance(user, dict) else user)


GITHUB_CLI = Format("GitHub issues JSON from `gh issue list`", _is_cli, _fields)
GITHUB_REST = Format("GitHub issues JSON from the REST API", _is_rest, _fields)
