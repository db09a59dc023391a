"""``cortex lanes``: every lane with its backend, endpoint, model and fallback chain."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from rich import box
from rich.table import Table

from cli.console import out
from lanes import ConfigSource, Lane, LaneGateway, ResolvedLane, default_gateway
from lanes.redact import redact_url

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
    parser.add_argument(
        "--check",
        action="store_true",
        help="probe every endpoint (GET /v1/models, then /health; in-process: load the model) "
        "and add 'healthy' and 'breaker' to each lane",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the lane table."""
    gateway = default_gateway()
    lanes = list(gateway.table.lanes.values())
    checks = asyncio.run(_check(gateway)) if args.check else {}
    if args.json:
        rows = [lane.to_dict() | checks.get(lane.lane, {}) for lane in lanes]
        print(json.dumps(rows, indent=2))
        return 0
    out.print(render(lanes, checks))
    for source, meaning in _SOURCES.items():
        names = [lane.lane.value for lane in lanes if lane.source is source]
        if names:
            out.print(f"Not configured, so they {meaning}: {', '.join(names)}", soft_wrap=True)
    return 0


async def _check(gateway: LaneGateway) -> dict[Lane, dict[str, Any]]:
    """Probe each distinct endpoint once; report health and breaker state per lane."""
    lanes = list(gateway.table.lanes.values())
    results = await asyncio.gather(*(gateway.health(r) for r in lanes))
    return {
        r.lane: {
            "healthy": h.healthy,
            "health_detail": h.detail,
            "breaker": gateway.endpoint(r).breaker.state.value,
        }
        for r, h in zip(lanes, results, strict=True)
    }


def render(lanes: list[ResolvedLane], checks: dict[Lane, dict[str, Any]] | None = None) -> Table:
    """The lane table as a rich table, with health columns after ``--check``."""
    checks = checks or {}
    table = Table(title="Cortex lanes", box=box.SIMPLE_HEAD, pad_edge=False)
    for column, min_width in _COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=not min_width, min_width=min_width)
    if checks:
        table.add_column("healthy", no_wrap=True)
        table.add_column("breaker", no_wrap=True)
    for lane in lanes:
        extra = []
        if check := checks.get(lane.lane):
            extra = ["yes" if check["healthy"] else "[red]no[/red]", check["breaker"]]
        table.add_row(
            lane.lane.value,
            lane.backend.value,
            # The full model path is in --json; here the model column names it.
            redact_url(lane.base_url) or "in-process",
            lane.model or "-",
            f"{lane.context_window:,}",
            " -> ".join(f.value for f in lane.fallback_chain) or "-",
            *extra,
        )
    return table
