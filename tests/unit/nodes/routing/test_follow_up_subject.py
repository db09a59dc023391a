"""A follow-up with no subject of its own stays with its turn, however sure the router is."""

from __future__ import annotations

import pytest

from lanes.core.lane import Lane
from nodes.routing.decision import RouteDecision
from nodes.routing.follow_up import PreviousTurn, has_subject, in_conversation
from nodes.routing.planner import Plan, PlanStep

PLAN = PreviousTurn("Write a short plan to add CSV export", "1. An endpoint.", (Lane.ORCHESTRATOR,))


def alone_on(lane: Lane, confidence: float) -> RouteDecision:
    plan = Plan(steps=[PlanStep(id="s1", lane=lane, task="t")])
    return RouteDecision(plan, "semantic", confidence, 1.0, [])


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("and who owns it?", False),
        ("who owns that?", False),
        ("and rollback?", False),
        ("is that GDPR compliant?", True),
        ("review the retry loop in billing.py", True),
    ],
)
def test_has_subject(text: str, subject: bool) -> None:
    assert has_subject(text) is subject


def test_a_fragment_with_no_subject_stays_with_the_previous_lanes() -> None:
    decision, follows = in_conversation("and who owns it?", alone_on(Lane.FAST_RAG, 0.9), PLAN)
    assert follows and decision.method == "follow_up"
    assert decision.plan.lanes() == [Lane.ORCHESTRATOR]


def test_a_confident_request_with_a_subject_moves_to_its_own_lane() -> None:
    alone = alone_on(Lane.GOVERNANCE, 0.9)
    decision, follows = in_conversation("is that GDPR compliant?", alone, PLAN)
    assert follows and decision is alone
