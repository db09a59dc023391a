"""Per-lane concurrency: a limit on requests in flight, with a bounded, timed wait queue.

A request that cannot get a slot in time raises ``LaneUnavailable``, so the work falls
back to another lane instead of piling up behind a saturated one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from lanes.errors import LaneUnavailable
from lanes.resolved import ResolvedLane


class LaneLimiter:
    """At most ``max_parallel`` requests in flight and ``max_queue`` waiting."""

    def __init__(self, max_parallel: int, max_queue: int, queue_timeout_s: float) -> None:
        """Create the limiter (bound to the running event loop on first use)."""
        self._slots = asyncio.Semaphore(max_parallel)
        self._max_queue = max_queue
        self._timeout = queue_timeout_s
        self._waiting = 0

    @asynccontextmanager
    async def slot(self, resolved: ResolvedLane) -> AsyncIterator[None]:
        """Hold a slot for the duration of one request."""
        if self._slots.locked() and self._waiting >= self._max_queue:
            raise LaneUnavailable(
                f"queue full ({self._max_queue} waiting)", busy=True, **_where(resolved)
            )
        self._waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self._timeout)
        except TimeoutError:
            raise LaneUnavailable(
                f"no free slot within {self._timeout:g}s", busy=True, **_where(resolved)
            ) from None
        finally:
            self._waiting -= 1
        try:
            yield
        finally:
            self._slots.release()


_limiters: dict[tuple[int, str], LaneLimiter] = {}


def limiter_for(resolved: ResolvedLane) -> LaneLimiter:
    """The limiter of ``resolved``'s lane in the running event loop."""
    key = (id(asyncio.get_running_loop()), resolved.lane.value)
    limiter = _limiters.get(key)
    if limiter is None:
        limiter = _limiters[key] = LaneLimiter(
            resolved.max_parallel, resolved.max_queue, resolved.queue_timeout_s
        )
    return limiter


def _where(resolved: ResolvedLane) -> dict[str, Any]:
    return {"lane": resolved.lane.value, "endpoint": resolved.endpoint, "model": resolved.model}
