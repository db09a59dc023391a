"""Which lane takes the next attempt, and the graph retry policy that makes it happen.

A lane node carries ``LANE_FALLBACK``: LangGraph re-runs the node when it raises one of
the retryable lane errors, and every run asks :func:`next_lane` which lane to use. The
attempts of one task are kept in a ledger, because a failed node's state writes are
discarded: the gateway's :class:`AttemptLedger` keeps them, keyed by the task id
LangGraph keeps across a node's retries, until the successful attempt writes the whole
history into the trace. :func:`lanes.calls.call_lane.call_lane` clears a task's entry on
every way out (success, giving up, a rejected request, cancellation); an entry a killed
run leaves behind is swept after ``STALE_S``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from langgraph.types import RetryPolicy

from lanes.config.lane_table import LaneTable
from lanes.core.errors import (
    ContextOverflow,
    InvalidModelOutput,
    LaneError,
    LaneOutOfMemory,
    LaneUnavailable,
)
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry

LANE_FALLBACK = RetryPolicy(
    initial_interval=0.01,  # the next attempt goes to another lane: no need to wait
    backoff_factor=1.0,
    max_attempts=len(Lane) + 1,
    jitter=False,
    retry_on=(LaneUnavailable, ContextOverflow, LaneOutOfMemory, InvalidModelOutput),
)


STALE_S = 3600.0


@dataclass(frozen=True)
class Attempt:
    """One failed attempt of a task: the lane, its trace entry and its error."""

    lane: Lane
    trace: TraceEntry
    error: LaneError


class AttemptLedger:
    """Failed attempts per task id (a gateway keeps one)."""

    def __init__(self) -> None:
        """Empty."""
        self._lock = threading.Lock()
        self._attempts: dict[str, tuple[float, list[Attempt]]] = {}

    def failed(self, task_id: str) -> list[Attempt]:
        """The task's failed attempts so far."""
        with self._lock:
            entry = self._attempts.get(task_id)
            return list(entry[1]) if entry else []

    def add(self, task_id: str, attempt: Attempt) -> None:
        """Record a failed attempt (and sweep entries a killed run left behind)."""
        now = time.monotonic()
        with self._lock:
            for stale in [k for k, (t, _) in self._attempts.items() if now - t > STALE_S]:
                del self._attempts[stale]
            _, attempts = self._attempts.get(task_id, (now, []))
            self._attempts[task_id] = (now, [*attempts, attempt])

    def pop(self, task_id: str) -> list[Attempt]:
        """Forget the task, returning its failed attempts."""
        with self._lock:
            entry = self._attempts.pop(task_id, None)
            return entry[1] if entry else []

    def __len__(self) -> int:
        """Tasks with failed attempts on record."""
        with self._lock:
            return len(self._attempts)


class Breaker(Protocol):
    """What choosing a lane asks of an endpoint's breaker (local or shared)."""

    async def allow(self) -> bool:
        """Whether a request may go now."""
        ...

    async def reopens_in(self) -> float:
        """Seconds until an open breaker lets a probe through."""
        ...

    def force_probe(self) -> None:
        """Let one request through although the breaker is open."""
        ...


def candidates(primary: Lane, table: LaneTable, *, needs_tools: bool = False) -> list[Lane]:
    """The primary lane then its fallback chain; only tool-capable lanes for tool steps."""
    lanes = [primary, *table[primary].fallback_chain]
    return [lane for lane in lanes if table[lane].supports_tools or not needs_tools]


def remaining(
    primary: Lane, failed: Sequence[Attempt], table: LaneTable, *, needs_tools: bool = False
) -> list[Lane]:
    """Lanes still worth trying: not tried, not on an endpoint that failed this task.

    After a context overflow only the super-reader (the long-context lane) is worth it.
    """
    tried = {a.lane for a in failed}
    dead = {table[a.lane].endpoint for a in failed}
    pool = [
        lane
        for lane in candidates(primary, table, needs_tools=needs_tools)
        if lane not in tried and table[lane].endpoint not in dead
    ]
    if failed and isinstance(failed[-1].error, ContextOverflow):
        reader = Lane.SUPER_READER
        too_small = table[reader].context_window <= table[failed[-1].lane].context_window
        return [] if reader in tried or too_small else [reader]
    return pool


async def next_lane(
    primary: Lane,
    failed: Sequence[Attempt],
    table: LaneTable,
    breaker_of: Callable[[str], Breaker],
    *,
    needs_tools: bool = False,
) -> Lane | None:
    """The first remaining lane whose breaker lets a request through.

    If every remaining lane's breaker is open, the one whose cooldown ends first gets a
    probe rather than refusing the work outright.
    """
    pool = remaining(primary, failed, table, needs_tools=needs_tools)
    for lane in pool:
        if await breaker_of(table[lane].endpoint).allow():
            return lane
    if not pool:
        return None
    waits = [await breaker_of(table[lane].endpoint).reopens_in() for lane in pool]
    soonest = pool[waits.index(min(waits))]
    breaker_of(table[soonest].endpoint).force_probe()
    return soonest
