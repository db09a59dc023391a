"""What an operator sees of a run: metrics and event lines agree with the run's trace.

Scripted lanes (no sockets); the metrics are the process's, so each test compares
the figures before and after its own runs.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections import Counter

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from prometheus_client import REGISTRY

from graphs.supervisor import builder, graph
from lanes.calls.call_lane import call_lane
from lanes.core.errors import LaneUnavailable
from lanes.core.lane import Lane
from lanes.telemetry.log_format import EVENTS_LOGGER, send_events
from tests.unit.graphs.test_fallback import ANALYSIS, CODER_URL, ORCH_URL, http_error, refused
from tests.unit.graphs.test_supervisor import VERDICT_FAIL, ask, plan

REVIEW = "Please review def add(a, b): return a - b"


def total(name: str, **match: str) -> float:
    """The sum of ``name``'s samples whose labels include ``match``."""
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        for sample in metric.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in match.items())
    )


def figures() -> dict[str, float]:
    return {
        "coder_failed": total("cortex_lane_calls_total", lane="coder", outcome="LaneUnavailable"),
        "orch_ok": total("cortex_lane_calls_total", lane="orchestrator", outcome="ok"),
        "coder_oom": total("cortex_lane_calls_total", lane="coder", outcome="LaneOutOfMemory"),
        "moved": total(
            "cortex_lane_fallbacks_total",
            from_lane="coder",
            to_lane="orchestrator",
            reason="LaneUnavailable",
        ),  # fmt: skip
        "moved_oom": total(
            "cortex_lane_fallbacks_total", from_lane="coder", reason="LaneOutOfMemory"
        ),  # fmt: skip
        "skipped": total("cortex_lane_fallbacks_total", from_lane="coder", reason="BreakerOpen"),
        "opened": total(
            "cortex_endpoint_breaker_transitions_total",
            endpoint=CODER_URL,
            from_state="closed",
            to_state="open",
        ),  # fmt: skip
        "routes": total("cortex_routing_decisions_total"),
        "latencies": total("cortex_lane_latency_seconds_count", lane="orchestrator"),
    }


def grew(before: dict[str, float]) -> dict[str, float]:
    after = figures()
    return {k: after[k] - before[k] for k in after if after[k] != before[k]}


@pytest.fixture
def events():
    stream = io.StringIO()
    handler = send_events("json", stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger(EVENTS_LOGGER).removeHandler(handler)


@pytest.fixture
def two_servers(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", CODER_URL)
    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_URL", ORCH_URL)


async def test_a_fallback_is_counted_as_the_trace_shows_it(lanes, two_servers, events):
    lanes({Lane.CODER: [refused()], Lane.ORCHESTRATOR: [ANALYSIS]})
    before = figures()
    out = await graph.ainvoke(ask(REVIEW), {"metadata": {"run_id": "run-7"}}, context=lanes.context)
    by_outcome = Counter((e["lane"], "ok" if e["error"] is None else e["error"].split(":")[0])
                         for e in out["trace"])  # fmt: skip
    assert by_outcome == {("coder", "LaneUnavailable"): 1, ("orchestrator", "ok"): 1}
    assert grew(before) == {
        "coder_failed": 1, "orch_ok": 1, "moved": 1, "routes": 1, "latencies": 1,
    }  # fmt: skip
    lines = events()
    calls = [line for line in lines if line["event"] == "lane_call"]
    assert [(c["lane"], c["outcome"], c["attempt"], c["fallback_from"]) for c in calls] == [
        ("coder", "LaneUnavailable", 1, None),
        ("orchestrator", "ok", 2, "coder"),
    ]
    assert {line["run_id"] for line in lines} == {"run-7"}
    (moved,) = [line for line in lines if line["event"] == "fallback"]
    assert (moved["from_lane"], moved["to_lane"], moved["reason"]) == (
        "coder", "orchestrator", "LaneUnavailable",
    )  # fmt: skip
    (route,) = [line for line in lines if line["event"] == "route"]
    assert route["lanes"] == "coder"


async def test_out_of_memory_opens_the_breaker_once_then_work_skips_the_lane(
    lanes, two_servers, events
):
    oom = http_error(500, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2 GiB")
    lanes({Lane.CODER: [oom], Lane.ORCHESTRATOR: [ANALYSIS, ANALYSIS]})
    before = figures()
    await graph.ainvoke(ask(REVIEW), context=lanes.context)
    await graph.ainvoke(ask(REVIEW), context=lanes.context)
    grown = grew(before)
    assert {k: grown.get(k) for k in ("coder_oom", "moved_oom", "skipped", "opened", "orch_ok")} == {
        "coder_oom": 1, "moved_oom": 1, "skipped": 1, "opened": 1, "orch_ok": 2,
    }  # fmt: skip
    assert REGISTRY.get_sample_value(
        "cortex_endpoint_breaker_state", {"endpoint": CODER_URL, "backend": "openai"}
    ) == 2  # fmt: skip
    (change,) = [line for line in events() if line["event"] == "breaker"]
    assert (change["endpoint"], change["from_state"], change["to_state"]) == (
        CODER_URL, "closed", "open",
    )  # fmt: skip


async def test_a_run_waiting_for_approval_is_counted_until_a_decision(lanes):
    def waiting() -> float:
        return total("cortex_approvals_waiting", kind="verdict")

    lanes(
        {
            Lane.ORCHESTRATOR: [plan(("s1", "governance", "approve shipping the PRD", [], True))],
            Lane.GOVERNANCE: [VERDICT_FAIL],
        }
    )
    paused = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "approval-metrics"}}
    start, pauses = waiting(), total("cortex_approval_pauses_total", kind="verdict")
    await paused.ainvoke(ask("Ship it? Check the policy and the roadmap; passwords are kept in plain text"), config,
                         context=lanes.context)  # fmt: skip
    assert waiting() == start + 1
    await paused.ainvoke(Command(resume="maybe later"), config, context=lanes.context)
    assert waiting() == start + 1  # not a decision: it asks again, still one run waiting
    await paused.ainvoke(Command(resume="approve"), config, context=lanes.context)
    assert waiting() == start
    assert total("cortex_approval_pauses_total", kind="verdict") == pauses + 2


async def test_a_request_refused_for_want_of_a_slot_is_counted(lanes, two_servers, monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_MAX_PARALLEL", "1")
    monkeypatch.setenv("ARGOS_LANE_CODER_MAX_QUEUE", "0")
    scripted = lanes({Lane.CODER: ["first", "second"]}, delay=0.2)
    refused_before = total("cortex_endpoint_refused_total", endpoint=CODER_URL)
    busy_before = total("cortex_lane_calls_total", lane="coder", outcome="LaneUnavailable")
    ask_coder = [HumanMessage("Say hello.")]
    results = await asyncio.gather(
        call_lane(scripted.gateway, Lane.CODER, ask_coder, fallback=False),
        call_lane(scripted.gateway, Lane.CODER, ask_coder, fallback=False),
        return_exceptions=True,
    )
    (refusal,) = [r for r in results if isinstance(r, LaneUnavailable)]
    assert refusal.busy
    assert total("cortex_endpoint_refused_total", endpoint=CODER_URL) == refused_before + 1
    assert total("cortex_lane_calls_total", lane="coder", outcome="LaneUnavailable") == (
        busy_before + 1
    )
