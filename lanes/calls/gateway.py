"""The lane gateway: the one owner of everything about talking to endpoints.

A gateway holds the lane table and, per endpoint, the breaker, concurrency limit and
queue, burst lock and recent history; it caches built models per lane and event loop,
keeps the in-process models, the dialect each endpoint speaks and the failed attempts
of running tasks. Graph nodes reach it through LangGraph's runtime context
(:class:`nodes.plumbing.context.Context`); a run without one uses the process's gateway
(:func:`nodes.defaults.default_gateway`).
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from lanes.backends.factory import build_chat_model
from lanes.backends.llama_registry import LlamaRegistry
from lanes.backends.structured_output import DialectMemory
from lanes.calls.failover import AttemptLedger
from lanes.config.lane_table import LaneTable, build_lane_table
from lanes.config.resolved_lane import ResolvedLane
from lanes.config.settings import Settings
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from lanes.endpoint.breaker import CircuitBreaker
from lanes.endpoint.burst import BurstLock
from lanes.endpoint.health import HEALTH_TTL_S, Health, probe
from lanes.endpoint.redis_link import RedisLink, link_from_settings
from lanes.endpoint.shared import SharedEndpoint
from lanes.endpoint.state import EndpointState, Limits

ModelBuilder = Callable[..., BaseChatModel]
_ModelKey = tuple[Lane, Lane | None]


class LaneGateway:
    """Lanes, endpoints and models of one process (or one test)."""

    def __init__(
        self,
        table: LaneTable,
        *,
        lock_dir: Path | None = None,
        build: ModelBuilder = build_chat_model,
        models: LlamaRegistry | None = None,
        shared: RedisLink | None = None,
    ) -> None:
        """A gateway over ``table``.

        Args:
            table: the resolved lanes.
            lock_dir: where burst locks live; processes sharing it share bursts
                (``ARGOS_DATA_DIR/locks``). None: a private folder, this process only.
            build: the model factory (tests pass a scripted one).
            models: the in-process model registry (a new one if not given).
            shared: the Redis that workers share breakers, slots and bursts through
                (``ARGOS_REDIS_URL``). None: this process's state only.

        """
        self.table = table
        self.shared = shared
        self.models = models or LlamaRegistry()
        self.dialects = DialectMemory()
        self.attempts = AttemptLedger()
        self._build = build
        # A private folder goes with the gateway (TemporaryDirectory removes it when the
        # gateway is collected or the process exits), so tests and one-off runs leave none.
        self._private: tempfile.TemporaryDirectory[str] | None = None
        if lock_dir is None:
            self._private = tempfile.TemporaryDirectory(prefix="cortex-locks-")
            lock_dir = Path(self._private.name)
        self._lock_dir = lock_dir
        try:
            self._lock_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                "ARGOS_DATA_DIR",
                str(self._lock_dir.parent),
                f"cannot create {self._lock_dir} ({exc.strerror}): give a writable folder",
            ) from None
        self._lock = threading.Lock()
        self._endpoints: dict[str, EndpointState] = {}
        self._built: weakref.WeakKeyDictionary[Any, dict[_ModelKey, BaseChatModel]]
        self._built = weakref.WeakKeyDictionary()
        self._health: dict[str, tuple[float, Health]] = {}

    @classmethod
    def from_settings(
        cls, settings: Settings, *, models: LlamaRegistry | None = None
    ) -> LaneGateway:
        """A gateway for ``settings``, reusing the in-process ``models`` when given.

        Bursts are shared through ``ARGOS_DATA_DIR``; breakers, slots and bursts through
        ``ARGOS_REDIS_URL`` too, when it is set.
        """
        lock_dir = settings.global_.data_dir.expanduser() / "locks"
        shared = link_from_settings(settings.global_)
        return cls(build_lane_table(settings), lock_dir=lock_dir, models=models, shared=shared)

    def endpoint(self, resolved: ResolvedLane) -> EndpointState:
        """The state of ``resolved``'s endpoint (shared by every lane on it)."""
        key = resolved.endpoint
        with self._lock:
            state = self._endpoints.get(key)
            if state is None:
                limits = Limits(resolved.max_parallel, resolved.max_queue, resolved.queue_timeout_s)
                burst = BurstLock(self._lock_dir, key)
                policy = self.table.breaker_policy
                shared = None
                # An in-process model is this process's own: nothing to share about it.
                if self.shared is not None and not resolved.in_process:
                    shared = SharedEndpoint(
                        self.shared, key, policy, resolved.max_parallel, resolved.timeout_s
                    )
                backend = resolved.backend.value
                state = EndpointState(key, limits, policy, burst, shared, backend=backend)
                self._endpoints[key] = state
            return state

    def state_of(self, endpoint: str) -> EndpointState:
        """The state of ``endpoint`` (a URL or a model file)."""
        resolved = next((r for r in self.table.lanes.values() if r.endpoint == endpoint), None)
        if resolved is None:
            raise KeyError(f"no lane uses the endpoint {endpoint}")
        return self.endpoint(resolved)

    def breaker(self, endpoint: str) -> CircuitBreaker:
        """The in-process breaker of ``endpoint`` (with Redis, see :meth:`state_of`)."""
        return self.state_of(endpoint).breaker

    async def model(self, resolved: ResolvedLane, primary: Lane) -> BaseChatModel:
        """The chat model for ``resolved`` doing ``primary``'s work, built once per loop."""
        loop = asyncio.get_running_loop()
        per_loop = self._built.setdefault(loop, {})
        fallback_from = primary if resolved.lane is not primary else None
        key = (resolved.lane, fallback_from)
        model = per_loop.get(key)
        if model is None:
            if resolved.in_process:
                # May assemble the embedded model and read the GGUF header: off the loop.
                model = await asyncio.to_thread(self._new_model, resolved, fallback_from)
            else:
                model = self._new_model(resolved, fallback_from)
            per_loop[key] = model
        return model

    def _new_model(self, resolved: ResolvedLane, fallback_from: Lane | None) -> BaseChatModel:
        client = None
        if not resolved.in_process:
            import openai  # noqa: PLC0415 - only lanes on a server need the SDK

            # Connections belong to the loop that opened them: one client per loop.
            client = openai.DefaultAsyncHttpxClient(timeout=resolved.timeout_s)
        return self._build(
            resolved, models=self.models, fallback_from=fallback_from, http_client=client
        )

    async def health(self, resolved: ResolvedLane) -> Health:
        """Probe ``resolved``'s endpoint, at most once per ``HEALTH_TTL_S``.

        A failed probe opens the endpoint's breaker, like a failed request would.
        """
        cached = self._health.get(resolved.endpoint)
        if cached and time.monotonic() - cached[0] < HEALTH_TTL_S:
            return cached[1]
        result = await probe(resolved, self.models)
        self._health[resolved.endpoint] = (time.monotonic(), result)
        if not result.healthy:
            await self.endpoint(resolved).record_failure(open_now=True)
        return result

    async def status(self) -> list[dict[str, Any]]:
        """Every endpoint's state now, with the lanes on it (``GET /lanes/health``)."""
        by_endpoint: dict[str, list[ResolvedLane]] = {}
        for resolved in self.table.lanes.values():
            by_endpoint.setdefault(resolved.endpoint, []).append(resolved)
        return [
            {"lanes": [r.lane.value for r in lanes], **await self.endpoint(lanes[0]).snapshot()}
            for lanes in by_endpoint.values()
        ]

    def shared_status(self) -> dict[str, Any]:
        """Where breakers, slots and bursts are shared: Redis, or this process only."""
        if self.shared is None:
            return {"backend": "local", "redis_url": None, "error": None}
        return self.shared.status()

    @asynccontextmanager
    async def burst(self, lane: Lane) -> AsyncIterator[None]:
        """Hold ``lane``'s endpoint exclusively, across processes, for a deep ingest."""
        async with self.endpoint(self.table[lane]).exclusive():
            yield

    @asynccontextmanager
    async def paced(self, lane: Lane) -> AsyncIterator[None]:
        """Wait for a turn among the batch work on ``lane``'s endpoint (see ``pacer``)."""
        async with self.endpoint(self.table[lane]).pacer():
            yield

    def close(self) -> None:
        """Free the in-process models and the burst locks' descriptors."""
        self.models.close()
        with self._lock:
            states = list(self._endpoints.values())
        for state in states:
            state.burst.close()
