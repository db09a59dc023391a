"""Burst mode: a deep-ingest run takes a backend to itself, across processes.

On the reference machine (128 GB, see compose/) vLLM holds 48 GB and llama.cpp 64 GB; a
4M-token deep ingest on llama.cpp can use the whole of its partition for KV cache.
While a burst holds an endpoint, interactive calls to lanes on that endpoint, from any
process on this machine (a running ``langgraph dev``, another ``cortex``), wait up to
their queue timeout and then fall back instead of pushing it out of memory.

Two advisory ``flock`` files per endpoint under ``ARGOS_DATA_DIR/locks``:

- ``<key>.burst``: a burst holds it exclusively from start to end; an interactive call
  takes it shared for an instant to see that no burst holds or awaits it;
- ``<key>.busy``: interactive calls hold it shared while in flight; a burst takes it
  exclusively, so it starts once the calls in flight have finished.

The kernel drops a lock when its process dies, so a killed ingest frees the endpoint.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from lanes.errors import LaneUnavailable

POLL_S = 0.05

# The endpoints whose burst this task (and the tasks it starts) holds: the burst's own
# model calls go through instead of waiting for themselves.
_holding: ContextVar[frozenset[str]] = ContextVar("burst_holding", default=frozenset())


class BurstLock:
    """One endpoint's burst lock, shared by every process that uses the same folder."""

    def __init__(self, folder: Path, endpoint: str) -> None:
        """Lock files for ``endpoint`` under ``folder`` (created on first use)."""
        key = hashlib.sha256(endpoint.encode()).hexdigest()[:16]
        self.folder = folder
        self._key = key
        self._burst = folder / f"{key}.burst"
        self._busy = folder / f"{key}.busy"

    @asynccontextmanager
    async def shared(self, timeout_s: float, where: dict[str, Any]) -> AsyncIterator[None]:
        """An interactive call: waits up to ``timeout_s`` while a burst holds the endpoint.

        Raises:
            LaneUnavailable: (busy) the burst did not end in time; the work falls back.

        """
        if self._key in _holding.get():
            yield
            return
        deadline = time.monotonic() + timeout_s
        busy = self._open(self._busy)
        try:
            while not self._enter(busy):
                if time.monotonic() >= deadline:
                    raise LaneUnavailable(
                        f"held by a burst (deep ingest) for over {timeout_s:g}s",
                        busy=True,
                        **where,
                    )
                await asyncio.sleep(POLL_S)
            yield
        finally:
            os.close(busy)  # closing the descriptor releases its lock

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """A burst: new calls wait, calls in flight finish, then the burst runs alone."""
        burst = self._open(self._burst)
        busy = self._open(self._busy)
        try:
            await _acquire(burst, fcntl.LOCK_EX)
            await _acquire(busy, fcntl.LOCK_EX)
            token = _holding.set(_holding.get() | {self._key})
            try:
                yield
            finally:
                _holding.reset(token)
        finally:
            os.close(busy)
            os.close(burst)

    def held(self) -> bool:
        """Whether a burst holds or awaits the endpoint now (for status pages)."""
        probe = self._open(self._burst)
        try:
            return not _try(probe, fcntl.LOCK_SH)
        finally:
            os.close(probe)

    def _enter(self, busy: int) -> bool:
        """Take ``busy`` shared if no burst holds or awaits the endpoint."""
        gate = self._open(self._burst)
        try:
            return _try(gate, fcntl.LOCK_SH) and _try(busy, fcntl.LOCK_SH)
        finally:
            os.close(gate)

    def _open(self, path: Path) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


async def _acquire(fd: int, mode: int) -> None:
    """Take the lock, polling: the wait stays cancellable and needs no thread."""
    while not _try(fd, mode):
        await asyncio.sleep(POLL_S)
