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

from lanes.core.errors import LaneUnavailable

POLL_S = 0.05

# The endpoints whose burst this task (and the tasks it starts) holds: the burst's own
# model calls go through instead of waiting for themselves.
_holding: ContextVar[frozenset[str]] = ContextVar("burst_holding", default=frozenset())


class BurstLock:
    """One endpoint's burst lock, shared by every process that uses the same folder.

    Interactive calls of this process share one descriptor on the ``busy`` file, held
    shared while any of them is in flight: no file is opened per call, and nothing here
    blocks the event loop (a ``flock`` that would wait is polled instead).
    """

    def __init__(self, folder: Path, endpoint: str) -> None:
        """Lock files for ``endpoint`` under ``folder`` (which must exist)."""
        key = hashlib.sha256(endpoint.encode()).hexdigest()[:16]
        self._key = key
        self._burst = folder / f"{key}.burst"
        self._busy = folder / f"{key}.busy"
        self._gate_fd: int | None = None
        self._busy_fd: int | None = None
        self._inside = 0  # this process's interactive calls in flight

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
        while not self._enter():
            if time.monotonic() >= deadline:
                raise LaneUnavailable(
                    f"held by a burst (deep ingest) for over {timeout_s:g}s", busy=True, **where
                )
            await asyncio.sleep(POLL_S)
        try:
            yield
        finally:
            self._inside -= 1
            if self._inside == 0:
                fcntl.flock(self._busy_descriptor(), fcntl.LOCK_UN)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """A burst: new calls wait, calls in flight finish, then the burst runs alone."""
        burst = os.open(self._burst, os.O_RDWR | os.O_CREAT, 0o644)
        busy = os.open(self._busy, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            await _acquire(burst, fcntl.LOCK_EX)
            await _acquire(busy, fcntl.LOCK_EX)
            token = _holding.set(_holding.get() | {self._key})
            try:
                yield
            finally:
                _holding.reset(token)
        finally:
            os.close(busy)  # closing a descriptor releases its lock
            os.close(burst)

    def inside(self) -> bool:
        """Whether the running task is part of a burst this process holds on the endpoint."""
        return self._key in _holding.get()

    def held(self) -> bool:
        """Whether a burst holds or awaits the endpoint now (for status pages)."""
        gate = self._gate_descriptor()
        if not _try(gate, fcntl.LOCK_SH):
            return True
        fcntl.flock(gate, fcntl.LOCK_UN)
        return False

    def _enter(self) -> bool:
        """Count a call in, unless a burst holds or awaits the endpoint."""
        if self.held():
            return False
        if self._inside == 0 and not _try(self._busy_descriptor(), fcntl.LOCK_SH):
            return False
        self._inside += 1
        return True

    def _gate_descriptor(self) -> int:
        if self._gate_fd is None:
            self._gate_fd = os.open(self._burst, os.O_RDWR | os.O_CREAT, 0o644)
        return self._gate_fd

    def _busy_descriptor(self) -> int:
        if self._busy_fd is None:
            self._busy_fd = os.open(self._busy, os.O_RDWR | os.O_CREAT, 0o644)
        return self._busy_fd

    def close(self) -> None:
        """Close this process's descriptors (releasing what they hold)."""
        for fd in (self._gate_fd, self._busy_fd):
            if fd is not None:
                os.close(fd)
        self._gate_fd = self._busy_fd = None


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
