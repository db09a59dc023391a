"""Multi-label routing: pieces, scale, the need model's choice, and the plan's order."""

from __future__ import annotations

import numpy as np
import pytest

from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.clauses import segments
from nodes.routing.evidence import read_rules
from nodes.routing.needs import (
    NEED_FEATURES,
    NeedWeights,
    Rules,
    choose,
    load_need_weights,
    need_features,
    ruled_lane,
)
from nodes.routing.order import ordered_plan
from nodes.routing.scale import scale_of
from nodes.routing.wording import read_wording

LANES = list(Lane)


def scores(best: Lane, confidence: float = 0.9) -> LaneScores:
    rest = (1 - confidence) / 4
    return LaneScores(
        {lane: confidence if lane is best else rest for lane in Lane}, best, confidence
    )


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("what does our on-call doc say about escalation? make tickets for the gaps",
         ["what does our on-call doc say about escalation?", "make tickets for the gaps"]),
        ("go through all 40k lines of the gateway logs and tell me if we breach the policy",
         ["go through all 40k lines of the gateway logs", "tell me if we breach the policy"]),
        ("assess this module and suggest a better structure",
         ["assess this module and suggest a better structure"]),
        ("review this and file tickets for what you find\n```py\ndef f(): pass\n```",
         ["review this", "file tickets for what you find"]),
    ],
)  # fmt: skip
def test_a_request_is_cut_into_the_pieces_each_need_is_scored_on(text, pieces):
    assert segments(text) == pieces


def test_pieces_are_bounded():
    text = ". ".join(f"task number {i} is here" for i in range(20))
    assert len(segments(text)) == 4


@pytest.mark.parametrize(
    ("text", "large"),
    [
        ("go through all 40k lines of last month's gateway logs", True),
        ("this 300-page vendor contract: does it allow subcontracting?", True),
        ("summarise 18 months of audit logs", True),
        ("2.5 GB of json exports", True),
        ("fix the login bug in two weeks", False),  # a deadline, not an amount
        ("read these 12 lines", False),
    ],
)
def test_scale_names_a_large_amount_only_above_what_a_fast_lane_reads(text, large):
    assert (scale_of(text).quantity == 1.0) is large


def test_whole_counts_for_less_when_the_whole_is_a_short_paste():
    described = scale_of("check the whole monorepo for leaked keys")
    pasted = scale_of("review this whole function:\n```\ndef f(x):\n  return x\n```")
    assert described.described > pasted.described > 0


def weights(bias: dict[Lane, float], threshold: float = 0.5) -> NeedWeights:
    return NeedWeights(
        np.zeros((5, len(NEED_FEATURES))),
        np.asarray([bias[lane] for lane in Lane]),
        np.full(5, threshold),
    )


def test_the_primary_lane_stands_and_others_join_only_past_their_threshold():
    row = np.zeros(len(NEED_FEATURES))
    w = weights({Lane.ORCHESTRATOR: 2.0, Lane.CODER: -3.0, Lane.SUPER_READER: -3.0,
                 Lane.FAST_RAG: 1.0, Lane.GOVERNANCE: -1.0})  # fmt: skip
    needs = choose(w, row, Lane.FAST_RAG)
    assert needs.lanes == [Lane.FAST_RAG, Lane.ORCHESTRATOR]
    assert 0 < needs.confidence < 1
    # the set's confidence is the probability of exactly that set
    p = needs.probabilities
    expected = p[Lane.FAST_RAG] * p[Lane.ORCHESTRATOR]
    expected *= (1 - p[Lane.CODER]) * (1 - p[Lane.SUPER_READER]) * (1 - p[Lane.GOVERNANCE])
    assert needs.confidence == pytest.approx(expected, abs=1e-3)
    alone = choose(weights(dict.fromkeys(Lane, -4.0)), row, Lane.CODER)
    assert alone.lanes == [Lane.CODER]


def test_never_more_than_three_lanes():
    needs = choose(weights(dict.fromkeys(Lane, 5.0)), np.zeros(len(NEED_FEATURES)), Lane.CODER)
    assert len(needs.lanes) == 3 and needs.lanes[0] is Lane.CODER


def test_a_fixed_rule_names_one_lane_alone():
    assert ruled_lane(Rules(ticket_check=True)) is Lane.CODER
    assert ruled_lane(Rules(compliance=True)) is Lane.GOVERNANCE
    assert ruled_lane(Rules(notes=True)) is Lane.ORCHESTRATOR
    assert ruled_lane(Rules(board=True)) is Lane.ORCHESTRATOR
    assert ruled_lane(Rules()) is None


def test_a_board_command_among_other_tasks_is_not_ruled():
    alone = read_rules("close CORE-12")
    assert alone.board and ruled_lane(alone) is Lane.ORCHESTRATOR
    among = read_rules("review auth.py for injection, then please close CORE-12")
    assert not among.board and ruled_lane(among) is None


def test_the_packaged_weights_match_the_features():
    packaged = load_need_weights()
    assert packaged.matrix.shape == (5, len(NEED_FEATURES))
    assert all(0 < t < 1 for t in packaged.thresholds)
    wording = read_wording("hello", ["hello"])
    row = need_features(wording, scores(Lane.CODER), ["hello"], [scores(Lane.CODER)])
    assert row.shape == (len(NEED_FEATURES),)


def test_gatherers_go_first_judges_next_and_the_board_last():
    pieces = ["what does the runbook say about paging", "check it against the policy",
              "file tickets for the gaps"]  # fmt: skip
    parts = [scores(Lane.FAST_RAG), scores(Lane.GOVERNANCE), scores(Lane.ORCHESTRATOR)]
    lanes = [Lane.ORCHESTRATOR, Lane.FAST_RAG, Lane.GOVERNANCE]
    plan = ordered_plan("; ".join(pieces), lanes, pieces, parts)
    assert [(s.lane, s.task, s.depends_on) for s in plan.steps] == [
        (Lane.FAST_RAG, pieces[0], []),
        (Lane.GOVERNANCE, pieces[1], ["s1"]),
        (Lane.ORCHESTRATOR, pieces[2], ["s2"]),
    ]


def test_independent_gatherers_run_in_parallel_and_material_goes_whole():
    request = "read the whole log and the runbook, then ticket it\n```\nERROR x\nERROR y\n```"
    plan = ordered_plan(
        request,
        [Lane.SUPER_READER, Lane.FAST_RAG, Lane.ORCHESTRATOR],
        ["read the whole log and the runbook", "ticket it"],
        [scores(Lane.SUPER_READER), scores(Lane.ORCHESTRATOR)],
    )
    assert [s.depends_on for s in plan.steps] == [[], [], ["s1", "s2"]]
    assert all(s.task == request for s in plan.steps)


def test_one_lane_is_one_step_with_the_whole_request():
    plan = ordered_plan("review this", [Lane.CODER], ["review this"], [scores(Lane.CODER)])
    assert [(s.lane, s.task) for s in plan.steps] == [(Lane.CODER, "review this")]
