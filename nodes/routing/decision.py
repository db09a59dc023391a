"""Decide which lanes a request needs: the semantic router, then the planner if needed.

Routing never fails a turn: long inputs are routed on a bounded view and sent only to
a lane that can read them, and any planner failure (a lane error, a reply that is not a
valid plan) falls back to the router's own plan, with a trace entry saying why.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from lanes.config.lane_table import LaneTable
from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.context import Deps
from nodes.plumbing.lane_scores import LaneScores
from nodes.pm.intent import checks_ticket, read_intent
from nodes.pm.notes.material import asks_for_compliance, asks_only_about_material
from nodes.routing.clauses import split_tasks
from nodes.routing.knowledge_signal import knowledge_evidence
from nodes.routing.planner import (
    MAX_STEPS,
    Plan,
    PlanStep,
    plan_with_llm,
    signal_plan,
    single_step_plan,
)
from nodes.routing.request_view import (
    bounded_view,
    clean_request,
    estimated_tokens,
    instruction_of,
    task_view,
)

# Tokens a lane's prompt adds around the user's text (system prompt, framing).
PROMPT_OVERHEAD = 512
# A super-reader task longer than this is the material itself, not what to do with it.
LONG_TASK_CHARS = 1500
# Per-clause confidence for a multi-lane plan when the router has no fitted value.
DEFAULT_MULTI_CONFIDENT = 0.5


@dataclass(frozen=True)
class RouteDecision:
    """The plan, how it was decided, and what deciding cost."""

    plan: Plan
    method: Literal["semantic", "llm", "rules", "follow_up"]
    confidence: float
    ms: float
    trace: list[TraceEntry] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The ``cortex route --json`` shape."""
        return {
            "lanes": [lane.value for lane in self.plan.lanes()],
            "method": self.method,
            "confidence": self.confidence,
            "ms": self.ms,
        }


async def decide(
    request: str,
    deps: Deps,
    project: str | None = None,
) -> RouteDecision:
    """Route ``request`` on its signals; the LLM planner only where it helps.

    With ``project``, a question whose best match in that project's knowledge base is
    relevant counts as evidence for fast_rag.
    """
    started = time.perf_counter()
    request = clean_request(request)
    if not request:
        return RouteDecision(Plan(steps=[]), "semantic", 1.0, _ms(started))
    table = deps.table
    if not any(fits(table, lane, request) for lane in Lane if lane is not Lane.SUPER_READER):
        plan = single_step_plan(instruction_of(request), Lane.SUPER_READER)
        return RouteDecision(plan, "semantic", 1.0, _ms(started))
    tasks = split_tasks(request)
    if len(tasks) > MAX_STEPS:  # prose, not a list of tasks
        tasks = [request]
    if len(tasks) == 1 and checks_ticket(request):
        # A stored ticket checked against the code: the coder's gap analysis.
        return RouteDecision(single_step_plan(request, Lane.CODER), "rules", 1.0, _ms(started))
    if asks_for_compliance(request):
        # "Does this comply?" over a pasted document or code: governance judges it, even
        # when the document is a postmortem with action items in it.
        plan = single_step_plan(request, Lane.GOVERNANCE)
        return RouteDecision(plan, "rules", 1.0, _ms(started))
    intent = read_intent(request, date.today())
    if intent is not None and (intent.kind == "notes" or len(tasks) == 1):
        # Ticket operations and meeting notes have fixed shapes: the orchestrator's.
        plan = single_step_plan(request, Lane.ORCHESTRATOR)
        return RouteDecision(plan, "rules", 1.0, _ms(started))
    if asks_only_about_material(request):
        tasks = [request]  # the pasted material is what is asked about, not a list of tasks
    views = [task_view(task) for task in tasks]
    texts = [bounded_view(request), *views] if len(tasks) > 1 else [bounded_view(request)]
    active = await deps.router()
    whole, *parts = await score(active, texts)
    if project is not None:
        whole = await knowledge_evidence(whole, request, project, deps.store)
    per_task = several_lanes(parts, _multi_threshold(active))
    plan = signal_plan(tasks, parts) if per_task else single_step_plan(request, whole.best)
    trace: list[TraceEntry] = []
    method: Literal["semantic", "llm"] = "semantic"
    if _planner_wanted(table, unsure=not whole.confident, several=bool(per_task)):
        if not per_task:
            tasks, views, parts = [request], [task_view(request)], [whole]
        try:
            plan, trace = await plan_with_llm(deps, bounded_view(request), tasks, views, parts)
            method = "llm"
        except CortexError as exc:
            trace = [planner_failed(table, exc)]
    plan = _readable(merge_adjacent(plan), table)
    return RouteDecision(plan, method, whole.confidence, _ms(started), trace)


