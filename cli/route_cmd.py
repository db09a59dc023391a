"""``cortex route``: decide the lanes for a request without running them."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from rich.table import Table
from rich.text import Text

from cli.console import out
from cli.inputs import request_text, stdin_lines
from lanes import CortexError, lane_table
from nodes.route import RouteDecision, decide


def register(commands: Any) -> None:
    """Add the ``route`` subcommand."""
    parser = commands.add_parser(
        "route",
        help="decide which lanes a request needs, without running them",
        description="Decide the lanes for TEXT. With TEXT '-', read one request per line "
        "from stdin and print one JSON object per line (the router loads once); a line "
        'that cannot be routed prints {"line": N, "error": ...} and the rest go on '
        "(the exit code is then 1).",
    )
    parser.add_argument("text", metavar="TEXT", help="the request, or - to read lines from stdin")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Route one request, or every line of stdin."""
    if args.text == "-":
        return asyncio.run(_route_lines())
    text = request_text(args.text)
    if not text:
        raise CortexError("the request is empty: give the request as TEXT (or - for stdin)")
    lane_table()  # configuration errors stop us before anything runs
    decision = asyncio.run(decide(text))
    if args.json:
        print(json.dumps(decision.summary()))
    else:
        out.print(render(decision))
    return 0


async def _route_lines() -> int:
    """One JSON object per line; a line that fails says why and the batch goes on."""
    await asyncio.to_thread(lane_table)
    failed = 0
    for number, line in enumerate(stdin_lines(), start=1):
        try:
            body = (await decide(line)).summary()
        except CortexError as exc:
            failed += 1
            body = {"line": number, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(body), flush=True)
    return 1 if failed else 0


def render(decision: RouteDecision) -> Table:
    """The plan as a table, titled with how it was decided."""
    table = Table(
        title=f"{decision.method} routing, confidence {decision.confidence:.2f}, "
        f"{decision.ms:.0f} ms"
    )
    for column in ("step", "lane", "task", "depends on"):
        table.add_column(column, overflow="fold")
    for step in decision.plan.steps:
        table.add_row(step.id, step.lane.value, Text(step.task), ", ".join(step.depends_on) or "-")
    return table
