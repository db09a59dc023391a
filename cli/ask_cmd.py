"""``cortex ask``: run the supervisor graph on a request, in a thread that can continue."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from typing import Any

import httpx
from langchain_core.messages import HumanMessage
from langgraph.types import Command, Interrupt
from rich.table import Table
from rich.text import Text

from cli.commands import help_of
from cli.console import err, out
from cli.inputs import project_name, request_text
from cli.review_prompt import ReviewPrompt
from graphs.supervisor import builder
from lanes.config.settings import load_settings
from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from nodes.defaults import default_gateway
from nodes.plumbing.context import Context
from stores.checkpoints import team_checkpointer
from stores.records import team_records
from stores.vectors import DEFAULT_PROJECT

LANE_NODES = frozenset(lane.value for lane in Lane)


def _lane_failures() -> tuple[type[BaseException], ...]:
    """What a lane's call can raise past the gateway, as one tuple for ``except``.

    Transport errors, and the OpenAI SDK's when a lane loaded the SDK: if none did, none
    of its errors can occur, and ``cortex`` need not spend half a second importing it.
    """
    sdk = sys.modules.get("openai")
    found: tuple[type[BaseException], ...] = (httpx.HTTPError, OSError, ValueError)
    return (*found, sdk.OpenAIError) if sdk is not None else found


def register(commands: Any) -> None:
    """Add the ``ask`` subcommand."""
    parser = commands.add_parser(
        "ask",
        help=help_of("ask"),
        description="Route TEXT to the lanes it needs, run them, and print the answer and "
        "the trace of every model call. The thread is saved under ARGOS_DATA_DIR: pass "
        "--thread to continue it. A risky governance step pauses for your decision.",
    )
    parser.add_argument(
        "text", metavar="TEXT", nargs="?", help="the request, or - to read it from stdin"
    )
    parser.add_argument(
        "--thread",
        help="continue this thread (default: a new one); a run that was stopped part-way "
        "is finished first",
    )
    parser.add_argument(
        "--project",
        type=project_name,
        default=DEFAULT_PROJECT,
        help="knowledge base to use: lower-case letters, digits, - and _ (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    decide = parser.add_mutually_exclusive_group()
    decide.add_argument("--yes", action="store_true", help="approve risky steps without asking")
    decide.add_argument("--approve", action="store_true", help="approve a paused thread's step")
    decide.add_argument("--reject", action="store_true", help="reject a paused thread's step")
    parser.add_argument("--note", default="", help="a note to go with --approve/--reject")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run one turn (or resume a paused one) and print the result."""
    resuming = args.approve or args.reject
    if resuming and not args.thread:
        raise CortexError("--approve/--reject resume a paused thread: add --thread ID")
    if args.note and not resuming:
        raise CortexError("--note goes with --approve or --reject: add one, or drop --note")
    if args.text is not None:
        args.text = request_text(args.text)
        if not args.text:
            raise CortexError("the request is empty: give the request as TEXT (or - for stdin)")
    if not args.text and not args.thread:
        raise CortexError("give the request as TEXT (or --thread ID to finish a stopped run)")
    default_gateway()  # configuration errors stop us before anything runs
    try:
        return asyncio.run(_ask(args))
    except _lane_failures() as exc:
        raise CortexError(f"a lane failed: {type(exc).__name__}: {exc}") from exc


async def _ask(args: argparse.Namespace) -> int:
    thread_id = args.thread or uuid.uuid4().hex[:12]
    # The run id every log line of this run carries (lanes.telemetry.events.run_ids).
    config: Any = {
        "configurable": {"thread_id": thread_id},
        "metadata": {"run_id": uuid.uuid4().hex},
    }
    new_turn: Any = (
        {"messages": [HumanMessage(args.text)], "project": args.project} if args.text else None
    )
    settings = load_settings().global_
    async with team_checkpointer(settings) as saver, team_records(settings) as records:
        graph = builder.compile(checkpointer=saver, store=records)
        before = await graph.aget_state(config)
        stopped = bool(before.next) and not before.interrupts
        first: Any
        if (args.approve or args.reject) and not before.interrupts:
            raise CortexError(
                f"thread {thread_id} has nothing waiting for approval "
                "(unknown thread, or its run already finished); nothing was changed"
            )
        if args.approve or args.reject:
            first = Command(resume={"approved": bool(args.approve), "note": args.note})
        elif stopped:
            # The last run stopped part-way (killed, crashed): finish it from its last
            # checkpoint first, so nothing already done is lost or done twice.
            first = None
        elif new_turn is None:
            raise CortexError(f"thread {thread_id} has no stopped run to finish; give TEXT")
        else:
            first, new_turn = new_turn, None
        snapshot, pending = await _settle(graph, first, config, args)
        if new_turn is not None and not pending:
            snapshot, pending = await _settle(graph, new_turn, config, args)
    return _report(thread_id, snapshot.values, pending, as_json=args.json)


