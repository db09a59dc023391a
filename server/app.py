"""Custom routes of the LangGraph server (``"http": {"app": ...}`` in langgraph.json).

- ``GET /lanes``: the lane table, as ``cortex lanes --json`` prints it;
- ``GET /lanes/health``: where breakers and slots are shared (``shared``: Redis, or
  this process while Redis is away, with the reason), then per endpoint its breaker
  state and when it reopens, requests in flight and queued, recent latency and the last
  error.

Both read the process's gateway, the one graph runs use when given no context, so they
show what the server's own runs see. Keys and passwords never appear. Every request
body the server reads, on these routes and LangGraph's, is capped
(``server.body_limit``: 413 over 32 MB). A Redis or database outage is 503 with one
line naming the setting (``server.outages``), not a bare 500.
"""

from __future__ import annotations

import time

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lanes.core.errors import CortexError
from nodes.defaults import process_gateway
from server.body_limit import BodyLimit
from server.outages import QueueCheck, outage_handlers


async def lanes(request: Request) -> JSONResponse:
    """The lane table."""
    try:
        table = (await process_gateway()).table
    except CortexError as exc:
        return _unconfigured(exc)
    return JSONResponse(
        {
            "default_lane": table.default_lane.value,
            "lanes": [resolved.to_dict() for resolved in table.lanes.values()],
        }
    )


async def health(request: Request) -> JSONResponse:
    """Every endpoint's breaker, load, latency and last error, now."""
    try:
        gateway = await process_gateway()
    except CortexError as exc:
        return _unconfigured(exc)
    endpoints = await gateway.status()
    return JSONResponse(
        {"at": time.time(), "shared": gateway.shared_status(), "endpoints": endpoints}
    )


def _unconfigured(exc: CortexError) -> JSONResponse:
    """A setting is invalid: say which, as the CLI would, with 503 (fix it and retry)."""
    return JSONResponse({"error": f"{type(exc).__name__}: {exc}"}, status_code=503)


# FastAPI (a Starlette app) because the team server's engine, aegra, mounts only FastAPI
# apps; langgraph dev takes either. No docs routes of its own: the engine has them.
app = FastAPI(
    routes=[Route("/lanes", lanes), Route("/lanes/health", health)],
    middleware=[Middleware(BodyLimit), Middleware(QueueCheck)],
    exception_handlers=outage_handlers(),
    docs_url=None,
    redoc_url=None,
    openapi_url=None,
)
