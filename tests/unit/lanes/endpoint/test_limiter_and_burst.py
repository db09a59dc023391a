from __future__ import annotations

import asyncio
import contextvars
import gc

import pytest

from lanes.calls.gateway import LaneGateway
from lanes.core.errors import LaneUnavailable
from lanes.core.lane import Lane
from lanes.endpoint.burst import BurstLock
from lanes.endpoint.limiter import EndpointLimiter

WHERE = {"lane": "coder", "endpoint": "http://box:8000/v1", "model": "m"}


async def test_a_full_endpoint_queues_then_times_out_as_lane_unavailable():
    limiter = EndpointLimiter(max_parallel=1, max_queue=1, queue_timeout_s=0.1)
    async with limiter.slot(WHERE):
        with pytest.raises(LaneUnavailable) as err:
            async with limiter.slot(WHERE):
                pass
    assert err.value.busy and "no free slot within 0.1s" in str(err.value)
    assert (limiter.in_flight, limiter.waiting) == (0, 0)


async def test_a_full_queue_refuses_at_once():
    limiter = EndpointLimiter(max_parallel=1, max_queue=0, queue_timeout_s=5)
    async with limiter.slot(WHERE):
        assert limiter.in_flight == 1
        with pytest.raises(LaneUnavailable, match="queue full"):
            async with limiter.slot(WHERE):
                pass


async def test_waiters_get_the_slot_in_turn():
    limiter = EndpointLimiter(max_parallel=1, max_queue=4, queue_timeout_s=5)
    order: list[int] = []

    async def use(n: int) -> None:
        async with limiter.slot(WHERE):
            order.append(n)
            await asyncio.sleep(0.01)

    await asyncio.gather(*(use(n) for n in range(4)))
    assert sorted(order) == [0, 1, 2, 3]


async def test_lanes_on_one_server_share_its_limit(table_from_env):
    table = table_from_env(
        ARGOS_LLM_BASE_URL="http://box:8000/v1", ARGOS_LANE_CODER_MAX_PARALLEL="3"
    )
    gateway = LaneGateway(table)
    coder, reader = gateway.endpoint(table[Lane.CODER]), gateway.endpoint(table[Lane.SUPER_READER])
    assert coder is reader and coder.limits.max_parallel == 3
    assert coder.limiter() is reader.limiter()


async def test_a_burst_waits_for_calls_in_flight_and_holds_back_new_ones(tmp_path):
    lock = BurstLock(tmp_path, "http://box:8000/v1")
    events: list[str] = []
    release = asyncio.Event()

    async def interactive(name: str) -> None:
        async with lock.shared(5, WHERE):
            events.append(f"{name} in")
            await release.wait()
            events.append(f"{name} out")

    async def burst() -> None:
        async with lock.exclusive():
            events.append("burst in")
            await asyncio.sleep(0.1)
            events.append("burst out")

    first = asyncio.create_task(interactive("first"))
    await asyncio.sleep(0.1)
    deep = asyncio.create_task(burst())
    await asyncio.sleep(0.1)
    late = asyncio.create_task(interactive("late"))
    await asyncio.sleep(0.2)
    assert events == ["first in"]  # the burst waits for the call in flight; late waits too
    assert lock.held()
    release.set()
    await asyncio.gather(first, deep, late)
    assert events == ["first in", "first out", "burst in", "burst out", "late in", "late out"]
    assert not lock.held()


async def test_a_call_held_back_longer_than_its_queue_timeout_falls_back(tmp_path):
    lock = BurstLock(tmp_path, "http://box:8000/v1")
    async with lock.exclusive():

        async def call() -> None:
            async with lock.shared(0.2, WHERE):
                pass

        with pytest.raises(LaneUnavailable, match="held by a burst") as err:
            # A fresh context: another caller, not one of the burst's own calls.
            await asyncio.create_task(call(), context=contextvars.Context())
    assert err.value.busy


async def test_the_bursts_own_calls_pass_its_gate(tmp_path):
    lock = BurstLock(tmp_path, "http://box:8000/v1")

    async def own_model_call() -> str:
        async with lock.shared(5, WHERE):
            return "answered"

    async with lock.exclusive():
        # In a task of its own, as LangGraph runs nodes: the context carries the burst.
        result = await asyncio.wait_for(asyncio.create_task(own_model_call()), timeout=2)
    assert result == "answered"


async def test_batch_work_takes_turns_at_the_endpoints_slots(table_from_env):
    table = table_from_env(
        ARGOS_LLM_BASE_URL="http://box:8000/v1",
        ARGOS_LANE_CODER_MAX_PARALLEL="2",
        ARGOS_LANE_CODER_MAX_QUEUE="1",
    )
    gateway = LaneGateway(table)
    busy, most = 0, 0

    async def item() -> None:
        nonlocal busy, most
        async with gateway.paced(Lane.SUPER_READER):  # same server as the coder: one pacer
            busy += 1
            most = max(most, busy)
            await asyncio.sleep(0.01)
            busy -= 1

    await asyncio.gather(*(item() for _ in range(9)))  # three times slots plus queue
    assert most == 2


def test_a_private_lock_folder_goes_with_its_gateway(table_from_env):
    gateway = LaneGateway(table_from_env())
    gateway.endpoint(gateway.table[Lane.CODER])
    folder = gateway._lock_dir  # the private folder this gateway made
    assert folder.is_dir() and folder.name.startswith("cortex-locks-")
    del gateway
    gc.collect()
    assert not folder.exists()
