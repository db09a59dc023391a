"""Custom routes of the LangGraph server (``"http": {"app": ...}`` in langgraph.json).

- ``GET /lanes``: the lane table, as ``cortex lanes --json`` prints it;
- ``GET /lanes/health``: where breakers and slots are shared (``shared``: Redis, or
  this process while Redis is away, with the reason), then per endpoint its breaker
  state and when it reopens, requests in flight and queued, recent latency and the last
  error.

- ``GET /lanes/metrics``: the Prometheus metrics (``lanes.telemetry.metrics``), every
  worker's added up; admins only, like the endpoints they name.

The server also writes a line per lane call, fallback and breaker change to stderr
(``ARGOS_LOG_FORMAT``: text, or json).

All read the process's gateway, the one graph runs use when given no context, so they
show what the server's own runs see. All need a key (``server.auth``); members see lanes,
models and breaker states, admins also the endpoints, where breakers are shared and the
last errors. Keys and passwords never appear. Every request
body the server reads, on these routes and LangGraph's, is capped
(``server.body_limit``: 413 over 32 MB). A Redis or database outage is 503 with one
line naming the setting (``server.outages``), not a bare 500.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lanes.config.settings import load_settings
from lanes.core.caller import is_admin
from lanes.core.errors import CortexError
from lanes.telemetry.log_format import mask_every_record, send_events
from lanes.telemetry.metrics import exposition
from nodes.defaults import process_gateway
from server.body_limit import BodyLimit
from server.local_only import LocalOnlyWithoutKeys
from server.openai.routes import ROUTES as OPENAI_ROUTES
from server.outages import QueueCheck, outage_handlers

# What a member sees of a lane and an endpoint; admins see everything (URLs, model
# paths, where breakers are shared, the last errors).
MEMBER_LANE_FIELDS = ("lane", "backend", "model", "context_window", "fallback_chain")
MEMBER_ENDPOINT_FIELDS = ("lanes", "breaker", "reopens_in_s", "in_flight", "queued")


def _admin(request: Request) -> bool:
    """Whether the caller is an admin (the local admin too, while no key exists)."""
    return is_admin(request.scope.get("user"))


def _only(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: row.get(name) for name in fields}


async def lanes(request: Request) -> JSONResponse:
    """The lane table."""
    try:
        table = (await process_gateway()).table
    except CortexError as exc:
        return _unconfigured(exc)
    rows = [resolved.to_dict() for resolved in table.lanes.values()]
    if not _admin(request):
        rows = [_only(row, MEMBER_LANE_FIELDS) for row in rows]
    return JSONResponse({"default_lane": table.default_lane.value, "lanes": rows})


async def health(request: Request) -> JSONResponse:
    """Every endpoint's breaker, load, latency and last error, now."""
    try:
        gateway = await process_gateway()
    except CortexError as exc:
        return _unconfigured(exc)
    endpoints = await gateway.status()
    if not _admin(request):
        rows = [_only(row, MEMBER_ENDPOINT_FIELDS) for row in endpoints]
        return JSONResponse({"at": time.time(), "endpoints": rows})
    return JSONResponse(
        {"at": time.time(), "shared": gateway.shared_status(), "endpoints": endpoints}
    )


async def metrics(request: Request) -> Response:
    """The Prometheus metrics; the breaker gauges read fresh first (half-open comes with time)."""
    if not _admin(request):
        message = "the metrics name endpoints: use an admin key (cortex keys create --role admin)"
        return JSONResponse({"error": message}, status_code=403)
    try:
        await (await process_gateway()).status()
    except CortexError as exc:
        return _unconfigured(exc)
    body, content_type = exposition()
    return Response(body, media_type=content_type)


def _unconfigured(exc: CortexError) -> JSONResponse:
    """A setting is invalid: say which, as the CLI would, with 503 (fix it and retry)."""
    return JSONResponse({"error": f"{type(exc).__name__}: {exc}"}, status_code=503)


def _log_format() -> str:
    """``ARGOS_LOG_FORMAT``, text when unset; a bad value is reported by ``cortex serve``."""
    try:
        return load_settings().global_.log_format or "text"
    except CortexError:
        return "text"


mask_every_record()  # the engine's and libraries' lines too (an HTTP client logs URLs)
send_events("json" if _log_format() == "json" else "text")

# FastAPI because the team server's engine, aegra, mounts only FastAPI apps and
# authenticates only FastAPI routes (``enable_custom_route_auth``); langgraph dev takes
# either. No docs routes of its own: the engine has them. The middleware wraps the whole
# server, the engine's routes included; the first listed runs first.
app = FastAPI(
    middleware=[
        Middleware(LocalOnlyWithoutKeys),
        Middleware(BodyLimit),
        Middleware(QueueCheck),
    ],
    exception_handlers=outage_handlers(),
    docs_url=None,
    redoc_url=None,
    openapi_url=None,
)
app.add_api_route("/lanes", lanes, methods=["GET"], include_in_schema=False)
app.add_api_route("/lanes/health", health, methods=["GET"], include_in_schema=False)
app.add_api_route("/lanes/metrics", metrics, methods=["GET"], include_in_schema=False)
for path, endpoint, methods in OPENAI_ROUTES:  # /v1/models, /v1/chat/completions
    app.add_api_route(path, endpoint, methods=methods, include_in_schema=False)
