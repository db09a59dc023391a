"""The orchestrator lane's own work: plans, and project management on the board."""

from __future__ import annotations

from datetime import date

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime

from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry, check_entry
from nodes.defaults import deps
from nodes.plumbing.context import Context, Deps
from nodes.plumbing.lane_result import lane_output, with_context
from nodes.plumbing.state import LaneOutput, LaneTask
from nodes.pm.actions import run_intent
from nodes.pm.intent import Intent, read_intent
from nodes.pm.unread_change import unread_board_change
from prompts import orchestrator as p
from prompts import pm
from stores.board import Board, BoardError
from stores.projects import DEFAULT_PROJECT
from stores.records import save_record
from stores.write_lock import StoreBusy

# Intents that, in a step fed by other steps' results, mean writing rather than the board.
WRITING = {"roadmap", "status", "list", "notes"}


async def orchestrator_work(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Planning, roadmaps and project chat: the orchestrator answers these itself.

    Ticket operations, meeting notes, roadmaps and status questions act on the
    project's board in the run's store (:mod:`nodes.pm.actions`); anything else is answered.
    """
    parts = await deps(runtime)
    today = date.today()
    intent = read_intent(task["task"], today)
    # A step that works from other steps' results writes from them; a board operation
    # names its tickets itself.
    from_results = bool(task.get("context")) and intent is not None and intent.kind in WRITING
    if intent is not None and not from_results:
        return await _project_management(task, intent, parts, runtime, today)
    if intent is None and unread_board_change(task["task"]):  # not the model's made-up steps
        return lane_output(task, Lane.ORCHESTRATOR, pm.UNREAD_CHANGE, trace=[],
                           data={"intent": "unread", "changes": []})  # fmt: skip
    request = p.OWN_WORK_REQUEST.format(
        task=task["task"], context=with_context(task, p.DEPENDENCY_CONTEXT)
    )
    call = await parts.call(
        Lane.ORCHESTRATOR, [SystemMessage(p.OWN_WORK_SYSTEM), HumanMessage(request)]
    )
    text = str(call.output.content)
    await save_record(
        task.get("project", DEFAULT_PROJECT),
        "plans",
        {"task": task["task"], "plan": text},
        key=parts.task_id,
    )
    return lane_output(task, Lane.ORCHESTRATOR, text, trace=call.trace, reply=call.output)


async def _project_management(
    task: LaneTask, intent: Intent, parts: Deps, runtime: Runtime[Context], today: date
) -> LaneOutput:
    if runtime.store is None:
        return lane_output(task, Lane.ORCHESTRATOR, pm.NO_STORE, trace=[])
    board = Board(runtime.store, task.get("project", DEFAULT_PROJECT))
    thread = (get_config().get("configurable") or {}).get("thread_id")
    try:
        result = await run_intent(intent, task["task"], board, parts, thread=thread, today=today)
    except (BoardError, StoreBusy) as exc:
        return lane_output(
            task, Lane.ORCHESTRATOR, f"Not done: {exc}", trace=_skipped(board),
            data={"changes": []},
        )  # fmt: skip
    data = {"intent": intent.kind, "changes": result.changes, **result.data}
    trace = [*result.trace, *_skipped(board)]
    return lane_output(task, Lane.ORCHESTRATOR, result.text, trace=trace, data=data)


def _skipped(board: Board) -> list[TraceEntry]:
    """One trace entry per stored record the board skipped as not valid."""
    return [check_entry(Lane.ORCHESTRATOR.value, "board", str(bad)) for bad in board.bad.values()]
