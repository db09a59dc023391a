"""Waiting for a lock, bounded: every lock of the stores waits the same way, then says so.

A writer retries its attempt, backing off from 1 ms to 50 ms, for at most ``wait_s``;
then it gets ``StoreBusy``, a one-line error, never an endless wait.
"""

from __future__ import annotations

import asyncio
import inspect
import random
import time
from collections.abc import Awaitable, Callable

from lanes.core.errors import CortexError


class StoreBusy(CortexError):
    """Another writer held the lock for longer than a writer waits."""


async def wait_for(attempt: Callable[[], bool | Awaitable[bool]], name: str, wait_s: float) -> None:
    """Try ``attempt`` until it returns true.

    Raises:
        StoreBusy: it did not within ``wait_s`` seconds.

    """
    deadline = time.monotonic() + wait_s
    pause = 0.001
    while True:
        taken = attempt()
        if inspect.isawaitable(taken):
            taken = await taken
        if taken:
            return
        if time.monotonic() >= deadline:
            raise StoreBusy(
                f"'{name}' has been busy for {wait_s:.0f} s (another writer holds it); try again"
            )
        await asyncio.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 0.05)
