"""``cortex records``: a project's stored analyses, gap notes, verdicts and plans."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from rich.table import Table
from rich.text import Text

from cli.commands import help_of
from cli.console import out
from cli.inputs import project_name
from lanes.config.settings import load_settings
from stores.records import KINDS, list_records, team_records
from stores.vectors import DEFAULT_PROJECT


def register(commands: Any) -> None:
    """Add the ``records`` subcommand."""
    parser = commands.add_parser(
        "records",
        help=help_of("records"),
        description="List the records `cortex ask` stored for a project (newest first).",
    )
    parser.add_argument(
        "--project", type=project_name, default=DEFAULT_PROJECT, help="project name"
    )
    parser.add_argument("--kind", choices=KINDS, action="append", help="only these kinds")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the records."""
    kinds = tuple(args.kind or KINDS)
    records = asyncio.run(_load(args.project, kinds))
    if args.json:
        print(json.dumps(records, indent=2))
        return 0
    table = Table(title=f"Records of project '{args.project}'")
    for column in ("kind", "key", "task"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            record["kind"], record["key"], Text(str(record.get("task", record.get("ticket", ""))))
        )
    out.print(table)
    return 0


async def _load(project: str, kinds: tuple[Any, ...]) -> list[dict[str, Any]]:
    async with team_records(load_settings().global_) as store:
        return await list_records(store, project, kinds)
