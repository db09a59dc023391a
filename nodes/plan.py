"""The orchestrator's plan, and how it is made: by the router alone or by the planner LLM."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from lanes.call import call_lane
from lanes.lane import Lane
from lanes.trace import TraceEntry
from nodes.router import LaneScores
from prompts import orchestrator as p

# Lanes the planner may choose from for each task: the router's best few.
CANDIDATES = 3


class PlanStep(BaseModel):
    """One task for one lane; it runs once the steps it depends on are done."""

    id: str
    lane: Lane
    task: str
    depends_on: list[str] = Field(default_factory=list)
    risky: bool = False


class Plan(BaseModel):
    """Ordered steps; independent ones run in parallel."""

    steps: list[PlanStep]

    def lanes(self) -> list[Lane]:
        """The distinct lanes in plan order."""
        return list(dict.fromkeys(step.lane for step in self.steps))


def single_step_plan(request: str, lane: Lane) -> Plan:
    """The plan for a request the router placed on its own."""
    return Plan(steps=[PlanStep(id="s1", lane=lane, task=request)])


def planning_schema(tasks: list[str], scores: list[LaneScores]) -> dict[str, Any]:
    """A JSON schema with exactly one step per task, its lane among the router's best.

    The planner decides lanes, dependencies and risk; the tasks are the request's own
    words. The schema is tight enough that llama.cpp's grammar keeps even the embedded
    model's plans well-formed and on-topic.
    """
    items = []
    for i, (task, score) in enumerate(zip(tasks, scores, strict=True)):
        earlier = [f"s{j + 1}" for j in range(i)]
        depends: dict[str, Any] = (
            {"type": "array", "items": {"enum": earlier}, "uniqueItems": True}
            if earlier
            else {"const": []}
        )
        items.append(
            {
                "type": "object",
                "properties": {
                    "id": {"const": f"s{i + 1}"},
                    "lane": {"enum": [lane.value for lane in score.top(CANDIDATES)]},
                    "task": {"const": task},
                    "depends_on": depends,
                    "risky": {"type": "boolean"},
                },
                "required": ["id", "lane", "task", "depends_on", "risky"],
            }
        )
    n = len(items)
    steps = {"type": "array", "prefixItems": items, "minItems": n, "maxItems": n, "items": False}
    return {"type": "object", "properties": {"steps": steps}, "required": ["steps"]}


async def plan_with_llm(
    request: str, tasks: list[str], scores: list[LaneScores]
) -> tuple[Plan, list[TraceEntry]]:
    """Ask the orchestrator lane for a plan over ``tasks``."""
    lines = [
        p.PLANNER_TASK_LINE.format(
            step_id=f"s{i + 1}", task=task, lanes=", ".join(s.top(CANDIDATES))
        )
        for i, (task, s) in enumerate(zip(tasks, scores, strict=True))
    ]
    messages = [
        SystemMessage(p.PLANNER_SYSTEM),
        HumanMessage(p.PLANNER_REQUEST.format(request=request, tasks="\n".join(lines))),
    ]
    call = await call_lane(Lane.ORCHESTRATOR, messages, schema=planning_schema(tasks, scores))
    plan = Plan.model_validate(call.output)
    # Dependencies can only point backwards (the schema says so); keep the plan honest
    # for planners that ignore schemas.
    seen: set[str] = set()
    for step in plan.steps:
        step.depends_on = [d for d in step.depends_on if d in seen]
        seen.add(step.id)
    return plan, call.trace
