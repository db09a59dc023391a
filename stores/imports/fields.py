"""A row's values, already named as ours, checked into one ticket's fields.

Each value is checked here against what the board keeps, so a rejected row says in one
line which value is wrong and how to fix it; nothing is cut short or changed quietly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lanes.core.bounded_read import short
from stores.imports.values import RowRejected, due_of, labels_of, status_of, text

TICKET_ID = re.compile(r"^[A-Z][A-Z0-9]{0,9}-[1-9][0-9]{0,6}$")
# A list item's marker: a dash, star or bullet followed by a space ("-2+3" is no item).
ITEM_MARKER = re.compile(r"^\s*(?:[-*\u2022]\s+)?")
# What the board keeps (the Ticket model), and for labels and criteria a bound of ours.
MAX_CHARS = {"title": 200, "owner": 80, "epic": 40, "description": 10_000,
             "label": 200, "criterion": 10_000}  # fmt: skip
MAX_ITEMS = {"labels": 20, "acceptance_criteria": 50}


@dataclass(frozen=True)
class TicketRow:
    """One row as a ticket: its id (or ``None``: found by title), title and other fields."""

    id: str | None
    title: str
    fields: dict[str, Any]
    status_written: str  # the status as the file wrote it, for the report


def ticket_row(raw: dict[str, Any], *, foreign_id: bool, source: str = "") -> TicketRow:
    """Check ``raw`` (our field names) into a ticket.

    ``foreign_id``: the id is another tool's key, so one that is no id of ours (``CORE-12``)
    is dropped and the ticket is found by title, with ``source`` (the tool and key) kept
    as the description's last line.
    """
    title = _checked("title", text(raw.get("title")))
    if not title:
        raise RowRejected("no title; fill it in, or read another column with --map title=COLUMN")
    ticket_id = text(raw.get("id")).upper() or None
    if ticket_id and not TICKET_ID.match(ticket_id):
        if not foreign_id:
            raise RowRejected(
                f"id {short(ticket_id)} is not a ticket id like CORE-12; fix it, or leave it "
                "empty to find the ticket by its title"
            )
        ticket_id = None
    description = text(raw.get("description"))
    if source and ticket_id is None:
        description = f"{description}\n\n{source}".strip()
    labels = [_checked("label", label) for label in labels_of(raw.get("labels"))]
    fields = {
        "status": status_of(raw.get("status")),
        "owner": _checked("owner", text(raw.get("owner"))) or None,
        "epic": _checked("epic", text(raw.get("epic"))) or None,
        "due": due_of(raw.get("due")),
        "description": _checked("description", description) or None,
        "labels": _items("labels", labels),
        "acceptance_criteria": _items("acceptance_criteria", _criteria(raw)),
    }
    return TicketRow(ticket_id, title, fields, text(raw.get("status")))


def _criteria(raw: dict[str, Any]) -> list[str]:
    value = raw.get("acceptance_criteria")
    if isinstance(value, list):  # a JSON list: each item as it is
        items = [item if isinstance(item, str) else text(item) for item in value]
    else:
        items = [ITEM_MARKER.sub("", line).rstrip() for line in text(value).splitlines()]
    return [_checked("criterion", item) for item in items if item]


def _checked(name: str, value: str) -> str:
    limit = MAX_CHARS[name]
    if len(value) > limit:
        raise RowRejected(
            f"{name} {short(value, 30)} is longer than the {limit:,} characters the board "
            "keeps; shorten it in the file"
        )
    return value


def _items(name: str, items: list[str]) -> list[str] | None:
    if len(items) > MAX_ITEMS[name]:
        raise RowRejected(
            f"{len(items)} {name}; the board keeps at most {MAX_ITEMS[name]}: remove some"
        )
    return items or None
