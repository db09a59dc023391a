"""The semantic router on requests it has never seen (held out from its examples)."""

from __future__ import annotations

import json
from pathlib import Path

from nodes.route import decide
from nodes.router import default_router, load_examples

EVAL = [
    json.loads(line)
    for line in (Path(__file__).parent.parent / "data" / "router_eval.jsonl")
    .read_text()
    .splitlines()
    if line.strip()
]
SINGLE = [case for case in EVAL if len(case["lanes"]) == 1]
MULTI = [case for case in EVAL if len(case["lanes"]) > 1]


def test_the_evaluation_set_is_held_out():
    seen = {text.lower() for texts in load_examples().values() for text in texts}
    assert not [case["text"] for case in EVAL if case["text"].lower() in seen]


def test_single_intent_accuracy_on_held_out_requests():
    scores = default_router().score_many([case["text"] for case in SINGLE])
    right = [s.best.value == case["lanes"][0] for s, case in zip(scores, SINGLE, strict=True)]
    misses = [
        (case["text"], s.best.value)
        for s, case, ok in zip(scores, SINGLE, right, strict=True)
        if not ok
    ]
    accuracy = sum(right) / len(right)
    print(
        f"\nrouter accuracy on {len(SINGLE)} held-out single-intent requests: {accuracy:.0%}; misses: {misses}"
    )
    assert accuracy >= 0.85, misses


def test_confident_decisions_are_almost_always_right():
    # When the router decides alone (no LLM call) it must be right: that is what the
    # confidence threshold is for.
    scores = default_router().score_many([case["text"] for case in SINGLE])
    confident = [(s, case) for s, case in zip(scores, SINGLE, strict=True) if s.confident]
    right = sum(s.best.value == case["lanes"][0] for s, case in confident)
    print(f"\nconfident on {len(confident)}/{len(SINGLE)}, right on {right}")
    assert len(confident) >= len(SINGLE) // 2
    assert right / len(confident) >= 0.95


async def test_multi_intent_requests_are_split_across_the_right_lanes(gemma_path):
    for case in MULTI:
        decision = await decide(case["text"])
        assert decision.method == "llm"
        assert len(decision.plan.steps) == len(case["lanes"])
        # The planner picks among the router's candidates for each task, so the
        # expected lanes are at least offered; the embedded model gets most right.
        assert set(decision.plan.lanes()) & set(case["lanes"]), (case, decision.plan)
