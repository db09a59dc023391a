"""Circuit breakers, one per backend endpoint; the gateway keeps them.

Lanes that share a server share one.

closed --N failures in the window (or one OOM/timeout)--> open --cooldown--> half-open
half-open lets exactly one probe through: success closes, failure opens again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum

from lanes.config.breaker_policy import BreakerPolicy


class BreakerState(StrEnum):
    """Where a breaker stands."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Tracks one endpoint's recent failures and decides whether to send it work."""

    def __init__(self, policy: BreakerPolicy, clock: Callable[[], float] = time.monotonic) -> None:
        """Start closed."""
        self.policy = policy
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: deque[float] = deque()
        self._open_until: float | None = None
        self._probing = False

    @property
    def state(self) -> BreakerState:
        """The state now (an open breaker whose cooldown is over reads half-open)."""
        with self._lock:
            return self._state()

    @property
    def reopens_at(self) -> float:
        """When an open breaker lets a probe through (now, if it is not open)."""
        with self._lock:
            return self._open_until if self._open_until is not None else self._clock()

    def allow(self) -> bool:
        """Whether a request may go to this endpoint now; in half-open, one probe only."""
        with self._lock:
            state = self._state()
            if state is BreakerState.CLOSED:
                return True
            if state is BreakerState.HALF_OPEN and not self._probing:
                self._probing = True
                return True
            return False

    def force_probe(self) -> None:
        """Let one request through although the breaker is open (every lane is open)."""
        with self._lock:
            self._probing = True

    def record_success(self) -> None:
        """A request succeeded: close."""
        with self._lock:
            self._failures.clear()
            self._open_until = None
            self._probing = False

    def record_failure(self, *, open_now: bool = False, cooldown_s: float | None = None) -> None:
        """A request failed; open on the Nth failure in the window, or at once if told."""
        with self._lock:
            now = self._clock()
            self._failures.append(now)
            while self._failures and self._failures[0] < now - self.policy.window_s:
                self._failures.popleft()
            probe_failed = self._probing
            self._probing = False
            if open_now or probe_failed or len(self._failures) >= self.policy.failures:
                self._open_until = now + (cooldown_s or self.policy.cooldown_s)

    def _state(self) -> BreakerState:
        if self._open_until is None:
            return BreakerState.CLOSED
        return BreakerState.OPEN if self._clock() < self._open_until else BreakerState.HALF_OPEN
