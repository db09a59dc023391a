"""Orchestrator nodes: route the request, dispatch ready steps, do its own work, answer."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from lanes.lane import Lane
from lanes.transcript import message_text
from nodes.context import Context, deps
from nodes.lane_result import lane_output, with_context
from nodes.plan import Plan
from nodes.reducers import RESET
from nodes.request_view import bounded_view, clean_request
from nodes.route import decide
from nodes.state import LaneOutput, LaneTask, SupervisorState
from prompts import orchestrator as p
from stores.projects import DEFAULT_PROJECT, check_project
from stores.records import save_record

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
    """Planning, roadmaps and project chat: the orchestrator answers these itself."""
    request = p.OWN_WORK_REQUEST.format(
        task=task["task"], context=with_context(task, p.DEPENDENCY_CONTEXT)
    )
    parts = await deps(runtime)
    call = await parts.call(
        Lane.ORCHESTRATOR, [SystemMessage(p.OWN_WORK_SYSTEM), HumanMessage(request)]
    )
    text = str(call.output.content)
    await save_record(
        task.get("project", DEFAULT_PROJECT), "plans", {"task": task["task"], "plan": text}
    )
    return lane_output(task, Lane.ORCHESTRATOR, text, trace=call.trace)


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
