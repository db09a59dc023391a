"""``cortex ping``: one real completion per lane, to prove each lane answers."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from rich.table import Table
from rich.text import Text

from cli.commands import help_of
from cli.console import err, out
from lanes.calls.classify import classify
from lanes.calls.gateway import LaneGateway
from lanes.calls.invoke_model import invoke
from lanes.config.resolved_lane import ResolvedLane
from lanes.core.errors import CortexError
from lanes.core.lane import Lane, parse_lane
from nodes.defaults import default_gateway
from prompts.ping import PING_REQUESTS, PING_SYSTEM


@dataclass
class PingResult:
    """What one lane answered, or why it did not."""

    lane: str
    backend: str
    model: str | None
    ms: float
    reply: str | None
    error: str | None
    prompt_tokens: int | None
    completion_tokens: int | None


def register(commands: Any) -> None:
    """Add the ``ping`` subcommand."""
    parser = commands.add_parser(
        "ping",
        help=help_of("ping"),
        description="Send one short request to each lane (or the ones named) and show "
        "the reply and latency. Exits 1 if any lane fails.",
    )
    parser.add_argument(
        "lanes",
        nargs="*",
        metavar="LANE",
        help=f"lanes to ping (default: all of {', '.join(Lane)})",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ping the lanes and print what each answered."""
    chosen = [parse_lane(name, variable="LANE") for name in args.lanes] or list(Lane)
    gateway = default_gateway()
    results = []
    for lane in chosen:
        with err.status(f"asking {lane.value} ..."):
            results.append(asyncio.run(ping(gateway, gateway.table[lane])))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        out.print(render(results))
    return 1 if any(r.error for r in results) else 0


async def ping(gateway: LaneGateway, resolved: ResolvedLane) -> PingResult:
    """Send the lane its ping request and time the answer.

    Failures are classified as a lane call's are (so a malformed response reads as one),
    and reported, never raised: one dead lane must not hide the others' answers.
    """
    messages = [
        SystemMessage(PING_SYSTEM.format(lane=resolved.lane.value)),
        HumanMessage(PING_REQUESTS[resolved.lane]),
    ]
    where = {"lane": resolved.lane.value, "endpoint": resolved.endpoint, "model": resolved.model}
    started = time.perf_counter()
    reply = error = None
    usage: dict[str, Any] = {}
    try:
        model = await gateway.model(resolved, resolved.lane)
        answer = await invoke(model, messages, None)
        reply = str(answer.output.content)
        usage = answer.usage or {}
        error = f"IncompleteAnswer: {answer.cut}" if answer.cut else None
    except CortexError as exc:
        error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - classified below; a bug is re-raised
        lane_error = classify(exc, **where)
        if lane_error is None:
            raise
        error = f"{type(lane_error).__name__}: {lane_error}"
    return PingResult(
        lane=resolved.lane.value,
        backend=resolved.backend.value,
        model=resolved.model,
        ms=round((time.perf_counter() - started) * 1000, 1),
        reply=reply,
        error=error,
        prompt_tokens=usage.get("input_tokens"),
        completion_tokens=usage.get("output_tokens"),
    )


def render(results: list[PingResult]) -> Table:
    """The ping results as a rich table."""
    table = Table(title="One completion per lane")
    for column in ("lane", "backend"):
        table.add_column(column, no_wrap=True)
    for column in ("model", "ms", "tokens in/out", "reply"):
        table.add_column(column, overflow="fold")
    for r in results:
        table.add_row(
            r.lane,
            r.backend,
            r.model or "-",
            f"{r.ms:,.0f}",
            f"{r.prompt_tokens}/{r.completion_tokens}" if r.prompt_tokens is not None else "-",
            Text(r.reply or "") if r.error is None else Text(r.error, style="red"),
        )
    return table
