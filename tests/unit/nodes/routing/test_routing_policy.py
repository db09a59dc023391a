"""Routing policy: signals decide, the planner runs only where it helps, teams extend it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lanes.calls.gateway import LaneGateway
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from nodes.defaults import outside_graph
from nodes.plumbing.context import Context
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.decision import decide, merge_adjacent
from nodes.routing.fusion import FEATURES, Weights, feature_rows, probabilities
from nodes.routing.knowledge_signal import boosted
from nodes.routing.offline.evaluation import Outcome, Report, read_labelled
from nodes.routing.probe import silent
from nodes.routing.semantic import load_examples
from tests.fakes import ScriptedLanes, StubRouter

RULES = {"roadmap": Lane.ORCHESTRATOR, "review": Lane.CODER, "policy": Lane.GOVERNANCE}


def scores(best: Lane, confidence: float) -> LaneScores:
    rest = (1 - confidence) / 4
    return LaneScores(
        {lane: confidence if lane is best else rest for lane in Lane}, best, confidence
    )


def test_consecutive_steps_on_one_lane_become_one():
    from nodes.routing.planner import Plan, PlanStep

    plan = Plan(
        steps=[
            PlanStep(id="s1", lane=Lane.CODER, task="review a"),
            PlanStep(id="s2", lane=Lane.CODER, task="review b"),
            PlanStep(id="s3", lane=Lane.GOVERNANCE, task="check c"),
        ]
    )
    merged = merge_adjacent(plan)
    assert [(s.id, s.lane, s.task) for s in merged.steps] == [
        ("s1", Lane.CODER, "review a; review b"),
        ("s2", Lane.GOVERNANCE, "check c"),
    ]


def test_knowledge_evidence_raises_fast_rag_and_keeps_probabilities_normalised():
    unsure = scores(Lane.ORCHESTRATOR, 0.4)
    raised = boosted(unsure, Lane.FAST_RAG, 2.0)
    assert raised.best is Lane.FAST_RAG
    assert sum(raised.scores.values()) == pytest.approx(1.0)
    sure = boosted(scores(Lane.CODER, 0.97), Lane.FAST_RAG, 2.0)
    assert sure.best is Lane.CODER  # evidence, not a veto


def test_fusion_is_a_softmax_over_fitted_weights():
    weights = Weights(np.zeros((5, len(FEATURES))), np.array([0, 1, 0, 0, 0.0]), 0.7)
    sims = np.full((1, 5), 0.2, dtype=np.float32)
    probs = probabilities(weights, feature_rows(["Review def f(): pass"], sims, silent(1)))
    assert probs.shape == (1, 5) and probs.sum() == pytest.approx(1.0)
    assert int(probs.argmax()) == list(Lane).index(Lane.CODER)


@pytest.mark.parametrize(
    ("mode", "orchestrator_url", "planned"),
    [("auto", None, False), ("auto", "http://orch:8000/v1", True), ("never", "http://orch:8000/v1", False),
     ("always", None, True)],
)  # fmt: skip
async def test_the_planner_runs_only_where_the_mode_says(
    table_from_env, mode, orchestrator_url, planned
):
    env = {"ARGOS_ROUTER_PLANNER": mode}
    if orchestrator_url:
        env["ARGOS_LANE_ORCHESTRATOR_URL"] = orchestrator_url
    table = table_from_env(**env)
    step = {"id": "s1", "lane": "orchestrator", "depends_on": [], "risky": False}
    scripted = ScriptedLanes(scripts={Lane.ORCHESTRATOR: [json.dumps({"steps": [step]})]})
    gateway = LaneGateway(table, build=scripted.build)
    decision = await decide(
        "something vague", outside_graph(Context(gateway=gateway, router=StubRouter(RULES)))
    )
    assert bool(scripted.models[Lane.ORCHESTRATOR].calls) is planned
    assert decision.method == ("llm" if planned else "semantic")


def test_bad_team_examples_stop_every_command_at_start_up(table_from_env, tmp_path):
    broken = tmp_path / "team.json"
    broken.write_text('{"coder": [1, 2]}')
    with pytest.raises(ConfigError, match="ARGOS_ROUTER_EXAMPLES="):
        table_from_env(ARGOS_ROUTER_EXAMPLES=str(broken))


def test_a_bad_planner_mode_is_a_configuration_error(table_from_env):
    with pytest.raises(ConfigError) as err:
        table_from_env(ARGOS_ROUTER_PLANNER="sometimes")
    assert "ARGOS_ROUTER_PLANNER" in str(err.value) and "auto" in str(err.value)


def test_team_examples_extend_the_packaged_ones(tmp_path):
    extra = tmp_path / "team.json"
    extra.write_text(json.dumps({"governance": ["Run the Zephyr gate on this"]}))
    examples = load_examples(extra)
    assert "Run the Zephyr gate on this" in examples[Lane.GOVERNANCE]
    assert len(examples[Lane.CODER]) == len(load_examples()[Lane.CODER])


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        ("not json", "not valid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"reviewer": ["x"]}', "'reviewer' is not a lane"),
        ('{"coder": "one string"}', "must list non-empty strings"),
        ('{"coder": [""]}', "must list non-empty strings"),
    ],
)
def test_bad_team_examples_name_the_variable_and_the_shape(tmp_path, content, hint):
    extra = tmp_path / "team.json"
    extra.write_text(content)
    with pytest.raises(ConfigError) as err:
        load_examples(extra)
    assert str(err.value).startswith("ARGOS_ROUTER_EXAMPLES=") and hint in str(err.value)
    with pytest.raises(ConfigError, match="no such file"):
        load_examples(tmp_path / "missing.json")


def test_eval_files_are_checked_line_by_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "a", "lanes": ["coder"]}\n{"text": "b", "lanes": ["nope"]}\n')
    with pytest.raises(Exception, match=r"set.jsonl:2: 'nope' is not a lane"):
        read_labelled(path)
    path.write_text('{"text": "a"}\n')
    with pytest.raises(Exception, match=r"set.jsonl:1: expected"):
        read_labelled(path)


def test_the_report_counts_exact_matches_buckets_and_per_lane_figures():
    c, g = frozenset({"coder"}), frozenset({"governance"})
    report = Report(
        [
            Outcome(c, c, 0.9, 2.0),
            Outcome(c, g, 0.6, 3.0),
            Outcome(c | g, c | g, 0.95, 4.0),
            Outcome(g, frozenset(), 0.0, 0.0, "boom"),
        ]
    )
    summary = report.summary()
    assert summary["accuracy"] == 0.5 and summary["errors"] == 1
    assert summary["per_lane"]["coder"] == {"precision": 1.0, "recall": 0.667, "support": 3}
    assert summary["per_lane"]["governance"] == {"precision": 0.5, "recall": 0.5, "support": 2}
    top = [b for b in summary["confidence_buckets"] if b["min_confidence"] == 0.9][0]
    assert (top["decisions"], top["accuracy"]) == (2, 1.0)
    assert summary["confusion"]["coder"] == {"coder": 1, "governance": 1}
    assert summary["multi_intent"] == {"requests": 1, "right": 1, "accuracy": 1.0}
    assert summary["single_intent"] == {"requests": 3, "right": 1, "accuracy": 0.3333}
    assert summary["per_lane_count"]["2 lane(s)"]["right"] == 1


def test_the_report_groups_by_the_sets_shapes():
    c, g = frozenset({"coder"}), frozenset({"governance"})
    report = Report(
        [
            Outcome(c | g, c, 0.5, 1.0, shape="implicit"),
            Outcome(c | g, c | g, 0.5, 1.0, shape="implicit"),
            Outcome(c, c, 0.9, 1.0),
        ]
    )
    assert report.summary()["per_shape"] == {
        "implicit": {"requests": 2, "right": 1, "accuracy": 0.5}
    }
