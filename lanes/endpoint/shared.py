"""One endpoint's state as every worker sees it: breaker, slots in flight, burst gate.

Each method is one script in Redis and returns ``None`` when Redis is away; the caller
(:class:`lanes.endpoint.state.EndpointState`) then decides on its own state. The breaker
changes a script makes are reported to ``on_change`` (the worker that made the change
reports it, once).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from lanes.config.breaker_policy import BreakerPolicy
from lanes.core.errors import LaneUnavailable
from lanes.endpoint.breaker import BreakerState
from lanes.endpoint.redis_link import RedisLink

POLL_S = 0.02

BreakerChange = Callable[[BreakerState, BreakerState], None]
# What FAILURE opened the breaker from, and what LEAVE's success closed (redis_scripts).
_OPENED_FROM = {1: BreakerState.CLOSED, 2: BreakerState.HALF_OPEN}
_CLOSED_FROM = {1: BreakerState.HALF_OPEN, 2: BreakerState.OPEN}


@dataclass(frozen=True)
class SharedView:
    """What Redis records for one endpoint."""

    breaker: BreakerState
    reopens_in_s: float | None
    in_flight: int
    burst_held: bool
    recent_failures: int


class SharedEndpoint:
    """The Redis side of one endpoint's state."""

    def __init__(
        self,
        link: RedisLink,
        endpoint: str,
        policy: BreakerPolicy,
        max_parallel: int,
        request_timeout_s: float,
    ) -> None:
        """Keys for ``endpoint`` under the link's prefix.

        The probe token lasts as long as the probe may (the request timeout, at least
        the cooldown): while it runs no other worker probes; if its worker dies, another
        may probe once the token ends.
        """
        self.link = link
        self.policy = policy
        self.max_parallel = max_parallel
        self.on_change: BreakerChange | None = None  # who hears of the changes made here
        self._probe_ttl_ms = _ms(max(policy.cooldown_s, request_timeout_s))
        self._breaker = link.key("breaker", endpoint)
        self._fails = link.key("fails", endpoint)
        self._probe = link.key("probe", endpoint)
        self._slots = link.key("slots", endpoint)
        self._burst = link.key("burst", endpoint)

    async def allow(self) -> bool | None:
        """Whether a request may go now; half-open lets one worker's probe through."""
        verdict = await self.link.run(
            "ALLOW",
            [self._breaker, self._probe, self._fails],
            [self.link.member(), self._probe_ttl_ms],
        )
        if verdict == 2:  # this worker holds the half-open probe
            self._changed(BreakerState.OPEN, BreakerState.HALF_OPEN)
        return None if verdict is None else verdict != 0

    async def record_failure(self, *, open_now: bool, cooldown_s: float) -> bool | None:
        """Count a failure; True if the breaker is (re)opened by it."""
        opened = await self.link.run(
            "FAILURE",
            [self._breaker, self._fails, self._probe],
            [
                self.link.member(),
                _ms(self.policy.window_s),
                self.policy.failures,
                _ms(cooldown_s),
                int(open_now),
            ],
        )
        if opened in _OPENED_FROM:
            self._changed(_OPENED_FROM[opened], BreakerState.OPEN)
        return None if opened is None else opened != 0

    async def take(
        self, timeout_s: float, where: dict[str, Any], *, inside_burst: bool
    ) -> str | None:
        """A slot among every worker's, waiting up to ``timeout_s``; its lease's name.

        None when Redis is away: this process's own limits are all there is then.

        Raises:
            LaneUnavailable: (busy) every slot stayed taken, or a burst held the endpoint.

        """
        deadline = time.monotonic() + timeout_s
        args: list[Any] = ["", _ms(self.link.lease_s), self.max_parallel, int(inside_burst)]
        while True:
            args[0] = member = self.link.member()
            verdict = await self.link.run("ENTER", [self._slots, self._burst], args)
            if verdict is None or verdict == 1:
                return None if verdict is None else member
            if time.monotonic() >= deadline:
                wait = f"{timeout_s:g}s"
                reason = (
                    f"held by a burst (deep ingest) on another worker for over {wait}"
                    if verdict < 0
                    else f"all {self.max_parallel} slots busy across workers for {wait}"
                )
                raise LaneUnavailable(reason, busy=True, **where)
            await asyncio.sleep(POLL_S)

    async def leave(self, member: str, *, succeeded: bool) -> bool | None:
        """Free ``member``'s slot; a success closes the breaker too. None: Redis is away."""
        closed = await self.link.run(
            "LEAVE",
            [self._slots, self._breaker, self._fails, self._probe],
            [member, int(succeeded)],
        )
        if closed in _CLOSED_FROM:
            self._changed(_CLOSED_FROM[closed], BreakerState.CLOSED)
        return None if closed is None else True

    def _changed(self, before: BreakerState, after: BreakerState) -> None:
        if self.on_change is not None:
            self.on_change(before, after)

    async def renew(self, member: str) -> None:
        """Extend ``member``'s lease (a long request is not a dead worker)."""
        await self.link.run("RENEW", [self._slots], [_ms(self.link.lease_s), member])

    async def view(self) -> SharedView | None:
        """The recorded state now, without touching the endpoint."""
        raw: Any = await self.link.run(
            "VIEW", [self._breaker, self._probe, self._fails, self._slots, self._burst], []
        )
        if raw is None:
            return None
        reopens_ms, _probe, failures, in_flight, burst = (int(v) for v in raw)
        if reopens_ms < 0:
            state, reopens = BreakerState.CLOSED, None
        elif reopens_ms > 0:
            state, reopens = BreakerState.OPEN, reopens_ms / 1000
        else:
            state, reopens = BreakerState.HALF_OPEN, None
        return SharedView(state, reopens, in_flight, bool(burst), failures)

    @asynccontextmanager
    async def burst(self) -> AsyncIterator[None]:
        """Hold the endpoint for a burst on every worker: gate it, wait for calls in flight.

        Another worker's burst is waited for. If Redis goes away meanwhile, the burst
        goes on with this machine's lock alone (:class:`lanes.endpoint.burst.BurstLock`).
        """
        holder = self.link.member()
        args = [holder, _ms(self.link.lease_s)]
        while (others := await self.link.run("BURST", [self._burst, self._slots], args)) != 0:
            if others is None:
                break
            await asyncio.sleep(POLL_S * 5)
        keeper = asyncio.create_task(self._keep_burst(args))
        try:
            yield
        finally:
            keeper.cancel()
            await self.link.run("BURST_END", [self._burst], [holder])

    async def _keep_burst(self, args: list[Any]) -> None:
        while True:
            await asyncio.sleep(self.link.lease_s / 3)
            await self.link.run("BURST", [self._burst, self._slots], args)


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))
