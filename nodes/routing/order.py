"""The order of a plan's steps, from what each lane does with the others' work.

Lanes that gather (fast_rag's look-up, the super-reader's reading) go first; the coder
works on what they found; governance judges what came before it (the code just
written or reviewed, the document just read); board actions (the orchestrator) come
last, on everything. A step waits only for the stage before its own, so independent
steps (a look-up and a long read) still run in parallel.
"""

from __future__ import annotations

from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.planner import Plan, PlanStep, single_step_plan

# Words a cut may drop between two pieces ("and then", "after that,").
COVER_SLACK = 3

STAGE = {
    Lane.FAST_RAG: 0,
    Lane.SUPER_READER: 0,
    Lane.CODER: 1,
    Lane.GOVERNANCE: 2,
    Lane.ORCHESTRATOR: 3,
}


def ordered_plan(
    request: str, lanes: list[Lane], pieces: list[str], parts: list[LaneScores]
) -> Plan:
    """One step per lane, in stage order, each waiting for the stage before it."""
    if len(lanes) == 1:
        return single_step_plan(request, lanes[0])
    tasks = lane_tasks(request, lanes, pieces, parts)
    ordered = sorted(lanes, key=STAGE.__getitem__)
    steps: list[PlanStep] = []
    for lane in ordered:
        earlier = [s for s in steps if STAGE[s.lane] < STAGE[lane]]
        last_stage = max((STAGE[s.lane] for s in earlier), default=None)
        depends = [s.id for s in earlier if STAGE[s.lane] == last_stage]
        steps.append(
            PlanStep(id=f"s{len(steps) + 1}", lane=lane, task=tasks[lane], depends_on=depends)
        )
    return Plan(steps=steps)


def lane_tasks(
    request: str, lanes: list[Lane], pieces: list[str], parts: list[LaneScores]
) -> dict[Lane, str]:
    """Each lane's task: the pieces of the request it scores best on, or the request.

    When the pieces leave something out (a fenced block, a pasted log) the request goes
    whole to every lane: "review this" means nothing without what was pasted. Inline
    code stays in its piece ("then review this code: def add(...)").
    """
    whole = dict.fromkeys(lanes, request)
    if len(pieces) < 2 or not _covers(pieces, request):
        return whole
    mine: dict[Lane, list[str]] = {lane: [] for lane in lanes}
    for piece, score in zip(pieces, parts, strict=True):
        mine[max(lanes, key=score.scores.__getitem__)].append(piece)
    return {lane: "; ".join(mine[lane]) if mine[lane] else request for lane in lanes}


def _covers(pieces: list[str], request: str) -> bool:
    """Whether the pieces hold all of the request but its joining words and spaces."""
    kept = sum(len(piece.split()) for piece in pieces)
    return kept >= len(request.split()) - COVER_SLACK * (len(pieces) - 1)
