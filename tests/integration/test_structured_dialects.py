"""Every structured schema works on a plain OpenAI-compatible lane (a real llama.cpp server).

A lane set only with a URL has backend ``openai``; llama.cpp's server rejects the
``json_schema`` response format ChatOpenAI sends (HTTP 500), so the lane must negotiate
``json_object`` on the same server, without falling back and without its breaker
counting the rejection.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage

from lanes.calls.call_lane import call_lane
from lanes.calls.gateway import LaneGateway
from lanes.core.backend import Backend
from lanes.core.lane import Lane
from lanes.endpoint.breaker import BreakerState
from nodes.defaults import outside_graph
from nodes.lane_steps.coder import CodeAnalysis
from nodes.lane_steps.governance import Verdict, verdict_schema
from nodes.plumbing.context import Context
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.planner import plan_with_llm, planning_schema
from tests.integration.cli import cortex

SCORES = LaneScores(
    scores={lane: 0.5 - 0.1 * i for i, lane in enumerate(Lane)}, best=Lane.ORCHESTRATOR,
    confidence=0.4,
)  # fmt: skip


@pytest.fixture
def coder_on_server(llama_server, table_from_env):
    table = table_from_env(
        ARGOS_LANE_CODER_URL=llama_server,
        ARGOS_LANE_ORCHESTRATOR_URL=llama_server,
        # A whole CodeAnalysis: 160 tokens held it on one build of llama.cpp and cut it
        # off on another (the 0.5B model's words differ with the CPU's float order), and
        # 400 held it after other requests but not on a fresh server (make test-slow).
        ARGOS_LANE_CODER_MAX_TOKENS="1024",
        ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS="96",
        ARGOS_LANE_CODER_CONTEXT_WINDOW="2048",
        ARGOS_LANE_ORCHESTRATOR_CONTEXT_WINDOW="2048",
    )
    assert table[Lane.CODER].backend is Backend.OPENAI  # BACKEND unset
    return LaneGateway(table)


@pytest.mark.parametrize(
    ("schema", "parse_as"),
    [
        (planning_schema([SCORES, SCORES]), None),
        (verdict_schema(), Verdict),
        # a whole CodeAnalysis is about 27 s on these cores: make test-slow (CI)
        pytest.param(CodeAnalysis, None, marks=pytest.mark.slow),
    ],
    ids=["plan", "verdict", "code-analysis"],
)
async def test_a_structured_call_is_served_by_the_lane_itself(coder_on_server, schema, parse_as):
    call = await call_lane(
        coder_on_server,
        Lane.CODER,
        [HumanMessage('Review: def add(a, b): return a - b  # "quoted" \\ {braces}')],
        schema=schema,
        parse_as=parse_as,
    )
    (entry,) = call.trace
    assert (entry["lane"], entry["fallback_from"], entry["error"]) == ("coder", None, None)
    assert entry["dialect"] == "json_object"
    assert call.output is not None
    breaker = coder_on_server.endpoint(coder_on_server.table[Lane.CODER]).breaker
    assert breaker.state is BreakerState.CLOSED


async def test_the_planner_plans_on_a_plain_openai_lane(coder_on_server):
    tasks = ['Explain what "idempotent" means', "then review def f(): pass"]
    parts = outside_graph(Context(gateway=coder_on_server))
    plan, trace = await plan_with_llm(parts, "request", tasks, tasks, [SCORES, SCORES])
    assert [step.task for step in plan.steps] == tasks
    assert trace[-1]["dialect"] == "json_object" and trace[-1]["error"] is None


def test_cortex_route_with_the_planner_over_http_prints_no_traceback(llama_server, tmp_path):
    result = cortex(
        "route", "--json", 'Explain "idempotent" in our API and then review def f(): pass',
        cwd=tmp_path, ARGOS_LANE_ORCHESTRATOR_URL=llama_server,
        ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS="96", ARGOS_LANE_ORCHESTRATOR_CONTEXT_WINDOW="2048",
    )  # fmt: skip
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["lanes"]


async def test_a_structured_reply_cut_at_max_tokens_falls_back_on_a_real_server(
    llama_server, monkeypatch
):
    """llama.cpp's server stops at the lane's MAX_TOKENS mid-JSON: the next lane answers."""
    from tests.integration.one_call import one_call

    monkeypatch.setenv("ARGOS_LANE_CODER_URL", llama_server)  # the HTTP lane, cut short
    monkeypatch.setenv("ARGOS_LANE_CODER_MAX_TOKENS", "4")
    monkeypatch.setenv("ARGOS_LANE_CODER_CONTEXT_WINDOW", "2048")
    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS", "96")  # in-process: next
    out = await one_call.ainvoke({"structured": True})
    failed, served = out["trace"]
    assert failed["lane"] == "coder" and failed["error"].startswith("InvalidModelOutput")
    assert "cut off at the token limit (raise ARGOS_LANE_CODER_MAX_TOKENS)" in failed["error"]
    assert (served["lane"], served["fallback_from"]) == ("orchestrator", "coder")
    assert out["text"], out
