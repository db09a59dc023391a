"""Decide which lanes a request needs: the semantic router, then the planner if needed.

Routing never fails a turn: long inputs are routed on a bounded view and sent only to
a lane that can read them, and any planner failure (a lane error, a reply that is not a
valid plan) falls back to the router's own plan, with a trace entry saying why.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from lanes.errors import CortexError
from lanes.lane import Lane
from lanes.resolve import LaneTable, lane_table
from lanes.trace import TraceEntry
from nodes.clauses import split_tasks
from nodes.plan import MAX_STEPS, Plan, PlanStep, plan_with_llm, signal_plan, single_step_plan
from nodes.request_view import (
    bounded_view,
    clean_request,
    estimated_tokens,
    instruction_of,
    task_view,
)
from nodes.router import LaneScores, SemanticRouter, default_router

# Tokens a lane's prompt adds around the user's text (system prompt, framing).
PROMPT_OVERHEAD = 512
# A super-reader task longer than this is the material itself, not what to do with it.
LONG_TASK_CHARS = 1500


@dataclass(frozen=True)
class RouteDecision:
    """The plan, how it was decided, and what deciding cost."""

    plan: Plan
    method: Literal["semantic", "llm"]
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
    request: str, router: SemanticRouter | None = None, table: LaneTable | None = None
) -> RouteDecision:
    """Route ``request``: no LLM call when it is one task the router is sure of."""
    started = time.perf_counter()
    request = clean_request(request)
    if not request:
        return RouteDecision(Plan(steps=[]), "semantic", 1.0, _ms(started))
    if table is None:
        table = await asyncio.to_thread(lane_table)
    if not any(fits(table, lane, request) for lane in Lane if lane is not Lane.SUPER_READER):
        plan = single_step_plan(instruction_of(request), Lane.SUPER_READER)
        return RouteDecision(plan, "semantic", 1.0, _ms(started))
    tasks = split_tasks(request)
    if len(tasks) > MAX_STEPS:  # prose, not a list of tasks
        tasks = [request]
    views = [task_view(task) for task in tasks]
    texts = [bounded_view(request), *views] if len(tasks) > 1 else [bounded_view(request)]
    # Embedding (and, the first time, loading the router) blocks: keep it off the loop.
    whole, *parts = await asyncio.to_thread(_score, router, texts)
    parts = parts or [whole]
    several = len({score.best for score in parts}) > 1
    trace: list[TraceEntry] = []
    method: Literal["semantic", "llm"] = "semantic"
    if not several and whole.confident:
        plan = single_step_plan(request, whole.best)
    else:
        if not several:
            tasks, views, parts = [request], [task_view(request)], [whole]
        try:
            plan, trace = await plan_with_llm(bounded_view(request), tasks, views, parts)
            method = "llm"
        except CortexError as exc:
            plan, trace = signal_plan(tasks, parts), [planner_failed(table, exc)]
    plan = _readable(plan, table)
    return RouteDecision(plan, method, whole.confidence, _ms(started), trace)


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


def _score(router: SemanticRouter | None, texts: list[str]) -> list[LaneScores]:
    return (router or default_router()).score_many(texts)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
