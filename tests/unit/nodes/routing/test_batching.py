from __future__ import annotations

import asyncio
import threading

import pytest

from nodes.routing.batching import Batcher


class Doubler:
    """Doubles numbers; remembers each call's items; can be held to let callers queue."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def __call__(self, items: list[int]) -> list[int]:
        self.entered.set()
        self.gate.wait(timeout=5)
        self.calls.append(list(items))
        if -1 in items:
            raise ValueError("no negative ones")
        return [2 * item for item in items]


async def test_a_lone_caller_runs_at_once():
    fn = Doubler()
    assert await Batcher(fn).run([1, 2]) == [2, 4]
    assert fn.calls == [[1, 2]]


async def test_a_submitted_call_runs_while_the_caller_does_other_work():
    fn = Doubler()
    future = Batcher(fn).submit([3])
    # No await yet: the caller is busy, and the call is already running on a thread.
    assert fn.entered.wait(timeout=5)
    assert await future == [6]


async def test_callers_that_arrive_while_a_call_runs_share_the_next_one():
    fn = Doubler()
    batcher = Batcher(fn, max_items=4)
    fn.gate.clear()
    first = asyncio.create_task(batcher.run([1]))
    await asyncio.sleep(0.05)  # the first call is running (held)
    waiting = [asyncio.create_task(batcher.run([n, n + 100])) for n in (2, 3, 4)]
    await asyncio.sleep(0.05)
    fn.gate.set()
    results = await asyncio.gather(first, *waiting)
    assert results == [[2], [4, 204], [6, 206], [8, 208]]  # each caller gets its own share
    # Two callers (4 items) fit the next call; the third waits for the one after.
    assert fn.calls == [[1], [2, 102, 3, 103], [4, 104]]


async def test_a_failure_reaches_only_the_callers_of_that_call():
    fn = Doubler()
    batcher = Batcher(fn, max_items=2)
    fn.gate.clear()
    first = asyncio.create_task(batcher.run([5]))
    await asyncio.sleep(0.05)
    bad = asyncio.create_task(batcher.run([-1, 1]))
    good = asyncio.create_task(batcher.run([7]))
    await asyncio.sleep(0.05)
    fn.gate.set()
    assert await first == [10]
    with pytest.raises(ValueError, match="no negative ones"):
        await bad
    assert await good == [14]


async def test_a_cancelled_caller_does_not_stop_the_others():
    fn = Doubler()
    batcher = Batcher(fn)
    fn.gate.clear()
    first = asyncio.create_task(batcher.run([1]))
    await asyncio.sleep(0.05)
    leaving = asyncio.create_task(batcher.run([2]))
    staying = asyncio.create_task(batcher.run([3]))
    await asyncio.sleep(0.05)
    leaving.cancel()
    fn.gate.set()
    assert await first == [2] and await staying == [6]
    assert leaving.cancelled()
