"""Everything a gateway keeps about one endpoint: breaker, limits, burst lock, recent calls.

Lanes that resolve to the same server (or model file) share one of these, so their
limits add up to the endpoint's, not a multiple of it. With ``ARGOS_REDIS_URL`` set,
the breaker, the requests in flight and the burst gate are also shared with every
other worker through Redis (:mod:`lanes.endpoint.shared`); while Redis is away, this
process's own state decides.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from lanes.config.breaker_policy import BreakerPolicy
from lanes.core.redact import redact
from lanes.endpoint.breaker import BreakerState, CircuitBreaker
from lanes.endpoint.burst import BurstLock
from lanes.endpoint.lease import LeaseKeeper
from lanes.endpoint.limiter import EndpointLimiter
from lanes.endpoint.shared import SharedEndpoint
from lanes.telemetry import events, metrics
from lanes.telemetry.percentiles import summary

RECENT_CALLS = 50


@dataclass(frozen=True)
class Limits:
    """How much one endpoint takes (``ARGOS_LANE_<LANE>_MAX_PARALLEL`` and friends)."""

    max_parallel: int
    max_queue: int
    queue_timeout_s: float


@dataclass
class Outcome:
    """How a guarded request ended; set ``succeeded`` when the endpoint answered well."""

    succeeded: bool = False


class EndpointState:
    """One endpoint's breaker, per-loop limiter, burst lock and recent history.

    Its breaker changes are reported (:func:`lanes.telemetry.events.breaker_transition`):
    with Redis up, the changes Redis made, by the worker that made them; else this
    process's own breaker's.
    """

    def __init__(
        self,
        endpoint: str,
        limits: Limits,
        policy: BreakerPolicy,
        burst: BurstLock,
        shared: SharedEndpoint | None = None,
        *,
        backend: str = "?",
    ) -> None:
        """Closed breaker, no calls yet; ``shared`` is the Redis side, if configured."""
        self.endpoint = endpoint
        self.backend = backend
        self.limits = limits
        self.policy = policy
        self.breaker = CircuitBreaker(policy)
        self.burst = burst
        self.shared = shared
        if shared is not None:
            shared.on_change = self._report
        label = events.endpoint_label(endpoint)
        self._gauges = (
            metrics.IN_FLIGHT.labels(label, backend),
            metrics.QUEUED.labels(label, backend),
        )
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, EndpointLimiter]
        self._limiters = weakref.WeakKeyDictionary()
        self._pacers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._pacers = weakref.WeakKeyDictionary()
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
                self.limits.max_parallel,
                self.limits.max_queue,
                self.limits.queue_timeout_s,
                self._gauges,
            )
        return limiter

    def pacer(self) -> asyncio.Semaphore:
        """The running loop's turn-taking for batch work: ``max_parallel`` at a time.

        A batch (the super-reader's sections) waits here, without a deadline, instead of
        in the limiter's queue, which is bounded and timed for single requests: a batch
        larger than the queue would otherwise be refused as "queue full".
        """
        loop = asyncio.get_running_loop()
        pacer = self._pacers.get(loop)
        if pacer is None:
            pacer = self._pacers[loop] = asyncio.Semaphore(self.limits.max_parallel)
        return pacer

    async def allow(self) -> bool:
        """Whether a request may go to the endpoint now (see :class:`CircuitBreaker`)."""
        if self.shared is not None and (allowed := await self.shared.allow()) is not None:
            return allowed
        before = self.breaker.state
        allowed = self.breaker.allow()
        if allowed and before is BreakerState.HALF_OPEN:
            self._report(BreakerState.OPEN, BreakerState.HALF_OPEN)
        return allowed

    def force_probe(self) -> None:
        """Let one request through although the breaker is open (every lane is open)."""
        self.breaker.force_probe()

    async def reopens_in(self) -> float:
        """Seconds until an open breaker lets a probe through (0 if it is not open)."""
        view = await self.shared.view() if self.shared is not None else None
        if view is not None:
            return view.reopens_in_s or 0.0
        return max(0.0, self.breaker.reopens_at - time.monotonic())

    async def record_failure(
        self, *, open_now: bool = False, cooldown_s: float | None = None
    ) -> None:
        """A failure that says the endpoint is unwell (see :mod:`lanes.calls.call_lane`)."""
        before = self.breaker.state
        self.breaker.record_failure(open_now=open_now, cooldown_s=cooldown_s)
        if self.shared is not None:
            cooldown = cooldown_s or self.policy.cooldown_s
            if await self.shared.record_failure(open_now=open_now, cooldown_s=cooldown) is not None:
                return  # Redis decided, and reported what it changed
        if (after := self.breaker.state) is not before:
            self._report(before, after)

    async def breaker_state(self) -> tuple[BreakerState, float | None]:
        """The breaker as recorded (shared, when Redis is up), and seconds until it reopens."""
        view = await self.shared.view() if self.shared is not None else None
        if view is not None:
            return view.breaker, view.reopens_in_s
        return self._local_breaker()

    def _local_breaker(self) -> tuple[BreakerState, float | None]:
        state = self.breaker.state
        reopens = self.breaker.reopens_at - time.monotonic()
        shut = state is BreakerState.CLOSED or reopens <= 0
        return state, None if shut else round(reopens, 1)

    @asynccontextmanager
    async def guard(self, where: dict[str, Any]) -> AsyncIterator[Outcome]:
        """Hold a slot on the endpoint for one request, here and (with Redis) everywhere.

        Waits up to the queue timeout for a slot and for a burst to end; on exit frees
        the slot, and a request marked ``succeeded`` closes the breaker.

        Raises:
            LaneUnavailable: (busy) no slot in time, or a burst holds the endpoint.

        """
        outcome = Outcome()
        timeout = self.limits.queue_timeout_s
        shared = self.shared
        async with self.limiter().slot(where), self.burst.shared(timeout, where):
            member = None
            if shared is not None:
                member = await shared.take(timeout, where, inside_burst=self.burst.inside())
            keeper = None
            if shared is not None and member is not None:
                keeper = LeaseKeeper(shared.renew, member, shared.link.lease_s / 3)
            try:
                yield outcome
            finally:
                if keeper is not None:
                    keeper.cancel()
                before = self.breaker.state
                if outcome.succeeded:
                    self.breaker.record_success()
                told = None
                if shared is not None and member is not None:
                    told = await shared.leave(member, succeeded=outcome.succeeded)
                if outcome.succeeded and told is None and before is not BreakerState.CLOSED:
                    self._report(before, BreakerState.CLOSED)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """A burst: this machine's lock, and with Redis the gate every worker checks."""
        async with self.burst.exclusive():
            if self.shared is None:
                yield
            else:
                async with self.shared.burst():
                    yield

    def _report(self, before: BreakerState, after: BreakerState) -> None:
        events.breaker_transition(self.endpoint, self.backend, before.value, after.value)

    def record(self, latency_ms: float, error: str | None = None) -> None:
        """Remember one call's latency and, if it failed, its error."""
        self.calls += 1
        self._latencies.append(latency_ms)
        if error is not None:
            self.failures += 1
            self.last_error = redact(error)
            self.last_error_at = time.time()

    async def snapshot(self) -> dict[str, Any]:
        """The endpoint's state now, as JSON (keys and passwords never appear).

        With Redis up, the breaker, ``in_flight`` and ``burst_held`` are every worker's;
        ``queued``, ``calls`` and latencies are this process's.
        """
        limiters = list(self._limiters.values())
        recent = list(self._latencies)
        here = sum(limiter.in_flight for limiter in limiters)
        view = await self.shared.view() if self.shared is not None else None
        if view is not None:
            state, reopens = view.breaker, view.reopens_in_s
            in_flight, burst = view.in_flight, view.burst_held or self.burst.held()
        else:
            state, reopens = self._local_breaker()
            in_flight, burst = here, self.burst.held()
        events.breaker_state(self.endpoint, self.backend, state.value)  # fresh for a scrape
        return {
            "endpoint": self.endpoint,
            "shared": "redis" if view is not None else "local",
            "breaker": state.value,
            "reopens_in_s": round(reopens, 1) if reopens else None,
            "in_flight": in_flight,
            "in_flight_here": here,
            "queued": sum(limiter.waiting for limiter in limiters),
            "max_parallel": self.limits.max_parallel,
            "max_queue": self.limits.max_queue,
            "burst_held": burst,
            "calls": self.calls,
            "failures": self.failures,
            "latency_ms": summary(recent),
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
        }
