"""Keep a lease alive while a request runs: renew it every third of its length.

A worker that dies stops renewing, and its slot is free once the lease ends. One timer
per request, re-armed on each renewal: no task runs unless a request outlives a third
of its lease.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class LeaseKeeper:
    """Renews ``member``'s lease every ``period_s`` until cancelled."""

    def __init__(
        self, renew: Callable[[str], Awaitable[None]], member: str, period_s: float
    ) -> None:
        """Start the timer on the running loop."""
        self._renew = renew
        self._member = member
        self._period = period_s
        self._loop = asyncio.get_running_loop()
        self._tasks: set[asyncio.Task[None]] = set()
        self._timer = self._loop.call_later(period_s, self._fire)

    def _fire(self) -> None:
        task = self._loop.create_task(self._renew_once())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._timer = self._loop.call_later(self._period, self._fire)

    async def _renew_once(self) -> None:
        await self._renew(self._member)

    def cancel(self) -> None:
        """Stop renewing (the request is over)."""
        self._timer.cancel()
        for task in self._tasks:
            task.cancel()
