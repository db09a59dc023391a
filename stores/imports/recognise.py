"""Which tool wrote an export, from its columns, and each row read the way that tool writes.

``--map field=column`` takes a field from another column, in any format; a file whose
columns no format knows is read with the board's own column names plus the mapping,
as long as the mapping says where the title is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lanes.core.bounded_read import short
from stores.board import BoardError
from stores.imports.fields import TicketRow, ticket_row
from stores.imports.github import GITHUB_CLI, GITHUB_REST
from stores.imports.jira import JIRA
from stores.imports.linear import LINEAR
from stores.imports.ours import COLUMNS, OURS
from stores.imports.shape import Format, column_key, keyed
from stores.imports.values import RowRejected

# Most particular first: Linear and GitHub also have a "title" column, as ours does.
FORMATS = (GITHUB_REST, GITHUB_CLI, JIRA, LINEAR, OURS)
# Columns no format knows: ours by name, and the title wherever --map says.
BY_MAP = Format("the columns given with --map", lambda _: False, OURS.fields, foreign_id=False)
SAMPLE_ROWS = 50  # rows whose columns are looked at


@dataclass(frozen=True)
class Reading:
    """How the rows of one file are read: its format and the ``--map`` overrides."""

    format: Format
    mapping: dict[str, str] = field(default_factory=dict)  # our field -> column key

    def ticket(self, row: Any) -> TicketRow:
        """One row as a ticket.

        Raises:
            RowRejected: a value cannot become a ticket's.
            RowSkipped: the row is not a ticket (a pull request).

        """
        if not isinstance(row, dict):
            raise RowRejected(f"{short(row, 30)} is not a ticket object with a title")
        cells = keyed(row)
        raw = self.format.fields(cells)
        for name, column in self.mapping.items():
            raw[name] = cells.get(column)
        mapped_id = "id" in self.mapping
        return ticket_row(
            raw,
            foreign_id=self.format.foreign_id and not mapped_id,
            source="" if mapped_id else str(raw.get("source") or ""),
        )


def recognise(rows: list[Any], mapping: Mapping[str, str] | None = None) -> Reading:
    """The format of ``rows`` (a file's), with ``mapping`` (our field -> column) checked.

    Raises:
        BoardError: a mapped field or column is unknown, or no format fits the columns.

    """
    names: dict[str, str] = {}
    for row in rows[:SAMPLE_ROWS]:
        if isinstance(row, dict):
            names.update({column_key(name): str(name) for name in row if name})
    columns = frozenset(names)
    listed = short(", ".join(names.values()), 120)
    keys: dict[str, str] = {}
    for name, column in (mapping or {}).items():
        if name not in COLUMNS:
            raise BoardError(f"--map {name}=...: no such field; map one of {', '.join(COLUMNS)}")
        if column_key(column) not in columns:
            raise BoardError(
                f"--map {name}={short(column)}: the file has no such column ({listed})"
            )
        keys[name] = column_key(column)
    for candidate in FORMATS:
        if candidate.recognises(columns):
            return Reading(candidate, keys)
    if "title" in keys:
        return Reading(BY_MAP, keys)
    raise BoardError(
        f"no format we read has these columns ({listed}); say where the title is with "
        "--map title=COLUMN (Jira and Linear CSV, GitHub issues JSON and our own are known)"
    )
