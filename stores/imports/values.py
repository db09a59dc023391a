"""One cell of another tool's export as one of our values: text, status, date, labels.

Nothing is guessed: a status or a date that reads two ways, or none, is refused with
the value and the way to write it, and the row is rejected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lanes.core.bounded_read import short
from stores.board import STATUS_ALIASES, STATUSES, BoardError

# Statuses other tools use that the board's own aliases do not name, each to the closest.
TOOL_STATUSES = {
    "in review": "in_progress", "review": "in_progress", "code review": "in_progress",
    "in qa": "in_progress", "qa": "in_progress", "testing": "in_progress",
    "selected for development": "todo", "triage": "todo", "unstarted": "todo",
    "ready": "todo", "icebox": "todo", "reopened": "todo", "canceled": "done", "cancelled": "done",
    "duplicate": "done", "won't do": "done", "wont do": "done", "won't fix": "done",
    "rejected": "done", "declined": "done", "waiting": "blocked", "impeded": "blocked",
}  # fmt: skip
# Jira writes "12/Mar/26 4:05 PM" (the time is dropped); the year may have four digits.
JIRA_DATES = ("%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d/%b/%Y %I:%M %p",
              "%d/%b/%Y %H:%M", "%d/%b/%Y")  # fmt: skip
# JavaScript's Date.toString(), as some exports write it: "Thu Mar 12 2026 16:05:00 GMT+0000".
JS_DATE = re.compile(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{4})\b")


class RowRejected(BoardError):
    """A row whose values cannot become a ticket; the message says which and how to fix it."""


def text(value: Any) -> str:
    """A cell as text: objects by their name, login or title; lists joined by ", "."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return text(value.get("name") or value.get("login") or value.get("title"))
    if isinstance(value, list):
        return ", ".join(t for t in (text(v) for v in value) if t)
    return str(value).strip()


def status_of(value: Any) -> str | None:
    """One of the board's statuses for how a tool wrote it; ``None`` when empty."""
    written = text(value)
    if not written:
        return None
    key = " ".join(written.lower().replace("_", " ").split())
    status = STATUS_ALIASES.get(key) or TOOL_STATUSES.get(key)
    if status is None:
        raise RowRejected(
            f"status {short(written)} is not one the board knows ({', '.join(STATUSES)}); "
            "change it in the file, or read another column with --map status=COLUMN"
        )
    return status


def due_of(value: Any) -> date | None:
    """A due date from ISO (date or timestamp), Jira's ``12/Mar/26`` or a JavaScript date."""
    written = text(value)
    if not written:
        return None
    try:
        return datetime.fromisoformat(written).date()
    except ValueError:
        pass
    for pattern in JIRA_DATES:
        try:
            return datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    if match := JS_DATE.match(written):
        try:
            return datetime.strptime(" ".join(match.groups()), "%b %d %Y").date()
        except ValueError:
            pass
    raise RowRejected(
        f"due {short(written)} is not a date; write it YYYY-MM-DD (or 12/Mar/26 as Jira does)"
    )


def labels_of(value: Any) -> list[str]:
    """Labels from a list (of names or label objects) or a comma-separated cell."""
    if isinstance(value, list):
        return [label for label in (text(v) for v in value) if label]
    return [label.strip() for label in text(value).split(",") if label.strip()]
