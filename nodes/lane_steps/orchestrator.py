"""Orchestrator nodes: route the request, dispatch ready steps, do its own work, answer."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from lanes.lane import Lane
from lanes.transcript import message_text
from nodes.context import Context, Deps, deps
from nodes.lane_result import lane_output, with_context
from nodes.plan import Plan
from nodes.pm import run_intent
from nodes.pm_intent import Intent, read_intent
from nodes.reducers import RESET
from nodes.request_view import bounded_view, clean_request
from nodes.route import decide
from nodes.state import LaneOutput, LaneTask, SupervisorState
from prompts import orchestrator as p
from prompts import pm
from stores.board import Board, BoardError
from stores.projects import DEFAULT_PROJECT, check_project
from stores.records import save_record

# Intents that, in a step fed by other steps' results, mean writing rather than the board.
WRITING = {"roadmap", "status", "list", "notes"}

LaneNode = Literal["orchestrator", "coder", "super_reader", "fast_rag", "governance"]


async def route_request(state: SupervisorState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Decide the plan for the latest user message; start the turn's results afresh."""
    check_project(state.get("project", DEFAULT_PROJECT))  # before any lane runs
    request = clean_request(
        next(
            (message_text(m) for m in reversed(state["messages"]) if isinstance(m, HumanMessage)),
            "",
        )
    )
    decision = await decide(request, await deps(runtime), project=state.get("project"))
    return {
        "request": request,
        "plan": decision.plan.model_dump(mode="json"),
        "route": decision.summary(),
        "results": RESET,
        "trace": [RESET, *decision.trace],
        "citations": RESET,
        "answer": "",
    }


def dispatch(state: SupervisorState) -> Command[LaneNode | Literal["synthesize"]]:
    """Send every step whose inputs are ready; all in parallel. Answer when none are left."""
    plan = Plan.model_validate(state["plan"])
    results = state.get("results", {})
    ready = [
        step
        for step in plan.steps
        if step.id not in results and all(d in results for d in step.depends_on)
    ]
    if not ready:
        return Command(goto="synthesize")
    sends = []
    for step in ready:
        context = "\n\n".join(
            p.STEP_RESULT.format(
                step_id=d,
                lane=results[d]["lane"],
                task=results[d]["task"],
                output=results[d]["output"],
            )
            for d in step.depends_on
        )
        task = LaneTask(
            task=step.task,
            step_id=step.id,
            content=state.get("request", step.task),
            project=state.get("project", DEFAULT_PROJECT),
            risky=step.risky,
        )
        if context:
            task["context"] = context
        sends.append(Send(step.lane.value, task))
    return Command(goto=sends)


async def orchestrator_work(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Planning, roadmaps and project chat: the orchestrator answers these itself.

    Ticket operations, meeting notes, roadmaps and status questions act on the
    project's board in the run's store (:mod:`nodes.pm`); anything else is answered.
    """
    parts = await deps(runtime)
    today = date.today()
    intent = read_intent(task["task"], today)
    # A step that works from other steps' results writes from them; a board operation
    # names its tickets itself.
    from_results = bool(task.get("context")) and intent is not None and intent.kind in WRITING
    if intent is not None and not from_results:
        return await _project_management(task, intent, parts, runtime, today)
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
    return lane_output(task, Lane.ORCHESTRATOR, text, trace=call.trace)


async def _project_management(
    task: LaneTask, intent: Intent, parts: Deps, runtime: Runtime[Context], today: date
) -> LaneOutput:
    if runtime.store is None:
        return lane_output(task, Lane.ORCHESTRATOR, pm.NO_STORE, trace=[])
    board = Board(runtime.store, task.get("project", DEFAULT_PROJECT))
    thread = (get_config().get("configurable") or {}).get("thread_id")
    try:
        result = await run_intent(intent, task["task"], board, parts, thread=thread, today=today)
    except BoardError as exc:
        return lane_output(
            task, Lane.ORCHESTRATOR, f"Not done: {exc}", trace=[], data={"changes": []}
        )
    data = {"intent": intent.kind, "changes": result.changes, **result.data}
    return lane_output(task, Lane.ORCHESTRATOR, result.text, trace=result.trace, data=data)


async def synthesize(state: SupervisorState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write the final answer: a single step's result as is, several combined by the LLM."""
    plan = Plan.model_validate(state["plan"])
    results = state.get("results", {})
    ordered = [results[step.id] for step in plan.steps if step.id in results]
    update: dict[str, Any] = {}
    if not ordered:
        answer = p.EMPTY_REQUEST
    elif len(ordered) == 1:
        answer = ordered[0]["output"]
    else:
        body = "\n\n".join(
            p.STEP_RESULT.format(
                step_id=r["step_id"], lane=r["lane"], task=r["task"], output=r["output"]
            )
            for r in ordered
        )
        # The model sees no step ids, so it cannot invent one; the ids are ours, below.
        shown = "\n\n".join(
            p.SYNTHESIS_RESULT.format(lane=r["lane"], task=r["task"], output=r["output"])
            for r in ordered
        )
        request = p.SYNTHESIS_REQUEST.format(
            request=bounded_view(state.get("request", "")), results=shown
        )
        parts = await deps(runtime)
        call = await parts.call(
            Lane.ORCHESTRATOR, [SystemMessage(p.SYNTHESIS_SYSTEM), HumanMessage(request)]
        )
        answer = f"{str(call.output.content).strip()}\n\n---\n{body}"
        update["trace"] = call.trace
    return {**update, "answer": answer, "messages": [AIMessage(answer, name="cortex")]}
