"""Lane fallback through the graph's retry policy, with scripted lanes (no sockets)."""

from __future__ import annotations

import json

import httpx2
import openai
import pytest
from langchain_core.messages import HumanMessage

from graphs.supervisor import graph
from lanes.core.errors import AllLanesFailed, BadLaneRequest
from lanes.core.lane import Lane
from lanes.endpoint.breaker import BreakerState

CODER_URL = "http://coder-box:8000/v1"
ORCH_URL = "http://orchestrator-box:8000/v1"
ANALYSIS = json.dumps(
    {
        "quality_assessment": "Subtracts instead of adding.",
        "refactoring_suggestions": [],
        "security_concerns": [],
        "performance_optimizations": [],
    }
)
REQUEST = {"messages": [HumanMessage("Please review def add(a, b): return a - b")]}


def refused() -> openai.APIConnectionError:
    return openai.APIConnectionError(request=httpx2.Request("POST", CODER_URL))


def http_error(status: int, message: str) -> openai.APIStatusError:
    request = httpx2.Request("POST", CODER_URL)
    response = httpx2.Response(status, request=request, json={"error": {"message": message}})
    return openai.APIStatusError(message, response=response, body={"message": message})


@pytest.fixture
def two_servers(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", CODER_URL)
    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_URL", ORCH_URL)


async def test_a_dead_lane_falls_back_and_the_trace_shows_every_attempt(lanes, two_servers):
    lanes({Lane.CODER: [refused()], Lane.ORCHESTRATOR: [ANALYSIS]})
    out = await graph.ainvoke(REQUEST, context=lanes.context)
    assert "Subtracts instead of adding." in out["answer"]
    first, second = out["trace"]
    assert (first["lane"], first["attempt"], first["fallback_from"]) == ("coder", 1, None)
    assert first["error"].startswith("LaneUnavailable: connection failed")
    assert (second["lane"], second["attempt"], second["fallback_from"]) == (
        "orchestrator",
        2,
        "coder",
    )
    assert second["error"] is None


async def test_out_of_memory_opens_the_breaker_so_the_next_turn_skips_the_lane(lanes, two_servers):
    oom = http_error(500, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB")
    scripted = lanes({Lane.CODER: [oom], Lane.ORCHESTRATOR: [ANALYSIS, ANALYSIS]})
    await graph.ainvoke(REQUEST, context=lanes.context)
    assert scripted.gateway.breaker(CODER_URL).state is BreakerState.OPEN
    out = await graph.ainvoke(REQUEST, context=lanes.context)
    (entry,) = out["trace"]  # straight to the fallback: no second OOM
    assert (entry["lane"], entry["fallback_from"], entry["attempt"]) == ("orchestrator", "coder", 1)
    assert len(scripted.models[Lane.CODER].calls) == 1


async def test_a_bad_request_is_never_retried_and_says_where(lanes, two_servers):
    scripted = lanes({Lane.CODER: [http_error(404, "The model `qwen-coder` does not exist.")]})
    with pytest.raises(BadLaneRequest) as err:
        await graph.ainvoke(REQUEST, context=lanes.context)
    assert f"coder lane (default model at {CODER_URL}): HTTP 404" in str(err.value)
    assert scripted.models[Lane.ORCHESTRATOR].calls == []


async def test_when_every_lane_fails_one_message_lists_the_chain(lanes, two_servers):
    lanes({Lane.CODER: [refused()], Lane.ORCHESTRATOR: [http_error(503, "overloaded")]})
    with pytest.raises(AllLanesFailed) as err:
        await graph.ainvoke(REQUEST, context=lanes.context)
    message = str(err.value)
    assert message.startswith("every lane failed for coder (coder -> orchestrator)")
    assert "coder: LaneUnavailable: connection failed" in message
    assert "orchestrator: LaneUnavailable: HTTP 503" in message


async def test_a_prompt_too_long_for_the_lane_goes_to_the_super_reader(
    lanes, two_servers, monkeypatch
):
    monkeypatch.setenv("ARGOS_LANE_CODER_CONTEXT_WINDOW", "2000")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_URL", "http://reader-box:8080/v1")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW", "1000000")
    from graphs.coder import graph as coder_graph

    scripted = lanes({Lane.SUPER_READER: [ANALYSIS]})
    long_code = "total=total+1," * 1500  # one long task, no sentence breaks
    # The coder subgraph alone (as Studio runs it): the supervisor's router would not
    # send a task this long to the coder in the first place (see the next test).
    out = await coder_graph.ainvoke(
        {"task": f"Please review this code:\n{long_code}"}, context=lanes.context
    )
    first, second = out["trace"]
    assert first["lane"] == "coder" and first["error"].startswith("ContextOverflow")
    assert (second["lane"], second["fallback_from"]) == ("super_reader", "coder")
    assert scripted.models[Lane.CODER].calls == []  # caught before sending
    assert (
        scripted.gateway.breaker(CODER_URL).state is BreakerState.CLOSED
    )  # not the server's fault


async def test_the_router_sends_a_task_too_long_for_its_lane_to_the_super_reader(
    lanes, two_servers, monkeypatch
):
    monkeypatch.setenv("ARGOS_LANE_CODER_CONTEXT_WINDOW", "2000")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_URL", "http://reader-box:8080/v1")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW", "1000000")
    scripted = lanes({Lane.SUPER_READER: ["A loop that adds one, many times."]})
    long_code = "total=total+1," * 1500
    out = await graph.ainvoke(
        {"messages": [HumanMessage(f"Please review this code:\n{long_code}")]},
        context=lanes.context,
    )
    (only,) = out["trace"]
    assert (only["lane"], only["error"]) == ("super_reader", None)
    assert out["route"]["lanes"] == ["super_reader"]
    assert scripted.models[Lane.CODER].calls == []
    # The reader's task is what the input asks for; the input reaches it as material.
    (step,) = out["plan"]["steps"]
    request = f"Please review this code:\n{long_code}"
    assert step["task"] == request[:400] + " [...]"


async def test_tool_steps_only_fall_back_to_tool_capable_lanes(lanes, two_servers, monkeypatch):
    from lanes.calls.call_lane import call_lane

    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_SUPPORTS_TOOLS", "false")
    scripted = lanes({Lane.CODER: [refused()]})
    from lanes.calls.failover import candidates

    table = scripted.gateway.table
    assert candidates(Lane.CODER, table, needs_tools=True) == [Lane.CODER]
    assert candidates(Lane.CODER, table) == [Lane.CODER, Lane.ORCHESTRATOR]
    with pytest.raises(Exception) as err:  # outside a graph: the lane error itself
        await call_lane(scripted.gateway, Lane.CODER, [HumanMessage("hi")], needs_tools=True)
    assert type(err.value).__name__ == "LaneUnavailable"


async def test_a_task_cancelled_between_attempts_leaves_no_ledger_entry(lanes, two_servers):
    import asyncio

    from lanes.calls.call_lane import call_lane

    scripted = lanes({Lane.CODER: [refused()], Lane.ORCHESTRATOR: ["too late"]}, delay=0.5)
    gateway, messages = scripted.gateway, [HumanMessage("hi")]
    with pytest.raises(Exception, match="connection"):  # attempt 1: the coder is down
        await call_lane(gateway, Lane.CODER, messages, task_id="task-1")
    assert [a.lane for a in gateway.attempts.failed("task-1")] == [Lane.CODER]
    # Attempt 2, on the fallback, is cancelled mid-call (the run was stopped).
    second = asyncio.create_task(call_lane(gateway, Lane.CODER, messages, task_id="task-1"))
    await asyncio.sleep(0.1)
    second.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second
    assert len(gateway.attempts) == 0


async def test_models_are_built_once_per_lane_and_loop(table_from_env):
    from lanes.calls.gateway import LaneGateway

    built = []

    def build(resolved, **options):
        built.append((resolved.lane, options["fallback_from"]))
        return object()

    gateway = LaneGateway(table_from_env(ARGOS_LANE_CODER_URL=CODER_URL), build=build)
    coder = gateway.table[Lane.CODER]
    first = await gateway.model(coder, Lane.CODER)
    assert await gateway.model(coder, Lane.CODER) is first
    # Standing in for another lane is another model (its metadata says so).
    assert await gateway.model(coder, Lane.GOVERNANCE) is not first
    assert built == [(Lane.CODER, None), (Lane.CODER, Lane.GOVERNANCE)]
