"""``cortex tickets import FILE``: another tool's export (or ours) onto a project's board."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from rich.text import Text

from cli.board_access import open_board
from cli.console import out
from cli.inputs import given_file
from lanes.core.bounded_read import short
from lanes.core.errors import CortexError
from stores.board_io import COLUMNS, ImportReport, import_rows, read_rows

BY = "cortex:cli"  # who the board's history names, as for the other ``tickets`` actions


def register_import(actions: Any, common: Callable[[argparse.ArgumentParser, Any], None]) -> None:
    """Add the ``import`` action; ``common`` adds ``--project`` and ``--json``."""
    load = actions.add_parser(
        "import",
        help="import a Jira or Linear CSV, GitHub issues JSON, or our own CSV or JSON export",
        description="Import tickets from a Jira CSV export, a Linear CSV export, GitHub "
        "issues JSON (`gh issue list --json ...` or the REST API), or `cortex tickets "
        "export` (CSV separated by , ; | or tab). Every row is reported; a bad row is "
        "rejected alone, and the exit code is 1 when any was.",
    )
    load.add_argument("file", metavar="FILE", type=given_file)
    load.add_argument(
        "--map",
        action="append",
        type=field_column,
        default=[],
        metavar="FIELD=COLUMN",
        help=f"read FIELD from COLUMN (repeat for more); FIELD is one of {', '.join(COLUMNS)}",
    )
    common(load, argparse.SUPPRESS)
    load.set_defaults(run=run_import)


def field_column(value: str) -> tuple[str, str]:
    """``title=Summary`` as ``("title", "Summary")``; argparse shows the error in one line."""
    name, equals, column = value.partition("=")
    name = name.strip().lower().replace("-", "_")
    if not equals or not name or not column.strip():
        raise argparse.ArgumentTypeError(
            f"{short(value)} is not FIELD=COLUMN; write e.g. --map title=Summary"
        )
    if name not in COLUMNS:
        raise argparse.ArgumentTypeError(
            f"{short(name)} is not a ticket field; use one of {', '.join(COLUMNS)}"
        )
    return name, column.strip()


def run_import(args: argparse.Namespace) -> int:
    """Import rows; exit 1 when any row was rejected (the others are imported)."""
    mapping = dict(args.map)
    if len(mapping) < len(args.map):
        raise CortexError("a field is given twice with --map; map each field once")
    rows = read_rows(args.file)

    async def load() -> ImportReport:
        async with open_board(args.project) as board:
            return await import_rows(board, rows, by=BY, mapping=mapping)

    report = asyncio.run(load())
    if args.json:
        print(json.dumps(asdict(report)))
    else:
        _print(report)
    return 1 if report.rejected else 0


def _print(report: ImportReport) -> None:
    lines = [
        f"read as {report.read_as}: {report.rows} rows",
        f"{len(report.imported)} imported, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.rejected)} rejected, "
        f"{len(report.skipped)} skipped",
    ]
    if report.statuses:
        read = ", ".join(f"{short(k)} -> {v}" for k, v in report.statuses.items())
        lines.append(f"statuses read: {read}")
    lines += [f"  row {r['row']}: {r['reason']}" for r in report.rejected]
    lines += [f"  row {r['row']} skipped: {r['reason']}" for r in report.skipped]
    for line in lines:  # one line each, however narrow the terminal
        out.print(Text(line), soft_wrap=True)
