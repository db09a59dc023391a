"""The failed attempts of each graph task, until the task succeeds or gives up.

A failed node's state writes are discarded, so the attempts that failed before the
one that succeeds are kept here, keyed by the task id LangGraph keeps across a node's
retries, and written into the trace by the attempt that succeeds. :func:`lanes.call`
clears a task's entry on every way out (success, giving up, a rejected request,
cancellation); an entry a killed run leaves behind is swept after ``STALE_S``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from lanes.errors import LaneError
from lanes.lane import Lane
from lanes.trace import TraceEntry

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
