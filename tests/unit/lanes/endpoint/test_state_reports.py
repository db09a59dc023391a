"""An endpoint's own breaker (no Redis) reports each change once, and its gauges follow."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import REGISTRY

from lanes.config.breaker_policy import BreakerPolicy
from lanes.core.errors import LaneUnavailable
from lanes.endpoint.burst import BurstLock
from lanes.endpoint.state import EndpointState, Limits
from lanes.telemetry import events

ENDPOINT = "http://ops:hunter2pw@box:8000/v1"
WHERE = {"lane": "coder", "endpoint": ENDPOINT, "model": "m"}


@pytest.fixture
def endpoint(tmp_path) -> EndpointState:
    policy = BreakerPolicy(failures=2, window_s=10, cooldown_s=0.05)
    limits = Limits(max_parallel=1, max_queue=1, queue_timeout_s=0.05)
    return EndpointState(ENDPOINT, limits, policy, BurstLock(tmp_path, ENDPOINT), backend="openai")


async def test_each_breaker_change_is_reported_once(endpoint, monkeypatch):
    heard: list[tuple[str, str]] = []
    monkeypatch.setattr(
        events, "breaker_transition", lambda _e, _b, before, after: heard.append((before, after))
    )
    await endpoint.record_failure()
    assert heard == []  # one failure of two
    await endpoint.record_failure()
    await endpoint.record_failure()  # open already: no change
    assert heard == [("closed", "open")]
    await asyncio.sleep(0.06)
    assert await endpoint.allow()  # the probe
    assert not await endpoint.allow()
    async with endpoint.guard(WHERE) as outcome:
        outcome.succeeded = True
    async with endpoint.guard(WHERE) as outcome:
        outcome.succeeded = True  # closed already: no change
    assert heard == [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]


async def test_in_flight_and_queued_gauges_follow_the_slots(endpoint):
    labels = {"endpoint": "http://***@box:8000/v1", "backend": "openai"}

    def gauge(name: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    start = gauge("cortex_endpoint_in_flight"), gauge("cortex_endpoint_queued")
    async with endpoint.guard(WHERE):
        assert gauge("cortex_endpoint_in_flight") == start[0] + 1
        waiter = asyncio.create_task(endpoint.guard(WHERE).__aenter__())
        await asyncio.sleep(0.01)
        assert gauge("cortex_endpoint_queued") == start[1] + 1
        with pytest.raises(LaneUnavailable):
            await waiter  # no slot within the queue timeout
    assert (gauge("cortex_endpoint_in_flight"), gauge("cortex_endpoint_queued")) == start
    assert set((await endpoint.snapshot())["latency_ms"]) == {"p50", "p95", "p99", "samples"}
