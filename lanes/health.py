"""Health of a lane's endpoint: an HTTP probe, or whether an in-process model loads.

Results are cached for ``HEALTH_TTL_S`` so a status page cannot turn into a probe storm,
and a failed probe counts against the endpoint's breaker like a failed request.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from lanes.breaker import BreakerPolicy, breaker_for
from lanes.embedded import ensure_embedded_model
from lanes.errors import CortexError
from lanes.resolved import ConfigSource, ResolvedLane

HEALTH_TTL_S = 10.0
PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Health:
    """Whether an endpoint answered, and what it said."""

    healthy: bool
    detail: str


_cache: dict[str, tuple[float, Health]] = {}


async def check_health(resolved: ResolvedLane, policy: BreakerPolicy | None = None) -> Health:
    """Probe ``resolved``'s endpoint, at most once per ``HEALTH_TTL_S``."""
    cached = _cache.get(resolved.endpoint)
    if cached and time.monotonic() - cached[0] < HEALTH_TTL_S:
        return cached[1]
    health = await (_probe_local(resolved) if resolved.in_process else _probe_http(resolved))
    _cache[resolved.endpoint] = (time.monotonic(), health)
    breaker = breaker_for(resolved.endpoint, policy)
    if not health.healthy:
        breaker.record_failure(open_now=True)
    return health


async def _probe_http(resolved: ResolvedLane) -> Health:
    """``GET /v1/models``, then ``/health`` at the server root (llama.cpp, TGI)."""
    base = (resolved.base_url or "").rstrip("/")
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    detail = ""
    async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_S) as client:
        for url in (f"{base}/models", f"{root}/health"):
            try:
                response = await client.get(url)
            except httpx.HTTPError as exc:
                detail = f"{type(exc).__name__} from {url}"
                continue
            if response.status_code == 200:
                return Health(True, f"200 from {url}")
            detail = f"HTTP {response.status_code} from {url}"
    return Health(False, detail)


async def _probe_local(resolved: ResolvedLane) -> Health:
    """An in-process lane is healthy when its model is loaded (this loads it)."""
    from lanes.llama_registry import shared_llama

    path = resolved.model_path
    if path is None:
        return Health(False, "no model file")
    try:
        if resolved.source is ConfigSource.EMBEDDED:
            path = await asyncio.to_thread(ensure_embedded_model, path)
        await asyncio.to_thread(shared_llama, path, resolved.context_window)
    except (OSError, ValueError, CortexError) as exc:
        return Health(False, f"{type(exc).__name__}: {exc}")
    return Health(True, f"loaded {path.name}")
