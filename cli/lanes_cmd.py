"""``cortex lanes``: every lane with its backend, endpoint, model and fallback chain."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from cli.console import out
from lanes import ResolvedLane, lane_table


def register(commands: Any) -> None:
    """Add the ``lanes`` subcommand."""
    parser = commands.add_parser(
        "lanes",
        help="show how each lane resolves",
        description="Show every lane's backend, endpoint or model file, model, context "
        "window, fallback chain and where its settings came from.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the lane table."""
    lanes = list(lane_table().lanes.values())
    if args.json:
        print(json.dumps([lane.to_dict() for lane in lanes], indent=2))
    else:
        out.print(render(lanes))
    return 0


def render(lanes: list[ResolvedLane]) -> Table:
    """The lane table as a rich table."""
    table = Table(title="Cortex lanes")
    for column in ("lane", "backend", "endpoint", "model", "context", "fallback chain", "from"):
        table.add_column(column, overflow="fold")
    for lane in lanes:
        table.add_row(
            lane.lane.value,
            lane.backend.value,
            lane.base_url or _home(lane.endpoint),
            lane.model or "-",
            f"{lane.context_window:,}",
            " -> ".join(f.value for f in lane.fallback_chain) or "-",
            lane.source.value + (f" ({lane.source_lane.value})" if lane.source_lane else ""),
        )
    return table


def _home(path: str) -> str:
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + "/") else path
