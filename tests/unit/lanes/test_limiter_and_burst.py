from __future__ import annotations

import asyncio

import pytest

from lanes import Lane
from lanes.burst import EndpointGate
from lanes.errors import LaneUnavailable
from lanes.limiter import LaneLimiter


async def test_a_full_lane_queues_then_times_out_as_lane_unavailable(table_from_env):
    resolved = table_from_env()[Lane.CODER]
    limiter = LaneLimiter(max_parallel=1, max_queue=1, queue_timeout_s=0.1)
    async with limiter.slot(resolved):
        with pytest.raises(LaneUnavailable) as err:
            async with limiter.slot(resolved):
                pass
    assert err.value.busy and "no free slot within 0.1s" in str(err.value)


async def test_a_full_queue_refuses_at_once(table_from_env):
    resolved = table_from_env()[Lane.CODER]
    limiter = LaneLimiter(max_parallel=1, max_queue=0, queue_timeout_s=5)
    async with limiter.slot(resolved):
        with pytest.raises(LaneUnavailable, match="queue full"):
            async with limiter.slot(resolved):
                pass


async def test_waiters_get_the_slot_in_turn(table_from_env):
    resolved = table_from_env()[Lane.CODER]
    limiter = LaneLimiter(max_parallel=1, max_queue=4, queue_timeout_s=5)
    order: list[int] = []

    async def use(n: int) -> None:
        async with limiter.slot(resolved):
            order.append(n)
            await asyncio.sleep(0.01)

    await asyncio.gather(*(use(n) for n in range(4)))
    assert sorted(order) == [0, 1, 2, 3]


async def test_a_burst_waits_for_calls_in_flight_and_holds_back_new_ones():
    gate = EndpointGate()
    events: list[str] = []
    release = asyncio.Event()

    async def interactive(name: str) -> None:
        async with gate.shared():
            events.append(f"{name} in")
            await release.wait()
            events.append(f"{name} out")

    async def burst() -> None:
        async with gate.exclusive():
            events.append("burst in")
            await asyncio.sleep(0.02)
            events.append("burst out")

    first = asyncio.create_task(interactive("first"))
    await asyncio.sleep(0.01)
    deep = asyncio.create_task(burst())
    await asyncio.sleep(0.01)
    late = asyncio.create_task(interactive("late"))
    await asyncio.sleep(0.01)
    assert events == ["first in"]  # the burst waits for the call in flight; late waits too
    release.set()
    await asyncio.gather(first, deep, late)
    assert events == ["first in", "first out", "burst in", "burst out", "late in", "late out"]


async def test_the_bursts_own_calls_pass_its_gate():
    gate = EndpointGate()

    async def own_model_call() -> str:
        async with gate.shared():
            return "answered"

    async with gate.exclusive():
        # In a task of its own, as LangGraph runs nodes: the context carries the burst.
        result = await asyncio.wait_for(asyncio.create_task(own_model_call()), timeout=2)
    assert result == "answered"
