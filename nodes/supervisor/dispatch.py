"""The supervisor's dispatch: send every step whose inputs are ready to its lane, in parallel."""

from __future__ import annotations

from typing import Literal

from langgraph.types import Command, Send

from lanes.core.lane import Lane
from nodes.plumbing.state import LaneTask, SupervisorState
from nodes.routing.planner import Plan
from prompts import orchestrator as p
from stores.projects import DEFAULT_PROJECT


def dispatch(state: SupervisorState) -> Command[Lane | Literal["synthesize"]]:
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
        if state.get("history"):
            task["history"] = state["history"]
        sends.append(Send(step.lane.value, task))
    return Command(goto=sends)