async def _settle(
    graph: Any, inputs: Any, config: Any, args: argparse.Namespace
) -> tuple[Any, list[Interrupt]]:
    """Run until the graph ends or waits for a decision nobody here can give."""
    while True:
        await _run_showing_lanes(graph, inputs, config, quiet=args.json)
        snapshot = await graph.aget_state(config)
        pending = list(snapshot.interrupts)
        answer = _decide(pending, args) if pending else None
        if answer is None:
            return snapshot, pending
        inputs = Command(resume=answer if len(pending) == 1 else {i.id: answer for i in pending})


async def _run_showing_lanes(graph: Any, inputs: Any, config: Any, *, quiet: bool) -> None:
    working: set[str] = set()
    with err.status("routing ...") as status:
        async for _ns, mode, event in graph.astream(
            inputs,
            config,
            stream_mode=["tasks"],
            subgraphs=True,
            context=Context(gateway=default_gateway()),
        ):
            if mode != "tasks" or event.get("name") not in LANE_NODES:
                continue
            name = event["name"]
            if "result" in event or "error" in event:
                working.discard(name)
            else:
                working.add(name)
            if not quiet:
                status.update(f"working: {', '.join(sorted(working)) or 'writing the answer'} ...")


def _decide(pending: list[Interrupt], args: argparse.Namespace) -> dict[str, Any] | None:
    """Approve with --yes, ask on a terminal, otherwise leave the thread paused."""
    if args.yes:
        return {"approved": True, "note": "approved with --yes"}
    if args.json or not sys.stdin.isatty():
        return None
    question = str((pending[0].value or {}).get("question", "Approve this step?"))
    try:
        approved = ReviewPrompt.ask(question, console=err)
    except EOFError:  # input closed before an answer: decide nothing, stay paused
        return None
    return {"approved": approved, "note": ""}


def _report(
    thread_id: str, values: dict[str, Any], pending: list[Interrupt], *, as_json: bool
) -> int:
    trace = values.get("trace", [])
    if as_json:
        body: dict[str, Any] = {
            "answer": values.get("answer", ""),
            "thread_id": thread_id,
            "lanes": values.get("route", {}).get("lanes", []),
            "trace": trace,
            "citations": values.get("citations", []),
            # What project management did to the board, step by step (ids, ops, fields).
            "changes": [
                change
                for result in values.get("results", {}).values()
                for change in (result.get("data") or {}).get("changes", [])
            ],
        }
        if pending:
            body["interrupt"] = pending[0].value
        print(json.dumps(body))
        return 0
    if pending:
        value = pending[0].value if isinstance(pending[0].value, dict) else {}
        out.print(str(value.get("question", "")), soft_wrap=True, markup=False)
        if value.get("error"):
            out.print(f"Not a decision: {value['error']}", soft_wrap=True, markup=False)
        out.print(f"Paused. Resume with: cortex ask --thread {thread_id} --approve (or --reject)")
        return 0
    out.print(values.get("answer", ""), markup=False, highlight=False)
    out.print(render_trace(trace))
    out.print(f"thread {thread_id}: continue with cortex ask --thread {thread_id} TEXT")
    return 0


def render_trace(trace: list[dict[str, Any]]) -> Table:
    """The model calls of this turn as a table."""
    table = Table(title="Lane trace")
    for column in ("lane", "backend", "model", "from", "try", "ms", "tokens in/out", "error"):
        table.add_column(column, overflow="fold")
    for e in trace:
        table.add_row(
            e["lane"],
            e["backend"],
            e.get("model") or "-",
            e.get("fallback_from") or "-",
            str(e["attempt"]),
            f"{e['latency_ms']:,.0f}",
            f"{e.get('prompt_tokens')}/{e.get('completion_tokens')}",
            Text(e.get("error") or ""),
        )
    return table
