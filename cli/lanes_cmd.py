"""``cortex lanes``: every lane with its backend, endpoint, model and fallback chain."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich import box
from rich.table import Table

from cli.console import out
from lanes import ConfigSource, ResolvedLane, lane_table

# (header, minimum width); a minimum of 0 means the column never wraps.
_COLUMNS = (
    ("lane", 0),
    ("backend", 0),
    ("endpoint", 10),
    ("model", 14),
    ("context", 0),
    ("fallback chain", 12),
)
_SOURCES = {
    ConfigSource.DEFAULT_LANE: "use the default lane's endpoint",
    ConfigSource.GLOBAL: "use the ARGOS_LLM_* endpoint",
    ConfigSource.EMBEDDED: "use the embedded model",
}


def register(commands: Any) -> None:
    """Add the ``lanes`` subcommand."""
    parser = commands.add_parser(
        "lanes",
        help="show how each lane resolves",
        description="Show every lane's backend, endpoint or model file, model, context "
        "window, fallback chain, and which lanes inherit their endpoint.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the lane table."""
    lanes = list(lane_table().lanes.values())
    if args.json:
        print(json.dumps([lane.to_dict() for lane in lanes], indent=2))
        return 0
    out.print(render(lanes))
    for source, meaning in _SOURCES.items():
        names = [lane.lane.value for lane in lanes if lane.source is source]
        if names:
            out.print(f"Not configured, so they {meaning}: {', '.join(names)}", soft_wrap=True)
    return 0


def render(lanes: list[ResolvedLane]) -> Table:
    """The lane table as a rich table."""
    table = Table(title="Cortex lanes", box=box.SIMPLE_HEAD, pad_edge=False)
    for column, min_width in _COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=not min_width, min_width=min_width)
    for lane in lanes:
        table.add_row(
            lane.lane.value,
            lane.backend.value,
            # The full model path is in --json; here the model column names it.
            lane.base_url or "in-process",
            lane.model or "-",
            f"{lane.context_window:,}",
            " -> ".join(f.value for f in lane.fallback_chain) or "-",
        )
    return table
