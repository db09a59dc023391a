"""Decide which lanes a request needs: the semantic router, then the planner if needed."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from lanes.trace import TraceEntry
from nodes.clauses import split_tasks
from nodes.plan import Plan, plan_with_llm, single_step_plan
from nodes.router import LaneScores, SemanticRouter, default_router


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


async def decide(request: str, router: SemanticRouter | None = None) -> RouteDecision:
    """Route ``request``: no LLM call when it is one task the router is sure of."""
    started = time.perf_counter()
    tasks = split_tasks(request)
    texts = [request, *tasks] if len(tasks) > 1 else [request]
    # Embedding (and, the first time, loading the router) blocks: keep it off the loop.
    whole, *parts = await asyncio.to_thread(_score, router, texts)
    several = len({score.best for score in parts}) > 1
    trace: list[TraceEntry] = []
    if not several and whole.confident:
        plan, method = single_step_plan(request, whole.best), "semantic"
    elif several:
        plan, trace = await plan_with_llm(request, tasks, parts)
        method = "llm"
    else:
        plan, trace = await plan_with_llm(request, [request], [whole])
        method = "llm"
    ms = round((time.perf_counter() - started) * 1000, 1)
    return RouteDecision(plan, method, whole.confidence, ms, trace)  # type: ignore[arg-type]


def _score(router: SemanticRouter | None, texts: list[str]) -> list[LaneScores]:
    return (router or default_router()).score_many(texts)
