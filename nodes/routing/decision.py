"""Decide which lanes a request needs: the semantic router, then the planner if needed.

Routing never fails a turn: long inputs are routed on a bounded view and sent only to
a lane that can read them, and any planner failure (a lane error, a reply that is not a
valid plan) falls back to the router's own plan, with a trace entry saying why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from lanes.config.lane_table import LaneTable
from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.context import Deps
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.evidence import gather, read_rules
from nodes.routing.knowledge_signal import knowledge_evidence
from nodes.routing.needs import Needs, NeedWeights, choose, load_need_weights, ruled_lane
from nodes.routing.order import ordered_plan
from nodes.routing.planner import (
    Plan,
    PlanStep,
    plan_with_llm,
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

    Each lane's need is scored on its own (:mod:`nodes.routing.needs`), so a request
    can need several lanes with no sequencing word; the plan orders them by what each
    does with the others' work (:mod:`nodes.routing.order`). With ``project``, a
    question whose best match in that project's knowledge base is relevant counts as
    evidence for fast_rag.
    """
    started = time.perf_counter()
    request = clean_request(request)
    if not request:
        return RouteDecision(Plan(steps=[]), "semantic", 1.0, _ms(started))
    table = deps.table
    active = await deps.router()
    if not any(fits(table, lane, request) for lane in Lane if lane is not Lane.SUPER_READER):
        return await _too_long(request, active, started)
    rules = read_rules(request)
    ruled = ruled_lane(rules)
    if ruled is not None:
        return RouteDecision(single_step_plan(request, ruled), "rules", 1.0, _ms(started))
    evidence = await gather(request, active)
    if project is not None:
        whole = await knowledge_evidence(evidence.whole, request, project, deps.store)
        evidence = evidence.with_whole(whole)
    needs = choose(need_weights(active), evidence.row, evidence.whole.best)
    lanes = needs.lanes
    plan = ordered_plan(request, lanes, evidence.pieces, evidence.parts)
    several = len(lanes) > 1
    method: Literal["semantic", "llm"] = "semantic"
    trace: list[TraceEntry] = []
    if _planner_wanted(table, unsure=not evidence.whole.confident, several=several):
        # The planner sees one task per lane chosen, or the request with the router's
        # best lanes for it when there is one.
        tasks = [step.task for step in plan.steps]
        parts = [_candidates(needs, step.lane) for step in plan.steps]
        if not several:
            parts = [evidence.whole]
        try:
            views = [task_view(task) for task in tasks]
            plan, trace = await plan_with_llm(deps, bounded_view(request), tasks, views, parts)
            method = "llm"
        except CortexError as exc:
            trace = [planner_failed(table, exc)]
    plan = _readable(merge_adjacent(plan), table)
    return RouteDecision(plan, method, needs.confidence, _ms(started), trace)


async def _too_long(request: str, router: Any, started: float) -> RouteDecision:
    """A request only the super-reader can read: it reads, and a judge or the board may follow.

    What the request asks is read from its first paragraph; governance or the board join
    when that asks for a verdict or for tickets, and work on what the super-reader found.
    """
    instruction = instruction_of(request)
    rules = read_rules(instruction)
    evidence = await gather(instruction, router)
    needs = choose(need_weights(router), evidence.row, ruled_lane(rules) or evidence.whole.best)
    after = [lane for lane in needs.lanes if lane in (Lane.GOVERNANCE, Lane.ORCHESTRATOR)]
    lanes = [Lane.SUPER_READER, *after]
    plan = ordered_plan(instruction, lanes, [instruction], [])
    return RouteDecision(plan, "semantic", 1.0, _ms(started))


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


def _candidates(needs: Needs, lane: Lane) -> LaneScores:
    """A step's lanes for the planner to choose from: its own first, then the likeliest."""
    scores = dict(needs.probabilities)
    scores[lane] = 1.0 + max(scores.values())
    return LaneScores(scores, lane, needs.probabilities[lane])


def need_weights(router: Any) -> NeedWeights:
    """The router's own need model if it has one (a test's scripted router), else ours."""
    own = getattr(router, "needs", None)
    return own if isinstance(own, NeedWeights) else load_need_weights()


def _planner_wanted(table: LaneTable, *, unsure: bool, several: bool) -> bool:
    mode = table.planner
    if mode == "never" or not (unsure or several):
        return False
    return mode == "always" or not table[Lane.ORCHESTRATOR].in_process


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
    return _one_reader(Plan(steps=steps))


def _one_reader(plan: Plan) -> Plan:
    """One super-reader step reads the input once: later ones fold into the first."""
    readers = [step.id for step in plan.steps if step.lane is Lane.SUPER_READER]
    if len(readers) < 2:
        return plan
    first, folded = readers[0], set(readers[1:])
    steps = []
    for step in plan.steps:
        if step.id in folded:
            continue
        depends = [first if d in folded else d for d in step.depends_on]
        depends = [d for d in dict.fromkeys(depends) if d != step.id]
        steps.append(step.model_copy(update={"depends_on": depends}))
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