async def score(router: Any, texts: list[str]) -> list[LaneScores]:
    """The router's scores, off the loop; batched with other turns' when it can."""
    batched = getattr(router, "ascore_many", None)
    if batched is not None:
        return list(await batched(texts))
    return list(await asyncio.to_thread(router.score_many, texts))


def several_lanes(parts: list[LaneScores], threshold: float) -> list[Lane] | None:
    """Each task's lane, when there are several tasks confidently on different lanes.

    A clause the router is unsure of stays with the request as a whole: splitting
    "review this and suggest a structure" into two lanes is worse than one lane.
    """
    if len(parts) < 2 or len({p.best for p in parts}) < 2:
        return None
    if min(p.confidence for p in parts) < threshold:
        return None
    return [p.best for p in parts]


def merge_adjacent(plan: Plan) -> Plan:
    """Consecutive independent steps on one lane become one step."""
    steps: list[PlanStep] = []
    for step in plan.steps:
        last = steps[-1] if steps else None
        if last and last.lane is step.lane and not step.depends_on and not last.depends_on:
            steps[-1] = last.model_copy(update={"task": f"{last.task}; {step.task}"})
        else:
            steps.append(step)
    if len(steps) == len(plan.steps):
        return plan
    return Plan(steps=[s.model_copy(update={"id": f"s{i + 1}"}) for i, s in enumerate(steps)])


def _planner_wanted(table: LaneTable, *, unsure: bool, several: bool) -> bool:
    mode = table.planner
    if mode == "never" or not (unsure or several):
        return False
    return mode == "always" or not table[Lane.ORCHESTRATOR].in_process


def _multi_threshold(router: Any) -> float:
    weights = getattr(router, "weights", None)
    return float(getattr(weights, "multi_confident", DEFAULT_MULTI_CONFIDENT))


def fits(table: LaneTable, lane: Lane, text: str) -> bool:
    """Whether ``lane`` can read ``text`` in one call (a conservative estimate)."""
    resolved = table[lane]
    needed = estimated_tokens(text) + PROMPT_OVERHEAD + resolved.max_tokens
    return needed <= resolved.context_window


def _readable(plan: Plan, table: LaneTable) -> Plan:
    """Move steps too long for their lane to the super-reader, with a short task.

    The super-reader gets the whole input as its material; its task is what the
    input asks for, so each of its map-reduce calls stays small.
    """
    steps = []
    for step in plan.steps:
        short = len(step.task) <= LONG_TASK_CHARS
        if step.lane is Lane.SUPER_READER and short:
            steps.append(step)
            continue
        if step.lane is not Lane.SUPER_READER and fits(table, step.lane, step.task):
            steps.append(step)
            continue
        task = step.task
        if len(task) > LONG_TASK_CHARS:  # the input itself reaches it as its material
            task = instruction_of(task)
        steps.append(PlanStep(**{**step.model_dump(), "lane": Lane.SUPER_READER, "task": task}))
    return Plan(steps=steps)


def planner_failed(table: LaneTable, error: CortexError) -> TraceEntry:
    """The trace entry that says the planner failed and the router's plan stood in."""
    resolved = table[Lane.ORCHESTRATOR]
    return TraceEntry(
        lane=Lane.ORCHESTRATOR.value,
        backend=resolved.backend.value,
        model=resolved.model,
        fallback_from=None,
        attempt=1,
        latency_ms=0.0,
        prompt_tokens=None,
        completion_tokens=None,
        error=f"planner failed, the router's plan was used: {type(error).__name__}: {error}",
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
