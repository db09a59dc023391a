"""``cortex lanes``: every lane with its backend, endpoint, model and fallback chain."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from rich import box
from rich.table import Table

from cli.commands import help_of
from cli.console import out
from lanes.calls.gateway import LaneGateway
from lanes.config.resolved_lane import ConfigSource, ResolvedLane
from lanes.core.lane import Lane
from lanes.core.redact import redact_url
from nodes.defaults import default_gateway

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
        help=help_of("lanes"),
        description="Show every lane's backend, endpoint or model file, model, context "
        "window, fallback chain, and which lanes inherit their endpoint. Each lane's breaker "
        "is the state recorded for its endpoint, without probing it: with ARGOS_REDIS_URL "
        "set, what every worker sharing that Redis has found.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list instead; each lane has 'breaker' and 'shared' (redis or local)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="probe every endpoint (GET /v1/models, then /health; in-process: load the model) "
        "and add 'healthy' to each lane; a failed probe opens that endpoint's breaker, and "
        "the exit code is 1 when any lane is unhealthy (for scripts and health checks)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the lane table."""
    gateway = default_gateway()
    lanes = list(gateway.table.lanes.values())
    checks = asyncio.run(_observe(gateway, probe=args.check))
    failed = int(any(check.get("healthy") is False for check in checks.values()))
    if args.json:
        rows = [lane.to_dict() | checks.get(lane.lane, {}) for lane in lanes]
        print(json.dumps(rows, indent=2))
        return failed
    out.print(render(lanes, checks if args.check else None))
    for lane, check in checks.items():
        if check.get("healthy") is False:
            out.print(f"{lane.value} is unhealthy: {check['health_detail']}", soft_wrap=True)
    for source, meaning in _SOURCES.items():
        names = [lane.lane.value for lane in lanes if lane.source is source]
        if names:
            out.print(f"Not configured, so they {meaning}: {', '.join(names)}", soft_wrap=True)
    if not args.check:
        tripped = [f"{lane.value} ({c['breaker']})" for lane, c in checks.items() if _tripped(c)]
        if tripped:
            out.print(f"Breakers not closed: {', '.join(tripped)}", soft_wrap=True)
    if line := _shared_line(gateway.shared_status()):
        out.print(line, soft_wrap=True)
    return failed


async def _observe(gateway: LaneGateway, *, probe: bool) -> dict[Lane, dict[str, Any]]:
    """Each lane's recorded breaker; with ``probe``, each endpoint probed once first."""
    lanes = list(gateway.table.lanes.values())
    checks: dict[Lane, dict[str, Any]] = {r.lane: {} for r in lanes}
    if probe:
        results = await asyncio.gather(*(gateway.health(r) for r in lanes))
        for r, h in zip(lanes, results, strict=True):
            checks[r.lane] = {"healthy": h.healthy, "health_detail": h.detail}
    recorded: dict[str, tuple[Any, float | None]] = {}  # one read per endpoint
    for r in lanes:
        endpoint = gateway.endpoint(r)
        if r.endpoint not in recorded:
            recorded[r.endpoint] = await endpoint.breaker_state()
        state, reopens = recorded[r.endpoint]
        # In-process models are never shared; the others are while Redis answers.
        up = endpoint.shared is not None and endpoint.shared.link.up
        shared = "redis" if up else "local"
        checks[r.lane] |= {"breaker": state.value, "reopens_in_s": reopens, "shared": shared}
    return checks


def _tripped(check: dict[str, Any]) -> bool:
    return bool(check.get("breaker", "closed") != "closed")


def _shared_line(status: dict[str, Any]) -> str | None:
    """Where breakers and slots are shared, when ``ARGOS_REDIS_URL`` is set."""
    if status["redis_url"] is None:
        return None
    if status["error"] is None:
        return f"Breakers, slots and bursts are shared through Redis at {status['redis_url']}"
    return (
        f"Redis at {status['redis_url']} is unreachable ({status['error']}): breakers, "
        "slots and bursts are this process's own until it returns"
    )


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
