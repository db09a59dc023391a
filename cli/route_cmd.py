"""``cortex route``: decide the lanes for a request without running them."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from rich.table import Table

from cli.console import out
from nodes.route import RouteDecision, decide


def register(commands: Any) -> None:
    """Add the ``route`` subcommand."""
    parser = commands.add_parser(
        "route",
        help="decide which lanes a request needs, without running them",
        description="Decide the lanes for TEXT. With TEXT '-', read one request per line "
        "from stdin and print one JSON object per line (the router loads once).",
    )
    parser.add_argument("text", metavar="TEXT", help="the request, or - to read lines from stdin")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Route one request, or every line of stdin."""
    if args.text == "-":
        return asyncio.run(_route_lines())
    decision = asyncio.run(decide(args.text))
    if args.json:
        print(json.dumps(decision.summary()))
    else:
        out.print(render(decision))
    return 0


async def _route_lines() -> int:
    for line in sys.stdin:
        if line.strip():
            decision = await decide(line.strip())
            print(json.dumps(decision.summary()), flush=True)
    return 0


def render(decision: RouteDecision) -> Table:
    """The plan as a table, titled with how it was decided."""
    table = Table(
        title=f"{decision.method} routing, confidence {decision.confidence:.2f}, "
        f"{decision.ms:.0f} ms"
    )
    for column in ("step", "lane", "task", "depends on"):
        table.add_column(column, overflow="fold")
    for step in decision.plan.steps:
        table.add_row(step.id, step.lane.value, step.task, ", ".join(step.depends_on) or "-")
    return table
