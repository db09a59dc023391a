"""``cortex route``: decide the lanes for a request without running them."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any, BinaryIO

from rich.table import Table
from rich.text import Text

from cli.commands import help_of
from cli.console import out
from cli.inputs import MAX_LINE_BYTES, project_name, request_lines, request_text
from cli.route_eval_cmd import run_eval
from lanes.core.bounded_read import MB
from lanes.core.errors import CortexError
from nodes.defaults import default_gateway, outside_graph
from nodes.plumbing.context import Deps
from nodes.routing.decision import RouteDecision, decide


def register(commands: Any) -> None:
    """Add the ``route`` subcommand."""
    parser = commands.add_parser(
        "route",
        help=help_of("route"),
        description="Decide the lanes for TEXT. With TEXT '-', read one request per line "
        "from stdin and print one JSON object per line, in order, each with its input "
        '"line" number (the router loads once); a blank line, a line over '
        f"{MAX_LINE_BYTES // MB} MB, or one that cannot be routed prints "
        '{"line": N, "error": ...} and the rest go on (the exit code is then 1).',
    )
    parser.add_argument(
        "text", metavar="TEXT", nargs="?", help="the request, or - to read lines from stdin"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--project",
        type=project_name,
        help="consult this project's knowledge base (a relevant match is evidence for fast_rag)",
    )
    parser.add_argument(
        "--eval",
        metavar="FILE.jsonl",
        help='evaluate on labelled lines {"text": ..., "lanes": [...]}: accuracy, per-lane '
        "precision and recall, confusion, confidence buckets, routing ms",
    )
    parser.add_argument(
        "--split", help='with --eval, only rows whose "split" is this (e.g. report)'
    )
    parser.add_argument(
        "--min-accuracy",
        type=float,
        metavar="X",
        help="with --eval, exit 1 when exact-match accuracy is below X (a CI gate)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Route one request, or every line of stdin, or evaluate on a labelled file."""
    for flag, given in (("--split", args.split), ("--min-accuracy", args.min_accuracy)):
        if given is not None and not args.eval:
            raise CortexError(f"{flag} works only with --eval FILE.jsonl: add it, or drop {flag}")
    if args.eval:
        default_gateway()
        return run_eval(args)
    if args.text is None:
        raise CortexError("give the request as TEXT (or - for stdin, or --eval FILE.jsonl)")
    if args.text == "-":
        return asyncio.run(route_lines(sys.stdin.buffer, args.project))
    text = request_text(args.text)
    if not text:
        raise CortexError("the request is empty: give the request as TEXT (or - for stdin)")
    default_gateway()  # configuration errors stop us before anything runs
    decision = asyncio.run(decide(text, outside_graph(), project=args.project))
    if args.json:
        print(json.dumps(decision.summary()))
    else:
        out.print(render(decision))
    return 0


async def route_lines(stream: BinaryIO, project: str | None, parts: Deps | None = None) -> int:
    """One JSON object per input line, numbered; a line that fails says why, the rest go on."""
    deps = parts if parts is not None else await asyncio.to_thread(outside_graph)
    failed = 0
    for line in request_lines(stream):
        body: dict[str, Any] = {"line": line.number}
        try:
            if line.error is not None:
                body["error"] = line.error
            else:
                body.update((await decide(line.text, deps, project=project)).summary())
        except CortexError as exc:
            body["error"] = f"{type(exc).__name__}: {exc}"
        failed += "error" in body
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
