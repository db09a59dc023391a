"""The orchestrator's plan, and how it is made: by the router alone or by the planner LLM.

The planner's schema never carries the user's words: it numbers the tasks, and the
model picks a lane, dependencies and risk per number. User text inside a grammar is
how a double quote once crashed llama.cpp; tasks are attached after the model answers.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from lanes.core.errors import InvalidModelOutput
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.context import Deps
from nodes.plumbing.lane_scores import LaneScores
from prompts import orchestrator as p

# Lanes the planner may choose from for each task: the router's best few.
CANDIDATES = 3
# More tasks than this in one request is prose, not a list of tasks.
MAX_STEPS = 6


class PlanStep(BaseModel):
    """One task for one lane; it runs once the steps it depends on are done."""

    id: str = Field(max_length=8)
    lane: Lane
    task: str
    depends_on: list[str] = Field(default_factory=list, max_length=MAX_STEPS)
    risky: bool = False


class Plan(BaseModel):
    """Ordered steps; independent ones run in parallel."""

    steps: list[PlanStep] = Field(max_length=MAX_STEPS)

    def lanes(self) -> list[Lane]:
        """The distinct lanes in plan order."""
        return list(dict.fromkeys(step.lane for step in self.steps))


class _PlannedStep(BaseModel):
    """What the planner model fills in for one numbered task."""

    id: str = Field(max_length=8)
    lane: Lane
    depends_on: list[str] = Field(default_factory=list, max_length=MAX_STEPS)
    risky: bool = False


class _PlannerReply(BaseModel):
    steps: list[_PlannedStep] = Field(min_length=1, max_length=MAX_STEPS)


def single_step_plan(request: str, lane: Lane) -> Plan:
    """The plan for a request the router placed on its own."""
    return Plan(steps=[PlanStep(id="s1", lane=lane, task=request)])


def signal_plan(tasks: list[str], scores: list[LaneScores]) -> Plan:
    """The router's own plan: each task on its best lane, all independent."""
    return Plan(
        steps=[
            PlanStep(id=f"s{i + 1}", lane=score.best, task=task)
            for i, (task, score) in enumerate(zip(tasks, scores, strict=True))
        ]
    )


def planning_schema(scores: list[LaneScores]) -> dict[str, Any]:
    """A JSON schema with exactly one step per task, its lane among the router's best.

    Bounded everywhere (llama.cpp grammars ignore ``uniqueItems``, so only ``maxItems``
    stops a weak model repeating an item until the reply is cut), and free of user text.
    """
    items = []
    for i, score in enumerate(scores):
        earlier = [f"s{j + 1}" for j in range(i)]
        depends: dict[str, Any] = (
            {"type": "array", "items": {"enum": earlier}, "maxItems": len(earlier)}
            if earlier
            else {"const": []}  # llama.cpp ignores maxItems 0 on an array without items
        )
        items.append(
            {
                "type": "object",
                "properties": {
                    "id": {"const": f"s{i + 1}"},
                    "lane": {"enum": [lane.value for lane in score.top(CANDIDATES)]},
                    "depends_on": depends,
                    "risky": {"type": "boolean"},
                },
                "required": ["id", "lane", "depends_on", "risky"],
                "additionalProperties": False,
            }
        )
    n = len(items)
    steps = {"type": "array", "prefixItems": items, "minItems": n, "maxItems": n, "items": False}
    return {
        "title": "Plan",
        "description": "One step per numbered task: its lane, what it waits for, and risk.",
        "type": "object",
        "properties": {"steps": steps},
        "required": ["steps"],
        "additionalProperties": False,
    }


async def plan_with_llm(
    deps: Deps, request_view: str, tasks: list[str], views: list[str], scores: list[LaneScores]
) -> tuple[Plan, list[TraceEntry]]:
    """Ask the orchestrator lane for a plan over ``tasks`` (shown to it as ``views``).

    Raises:
        CortexError: the lane failed or its reply is not a valid plan; callers fall
            back to :func:`signal_plan`.

    """
    lines = [
        p.PLANNER_TASK_LINE.format(
            step_id=f"s{i + 1}", task=view, lanes=", ".join(s.top(CANDIDATES))
        )
        for i, (view, s) in enumerate(zip(views, scores, strict=True))
    ]
    messages = [
        SystemMessage(p.PLANNER_SYSTEM),
        HumanMessage(p.PLANNER_REQUEST.format(request=request_view, tasks="\n".join(lines))),
    ]
    call = await deps.call(
        Lane.ORCHESTRATOR, messages, schema=planning_schema(scores), fallback=False
    )
    return _checked_plan(call.output, tasks, scores), call.trace


def _checked_plan(output: Any, tasks: list[str], scores: list[LaneScores]) -> Plan:
    """The planner's reply as a plan, or ``InvalidModelOutput`` saying what is wrong."""
    try:
        reply = _PlannerReply.model_validate(output)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "reply"
        raise InvalidModelOutput(f"not a valid plan: {where}: {problem['msg']}") from None
    if len(reply.steps) != len(tasks):
        raise InvalidModelOutput(f"a plan of {len(reply.steps)} steps for {len(tasks)} tasks")
    steps: list[PlanStep] = []
    for i, (planned, score) in enumerate(zip(reply.steps, scores, strict=True)):
        # Trust nothing the schema promised: ids are ours, lanes among the candidates,
        # dependencies only on earlier steps.
        step_id = f"s{i + 1}"
        lane = planned.lane if planned.lane in score.top(CANDIDATES) else score.best
        earlier = {step.id for step in steps}
        depends = list(dict.fromkeys(d for d in planned.depends_on if d in earlier))
        steps.append(
            PlanStep(id=step_id, lane=lane, task=tasks[i], depends_on=depends, risky=planned.risky)
        )
    return Plan(steps=steps)
