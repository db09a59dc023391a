"""Per-endpoint concurrency: requests in flight, with a bounded, timed wait queue.

A request that cannot get a slot in time raises ``LaneUnavailable``, so the work falls
back to another lane instead of piling up behind a saturated server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from prometheus_client import Gauge

from lanes.core.errors import LaneUnavailable


class EndpointLimiter:
    """At most ``max_parallel`` requests in flight and ``max_queue`` waiting, on one loop."""

    def __init__(
        self,
        max_parallel: int,
        max_queue: int,
        queue_timeout_s: float,
        gauges: tuple[Gauge, Gauge] | None = None,
    ) -> None:
        """Create the limiter (bound to the running event loop on first use).

        ``gauges`` (in flight, queued), the endpoint's Prometheus gauges, follow the counts.
        """
        self._slots = asyncio.Semaphore(max_parallel)
        self._max_queue = max_queue
        self._timeout = queue_timeout_s
        self._gauges = gauges
        self.waiting = 0
        self.in_flight = 0

    @asynccontextmanager
    async def slot(self, where: dict[str, Any]) -> AsyncIterator[None]:
        """Hold a slot for the duration of one request; ``where`` names it in errors."""
        if self._slots.locked():
            if self.waiting >= self._max_queue:
                raise LaneUnavailable(f"queue full ({self._max_queue} waiting)", busy=True, **where)
            self._count(queued=1)
            try:
                await asyncio.wait_for(self._slots.acquire(), self._timeout)
            except TimeoutError:
                raise LaneUnavailable(
                    f"no free slot within {self._timeout:g}s", busy=True, **where
                ) from None
            finally:
                self._count(queued=-1)
        else:
            await self._slots.acquire()  # free: returns at once
        self._count(in_flight=1)
        try:
            yield
        finally:
            self._count(in_flight=-1)
            self._slots.release()

    def _count(self, *, in_flight: int = 0, queued: int = 0) -> None:
        self.in_flight += in_flight
        self.waiting += queued
        if self._gauges is not None:
            self._gauges[0].inc(in_flight)
            self._gauges[1].inc(queued)
