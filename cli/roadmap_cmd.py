"""``cortex roadmap`` and ``cortex epics``: a project's epics and its latest roadmap."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import date
from typing import Any

from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from cli.board_access import open_board
from cli.commands import help_of
from cli.console import err, out
from cli.inputs import project_name
from lanes.core.bounded_read import short
from lanes.core.errors import CortexError
from nodes.pm.roadmap import MAX_PERIODS, build_roadmap, horizon_problem, render_markdown
from stores.projects import DEFAULT_PROJECT


def register(commands: Any) -> None:
    """Add the ``roadmap`` and ``epics`` commands."""
    roadmap = commands.add_parser(
        "roadmap",
        help=help_of("roadmap"),
        description="Print the latest roadmap stored for the project: milestones built "
        "from its open epics and their tickets (chat: 'draft a roadmap for the next two "
        "quarters from our open epics', or --build here).",
    )
    roadmap.add_argument("--project", type=project_name, default=DEFAULT_PROJECT)
    shape = roadmap.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print the roadmap as JSON")
    shape.add_argument("--markdown", action="store_true", help="print plain Markdown")
    roadmap.add_argument(
        "--build",
        nargs="?",
        const="next two quarters",
        metavar="HORIZON",
        help="build and store a new roadmap first (default horizon: 'next two quarters')",
    )
    roadmap.set_defaults(run=run_roadmap)

    epics = commands.add_parser("epics", help=help_of("epics"))
    epics.add_argument("--project", type=project_name, default=DEFAULT_PROJECT)
    epics.add_argument("--json", action="store_true", help="print a JSON list")
    epics.add_argument("--add", metavar="TITLE", help="add an epic with this title")
    epics.add_argument("--goal", default="", help="with --add: what the epic achieves")
    epics.set_defaults(run=run_epics)


def run_roadmap(args: argparse.Namespace) -> int:
    """Print (after --build, build first) the project's roadmap."""
    if args.build is not None and not args.build.strip():
        raise CortexError(
            "the roadmap's horizon is empty: give one (--build 'next quarter'),"
            " or --build alone for the next two quarters"
        )
    if args.build is not None and (problem := horizon_problem(args.build)):
        raise CortexError(
            f"the roadmap's horizon {short(args.build, 60)} {problem}: give one like "
            f"'next 3 sprints' or 'next two quarters' (at most {MAX_PERIODS} periods)"
        )

    async def load() -> tuple[Any, Any, Any]:
        async with open_board(args.project) as board:
            epics, tickets = await board.epics(), await board.tickets()
            if args.build is not None and any(e.status == "open" for e in epics):
                await board.save_roadmap(build_roadmap(epics, tickets, args.build, date.today()))
            return await board.roadmap(), epics, tickets

    roadmap, epics, tickets = asyncio.run(load())
    if roadmap is None:
        hint = (
            "it has no open epics: add them with cortex epics --add TITLE"
            if not any(e.status == "open" for e in epics)
            else "build one with cortex roadmap --build"
        )
        err.print(f"Project '{args.project}' has no roadmap yet; {hint}.")  # not --json's stdout
        return 1
    if args.json:
        print(json.dumps(roadmap.model_dump(mode="json"), indent=2))
        return 0
    text = render_markdown(roadmap, epics, tickets)
    if args.markdown:
        print(text)
    else:
        out.print(Markdown(text))
    return 0


def run_epics(args: argparse.Namespace) -> int:
    """List the epics, after adding one with --add."""
    if args.add is not None and not args.add.strip():
        raise CortexError("the epic's title is empty: give --add a title")
    if args.goal and args.add is None:
        raise CortexError("--goal goes with --add TITLE: add it, or drop --goal")

    async def load() -> list[Any]:
        async with open_board(args.project) as board:
            if args.add:
                await board.add_epic(args.add, args.goal)
            return await board.epics()

    epics = asyncio.run(load())
    if args.json:
        print(json.dumps([e.model_dump(mode="json") for e in epics], indent=2))
        return 0
    table = Table(title=f"Epics of project '{args.project}'")
    for column in ("id", "status", "owner", "title", "goal"):
        table.add_column(column, overflow="fold")
    for e in epics:
        table.add_row(e.id, e.status, e.owner or "-", Text(e.title), Text(e.goal))
    out.print(table)
    return 0
