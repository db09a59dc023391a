"""Two real OpenAI-compatible servers: the primary dies mid-conversation and comes back."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from graphs.supervisor import builder
from lanes.endpoint.breaker import BreakerState
from nodes.defaults import default_gateway
from tests.integration.servers import llama_cpp_server


def plan() -> dict:
    # A new message each turn: add_messages gives a message an id on its first turn.
    return {"messages": [HumanMessage("Plan the next sprint for the payments team")]}


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_kill_primary_fallback_answers_breaker_opens_then_recovers(
    embedded_gguf, tmp_path, monkeypatch
):
    with llama_cpp_server(embedded_gguf, tmp_path) as fallback_url:
        with llama_cpp_server(embedded_gguf, tmp_path) as primary_url:
            port = urlsplit(primary_url).port
            for name, value in {
                "ARGOS_LANE_ORCHESTRATOR_URL": primary_url,
                "ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS": "24",
                "ARGOS_LANE_ORCHESTRATOR_FALLBACK": "fast_rag",
                "ARGOS_LANE_FAST_RAG_URL": fallback_url,
                "ARGOS_LANE_FAST_RAG_MAX_TOKENS": "24",
                "ARGOS_BREAKER_FAILURES": "1",
                # Long enough that the fallback's own answer (2.5 s on CI) ends well
                # before the breaker half-opens; the test then waits out the rest.
                "ARGOS_BREAKER_COOLDOWN": "10",
            }.items():
                monkeypatch.setenv(name, value)
            graph = builder.compile(checkpointer=InMemorySaver())
            config = {"configurable": {"thread_id": "conversation"}}
            first = await graph.ainvoke(plan(), config)
            assert [(e["lane"], e["error"]) for e in first["trace"]] == [("orchestrator", None)]
        # The primary is gone (terminated) between two turns of the same thread.
        second = await graph.ainvoke(plan(), config)
        failed, served = second["trace"]
        assert failed["lane"] == "orchestrator"
        assert failed["error"].startswith("LaneUnavailable: connection failed")
        assert (served["lane"], served["fallback_from"], served["error"]) == (
            "fast_rag",
            "orchestrator",
            None,
        )
        assert second["answer"].strip()
        assert len(second["messages"]) == 4  # nothing of the first turn was lost
        breaker = default_gateway().breaker(primary_url)
        assert breaker.state is BreakerState.OPEN

        with llama_cpp_server(embedded_gguf, tmp_path, port=port):
            await asyncio.sleep(max(0.0, breaker.reopens_at - time.monotonic()))
            assert breaker.state is BreakerState.HALF_OPEN
            third = await graph.ainvoke(plan(), config)
            assert [(e["lane"], e["error"]) for e in third["trace"]] == [("orchestrator", None)]
            assert breaker.state is BreakerState.CLOSED
