"""Health of a lane's endpoint: an HTTP probe, or whether an in-process model loads.

The gateway caches results for ``HEALTH_TTL_S`` so a status page cannot turn into a
probe storm, and counts a failed probe against the endpoint's breaker.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from lanes.backends.llama_registry import LlamaRegistry
from lanes.config.resolved_lane import ConfigSource, ResolvedLane
from lanes.core.errors import CortexError
from lanes.core.redact import redact_url
from lanes.models.embedded import ensure_embedded_model

HEALTH_TTL_S = 10.0
PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Health:
    """Whether an endpoint answered, and what it said."""

    healthy: bool
    detail: str


async def probe(resolved: ResolvedLane, models: LlamaRegistry) -> Health:
    """Probe ``resolved``'s endpoint now (an in-process lane loads into ``models``)."""
    return await (_probe_local(resolved, models) if resolved.in_process else _probe_http(resolved))


async def _probe_http(resolved: ResolvedLane) -> Health:
    """``GET /v1/models``, then ``/health`` at the server root (llama.cpp, TGI)."""
    base = (resolved.base_url or "").rstrip("/")
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    detail = ""
    async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_S) as client:
        for url in (f"{base}/models", f"{root}/health"):
            shown = redact_url(url)
            try:
                response = await client.get(url)
            except httpx.HTTPError as exc:
                detail = _failure(exc, shown)
                continue
            if response.status_code == 200:
                return Health(True, f"200 from {shown}")
            detail = f"HTTP {response.status_code} from {shown}{_status_hint(response.status_code)}"
    return Health(False, detail)


def _failure(exc: httpx.HTTPError, url: str | None) -> str:
    """What a failed request to ``url`` means, in the words an operator checks."""
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"nothing answers at {url} ({name}): is the server running, and is the URL right?"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer from {url} within {PROBE_TIMEOUT_S:g} s ({name})"
    return f"{name} from {url}"


def _status_hint(status: int) -> str:
    if status in (401, 403):
        return ": the key was refused (check the lane's API key)"
    if status == 404:
        return ": no such path (does the URL end in /v1?)"
    return ""


async def _probe_local(resolved: ResolvedLane, models: LlamaRegistry) -> Health:
    """An in-process lane is healthy when its model is loaded (this loads it)."""
    path = resolved.model_path
    if path is None:
        return Health(False, "no model file")
    try:
        if resolved.source is ConfigSource.EMBEDDED:
            path = await asyncio.to_thread(ensure_embedded_model, path)
        await asyncio.to_thread(models.get, path, resolved.context_window)
    except (OSError, ValueError, CortexError) as exc:
        return Health(False, f"{type(exc).__name__}: {exc}")
    return Health(True, f"loaded {path.name}")
