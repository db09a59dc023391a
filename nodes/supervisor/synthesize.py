"""The supervisor's last step: one step's result is the answer; several are combined."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.runtime import Runtime

from lanes.core.lane import Lane
from nodes.defaults import deps
from nodes.plumbing.context import Context
from nodes.plumbing.state import SupervisorState
from nodes.routing.planner import Plan
from nodes.routing.request_view import bounded_view
from prompts import orchestrator as p


async def synthesize(state: SupervisorState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write the final answer: a single step's result as is, several combined by the LLM."""
    plan = Plan.model_validate(state["plan"])
    results = state.get("results", {})
    ordered = [results[step.id] for step in plan.steps if step.id in results]
    update: dict[str, Any] = {}
    streamed: str | None = None
    if not any(isinstance(m, HumanMessage) for m in state.get("messages", [])):
        # A run with no input at all: a resume on a thread where nothing is paused.
        answer = p.NOTHING_WAITING
    elif not ordered:
        answer = p.EMPTY_REQUEST
    elif len(ordered) == 1:
        answer = ordered[0]["output"]
        # The reply a chat client saw streamed is this answer: the same message, not two.
        streamed = ordered[0].get("message_id")
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
    message = (
        AIMessage(answer, name="cortex", id=streamed)
        if streamed
        else AIMessage(answer, name="cortex")
    )
    return {**update, "answer": answer, "messages": [message]}
