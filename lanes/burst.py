"""Burst mode: a deep-ingest run takes a backend to itself.

On the reference machine (128 GB, see compose/) vLLM holds 48 GB and llama.cpp 64 GB; a
4M-token deep ingest on llama.cpp can use the whole of its partition for KV cache.
While a burst holds an endpoint exclusively, interactive calls to lanes on the same
endpoint wait (up to their queue timeout, then fall back) instead of pushing it out
of memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

# The gates whose burst this task (and the tasks it starts) holds: the burst's own
# model calls go through its gate instead of waiting for themselves.
_holding: ContextVar[frozenset[int]] = ContextVar("burst_holding", default=frozenset())


class EndpointGate:
    """Many interactive calls at once, or one burst alone."""

    def __init__(self) -> None:
        """Open, with nobody inside."""
        self._changed = asyncio.Condition()
        self._shared = 0
        self._burst = False

    @asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        """An interactive call: waits while a burst holds the endpoint (unless it is ours)."""
        if id(self) in _holding.get():
            yield
            return
        async with self._changed:
            await self._changed.wait_for(lambda: not self._burst)
            self._shared += 1
        try:
            yield
        finally:
            async with self._changed:
                self._shared -= 1
                self._changed.notify_all()

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """A burst: new calls wait, calls in flight finish, then the burst runs alone."""
        async with self._changed:
            await self._changed.wait_for(lambda: not self._burst)
            self._burst = True
            await self._changed.wait_for(lambda: self._shared == 0)
        token = _holding.set(_holding.get() | {id(self)})
        try:
            yield
        finally:
            _holding.reset(token)
            async with self._changed:
                self._burst = False
                self._changed.notify_all()


_gates: dict[tuple[int, str], EndpointGate] = {}


def gate_for(endpoint: str) -> EndpointGate:
    """The gate of ``endpoint`` in the running event loop."""
    key = (id(asyncio.get_running_loop()), endpoint)
    gate = _gates.get(key)
    if gate is None:
        gate = _gates[key] = EndpointGate()
    return gate
