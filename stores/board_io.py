"""Tickets to and from other tools: CSV or JSON exports, row by row.

An import reads the file with a stated limit, recognises which tool wrote it
(``stores.imports``), and reports every row: imported, updated, unchanged, skipped, or
rejected with the reason in one line. A rejected row writes nothing; the rows before
and after it are unaffected.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text, short
from stores.board import Board, BoardError, Ticket
from stores.imports.csv_table import CsvProblem, csv_rows
from stores.imports.ours import COLUMNS
from stores.imports.recognise import recognise
from stores.imports.shape import RowSkipped, column_key
from stores.spreadsheet_cells import escape_cell

__all__ = ["COLUMNS", "MAX_ROWS", "ImportReport", "export_rows", "import_rows", "read_rows"]
MAX_ROWS = 10_000
MAX_BYTES = 50 * MB
MAX_REASON = 300  # characters of a rejected row's reason


class UnreadableExport(BoardError, UnreadableInput):
    """An export file an import will not read: special, too large, not CSV or a JSON list."""


@dataclass
class ImportReport:
    """What an import did, row by row, and which format it read the file as."""

    read_as: str = ""
    rows: int = 0
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # as written -> as stored


def read_rows(path: Path) -> list[Any]:
    """The rows of a CSV export (any of ``,;|`` or tab) or a JSON list, read with limits.

    Raises:
        UnreadableExport: not a regular file, over 50 MB, not UTF-8, not CSV or a JSON list.

    """
    shown = f"import {short(str(path))}"
    if not path.exists() and not path.is_symlink():
        raise UnreadableExport(f"{shown}: cannot read it (no such file); check the path")
    try:
        text = read_text(path, limit=MAX_BYTES, what="import")
        if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
            rows: list[Any] = loads_json(text, what=shown)
            if not isinstance(rows, list):
                raise UnreadableExport(f"{shown}: JSON must be a list of ticket objects")
        else:
            rows = csv_rows(text, max_rows=MAX_ROWS, max_chars=MAX_BYTES)
    except UnreadableExport:
        raise
    except UnreadableInput as exc:
        raise UnreadableExport(str(exc)) from None
    except CsvProblem as exc:
        raise UnreadableExport(f"{shown}: {exc}") from None
    if len(rows) > MAX_ROWS:
        raise UnreadableExport(
            f"{shown}: {len(rows):,} rows; import at most {MAX_ROWS:,} at a time"
        )
    return rows


async def import_rows(
    board: Board, rows: list[Any], *, by: str, mapping: Mapping[str, str] | None = None
) -> ImportReport:
    """Import each row into ``board``: by its id when it has one, else by its title.

    ``mapping`` (our field -> the file's column) overrides the format's own columns.

    Raises:
        BoardError: no format fits the columns, or ``mapping`` names an unknown column.

    """
    if not rows:  # an empty file, a header alone (an empty project's export), or []
        return ImportReport(read_as="a file without rows", rows=0)
    reading = recognise(rows, mapping)
    report = ImportReport(read_as=reading.format.name, rows=len(rows))
    first_row: dict[str, int] = {}  # id -> the row that gave it first
    for number, row in enumerate(rows, start=1):
        try:
            ticket = reading.ticket(row)
            if ticket.id and (first := first_row.setdefault(ticket.id.upper(), number)) != number:
                raise BoardError(
                    f"id {ticket.id} repeats row {first}: one row per ticket (merge the two rows,"
                    " or give this one another id or none)"
                )
            if ticket.id:
                op, stored = await board.put_imported(ticket.id, ticket.title, ticket.fields, by=by)
            else:
                op, stored, _ = await board.upsert(ticket.title, ticket.fields, by=by)
        except RowSkipped as exc:
            report.skipped.append({"row": number, "reason": str(exc)})
            continue
        except BoardError as exc:
            report.rejected.append({"row": number, "reason": _one_line(exc)})
            continue
        outcome = {"create": report.imported, "update": report.updated}
        outcome.get(op, report.unchanged).append(stored.id)
        status, written = ticket.fields["status"], ticket.status_written
        if status and column_key(written).replace(" ", "_") != status:  # "Canceled" -> done
            report.statuses[written] = status
    return report


def _one_line(exc: Exception) -> str:
    lines = str(exc).splitlines() or [type(exc).__name__]
    reason = " ".join(lines[0].split())
    return reason if len(reason) <= MAX_REASON else f"{reason[:MAX_REASON]}..."


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
