"""The link to the Redis that workers share (``ARGOS_REDIS_URL``), and what to do without it.

Every shared decision is one Lua script (:mod:`lanes.endpoint.redis_scripts`) run through
:meth:`RedisLink.run`. When Redis cannot be reached, or answers slower than
``ARGOS_REDIS_TIMEOUT``, ``run`` returns ``None`` and the caller decides on this
process's own state instead. That is logged once, shown by ``GET /lanes/health`` and
``cortex lanes --check``, and Redis is tried again every ``RETRY_S``: shared state
resumes by itself when it returns.

Nothing secret goes to Redis: keys carry a hash of the endpoint, values are times,
counts and worker names (host and process id).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
import os
import socket
import threading
import time
import uuid
import weakref
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from lanes.config.settings import GlobalSettings
from lanes.core.redact import redact, redact_url
from lanes.endpoint import redis_scripts

logger = logging.getLogger(__name__)

SCRIPTS = ("ALLOW", "FAILURE", "ENTER", "LEAVE", "RENEW", "BURST", "BURST_END", "VIEW")
RETRY_S = 3.0  # how long to keep to in-process state before trying Redis again


class RedisLink:
    """One Redis shared by every worker of a deployment, or this process while it is away."""

    def __init__(
        self, url: str, *, prefix: str = "cortex:", timeout_s: float = 0.5, lease_s: float = 30.0
    ) -> None:
        """A link to ``url`` (nothing connects until the first script runs).

        Args:
            url: ``redis://`` or ``rediss://`` URL, with a database number if wanted.
            prefix: put before every key, so deployments can share one Redis.
            timeout_s: longest wait for Redis before a call goes on without it.
            lease_s: how long a slot or burst outlives a worker that died holding it.

        """
        self.url = url
        self.prefix = prefix
        self.timeout_s = timeout_s
        self.lease_s = lease_s
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Client]
        self._clients = weakref.WeakKeyDictionary()
        self._retry_at = 0.0
        self.error: str | None = None
        self.down_since: float | None = None

    def key(self, kind: str, endpoint: str) -> str:
        """The key of ``kind`` (breaker, fails, probe, slots, burst) for ``endpoint``."""
        return f"{self.prefix}{kind}:{hashlib.sha256(endpoint.encode()).hexdigest()[:16]}"

    def member(self) -> str:
        """A name for one request of this worker, unique across workers."""
        return f"{self.worker}:{next(self._counter)}"

    @property
    def up(self) -> bool:
        """Whether the last attempt to use Redis worked."""
        return self.error is None

    async def run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        """Run ``script`` in Redis; ``None`` when Redis is away (decide locally then)."""
        if self.error is not None and time.monotonic() < self._retry_at:
            return None
        try:
            client = self._client()
            async with asyncio.timeout(self.timeout_s):
                result = await client.scripts[script](keys=keys, args=args)
        except (RedisError, OSError, TimeoutError) as exc:
            self._down(exc)
            return None
        if self.error is not None:
            self._back()
        return result

    def status(self) -> dict[str, Any]:
        """Where shared state lives now, for health reports (the URL's password masked)."""
        return {
            "backend": "redis" if self.up else "local",
            "redis_url": redact_url(self.url),
            "prefix": self.prefix,
            "error": self.error,
            "down_since": self.down_since,
        }

    def _client(self) -> _Client:
        # Redis connections belong to the loop that opened them: one client per loop.
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = _Client(self.url, self.timeout_s)
        return client

    def _down(self, exc: BaseException) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_S
            first = self.error is None
            self.error = redact(f"{type(exc).__name__}: {exc}")[:300] or type(exc).__name__
            if first:
                self.down_since = time.time()
        if first:
            logger.warning(
                "Redis at %s is unreachable (%s): breakers, queues and bursts are kept in "
                "this process until it returns (tried again every %gs)",
                redact_url(self.url),
                self.error,
                RETRY_S,
            )

    def _back(self) -> None:
        with self._lock:
            was_down, self.error, self.down_since = self.error is not None, None, None
        if was_down:
            logger.warning("Redis at %s is back: shared state resumes", redact_url(self.url))


def link_from_settings(settings: GlobalSettings) -> RedisLink | None:
    """The link ``ARGOS_REDIS_*`` describe; None when ``ARGOS_REDIS_URL`` is unset."""
    if not settings.redis_url:
        return None
    return RedisLink(
        settings.redis_url.strip(),
        prefix=settings.redis_prefix,
        timeout_s=settings.redis_timeout,
        lease_s=settings.redis_lease,
    )


class _Client:
    """A Redis client for one event loop, with the scripts registered on it."""

    def __init__(self, url: str, timeout_s: float) -> None:
        # No retries inside redis-py: a failed call goes on with local state at once.
        self.redis = Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 0),
        )
        self.scripts: dict[str, AsyncScript] = {
            name: self.redis.register_script(getattr(redis_scripts, name)) for name in SCRIPTS
        }
