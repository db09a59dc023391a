"""Tickets to and from other tools: CSV or JSON exports, row by row.

An import reports every row: imported, updated, or rejected with the reason. A
rejected row writes nothing; the rows before and after it are unaffected.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stores.board import Board, BoardError, Ticket
from stores.spreadsheet_cells import escape_cell, unescape_cell

# A list item's marker: a dash, star or bullet followed by a space ("-2+3" is no item).
ITEM_MARKER = re.compile(r"^\s*(?:[-*\u2022]\s+)?")
COLUMNS = ("id", "title", "status", "owner", "epic", "due", "labels", "description",
           "acceptance_criteria")  # fmt: skip
MAX_ROWS = 10_000


@dataclass
class ImportReport:
    """What an import did, row by row."""

    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a CSV or JSON export (a list of objects).

    Raises:
        BoardError: the file cannot be read, or is neither.

    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BoardError(f"{path}: cannot read it ({exc}); give a UTF-8 CSV or JSON file") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BoardError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(rows, list):
            raise BoardError(f"{path}: JSON must be a list of ticket objects")
    else:
        rows = [
            {key: unescape_cell(value) if isinstance(value, str) else value
             for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(text))
        ]  # fmt: skip
    if len(rows) > MAX_ROWS:
        raise BoardError(f"{path}: {len(rows)} rows; import at most {MAX_ROWS} at a time")
    return rows


async def import_rows(board: Board, rows: list[Any], *, by: str) -> ImportReport:
    """Import each row into ``board``: by its id when it has one, else by its title."""
    report = ImportReport()
    for number, row in enumerate(rows, start=1):
        try:
            fields = _fields(row)
            title = fields.pop("title")
            ticket_id = fields.pop("id")
            if ticket_id:
                op, ticket = await board.put_imported(ticket_id, title, fields, by=by)
            else:
                op, ticket, _ = await board.upsert(title, fields, by=by)
        except BoardError as exc:
            report.rejected.append({"row": number, "reason": str(exc)})
            continue
        outcome = {"create": report.imported, "update": report.updated}
        outcome.get(op, report.unchanged).append(ticket.id)
    return report


def _fields(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise BoardError("not a ticket object (a row must have at least a title)")
    clean = {str(k).strip().lower().replace(" ", "_"): v for k, v in row.items() if k}
    title = str(clean.get("title") or "").strip()
    if not title:
        raise BoardError("no title")
    criteria = clean.get("acceptance_criteria") or []
    if isinstance(criteria, str):
        items = (ITEM_MARKER.sub("", line).rstrip() for line in criteria.splitlines())
        criteria = [item for item in items if item]
    labels = clean.get("labels") or []
    if isinstance(labels, str):
        labels = [label.strip() for label in labels.split(",") if label.strip()]
    return {
        "id": str(clean.get("id") or "").strip() or None,
        "title": title,
        "status": str(clean.get("status") or "").strip() or None,
        "owner": str(clean.get("owner") or "").strip() or None,
        "epic": str(clean.get("epic") or "").strip() or None,
        "due": str(clean.get("due") or "").strip() or None,
        "description": str(clean.get("description") or "").strip() or None,
        "acceptance_criteria": criteria or None,
        "labels": labels or None,
    }


def export_rows(tickets: list[Ticket], fmt: str) -> str:
    """The tickets as CSV or JSON (the same columns ``import`` reads)."""
    if fmt == "json":
        return json.dumps(
            [t.model_dump(mode="json", exclude={"history"}) for t in tickets], indent=2
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for t in tickets:
        row = {
            "id": t.id,
            "title": t.title,
            "status": t.status,
            "owner": t.owner or "",
            "epic": t.epic or "",
            "due": t.due.isoformat() if t.due else "",
            "labels": ", ".join(t.labels),
            "description": t.description,
            "acceptance_criteria": "\n".join(t.acceptance_criteria),
        }
        writer.writerow({key: escape_cell(str(value)) for key, value in row.items()})
    return out.getvalue()
