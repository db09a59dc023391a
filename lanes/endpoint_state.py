"""Everything a gateway keeps about one endpoint: breaker, limits, burst lock, recent calls.

Lanes that resolve to the same server (or model file) share one of these, so their
limits add up to the endpoint's, not a multiple of it.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import weakref
from collections import deque
from dataclasses import dataclass
from typing import Any

from lanes.breaker import BreakerPolicy, CircuitBreaker
from lanes.burst import BurstLock
from lanes.limiter import EndpointLimiter
from lanes.redact import redact

RECENT_CALLS = 50


@dataclass(frozen=True)
class Limits:
    """How much one endpoint takes (``ARGOS_LANE_<LANE>_MAX_PARALLEL`` and friends)."""

    max_parallel: int
    max_queue: int
    queue_timeout_s: float


class EndpointState:
    """One endpoint's breaker, per-loop limiter, burst lock and recent history."""

    def __init__(
        self, endpoint: str, limits: Limits, policy: BreakerPolicy, burst: BurstLock
    ) -> None:
        """Closed breaker, no calls yet."""
        self.endpoint = endpoint
        self.limits = limits
        self.breaker = CircuitBreaker(policy)
        self.burst = burst
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, EndpointLimiter]
        self._limiters = weakref.WeakKeyDictionary()
        self._latencies: deque[float] = deque(maxlen=RECENT_CALLS)
        self.calls = 0
        self.failures = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None

    def limiter(self) -> EndpointLimiter:
        """The running loop's limiter (semaphores belong to one loop)."""
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters[loop] = EndpointLimiter(
                self.limits.max_parallel, self.limits.max_queue, self.limits.queue_timeout_s
            )
        return limiter

    def record(self, latency_ms: float, error: str | None = None) -> None:
        """Remember one call's latency and, if it failed, its error."""
        self.calls += 1
        self._latencies.append(latency_ms)
        if error is not None:
            self.failures += 1
            self.last_error = redact(error)
            self.last_error_at = time.time()

    def snapshot(self) -> dict[str, Any]:
        """The endpoint's state now, as JSON (keys and passwords never appear)."""
        limiters = list(self._limiters.values())
        recent = sorted(self._latencies)
        reopens = self.breaker.reopens_at - time.monotonic()
        state = self.breaker.state
        return {
            "endpoint": self.endpoint,
            "breaker": state.value,
            "reopens_in_s": round(reopens, 1) if state.value != "closed" and reopens > 0 else None,
            "in_flight": sum(limiter.in_flight for limiter in limiters),
            "queued": sum(limiter.waiting for limiter in limiters),
            "max_parallel": self.limits.max_parallel,
            "max_queue": self.limits.max_queue,
            "burst_held": self.burst.held(),
            "calls": self.calls,
            "failures": self.failures,
            "latency_ms": {
                "p50": round(statistics.median(recent), 1) if recent else None,
                "p95": round(recent[int(0.95 * (len(recent) - 1))], 1) if recent else None,
                "recent": len(recent),
            },
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
        }
