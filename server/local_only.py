"""Without API keys, the server answers only clients on its own machine.

Until ``cortex keys create`` has made a key, every caller is the local admin
(:mod:`server.auth`); this middleware keeps that to loopback clients. A request from
another address gets 403 and one line saying how to open the server up; health checks
stay open. Whether keys exist is read on each non-loopback request, so the first key
opens the server without a restart, in every worker.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from lanes.core.errors import CortexError
from lanes.core.loopback import is_loopback
from nodes.defaults import default_keys

logger = logging.getLogger(__name__)

HEALTH_PATHS = frozenset({"/ok", "/health", "/ready", "/live"})
NO_KEYS = (
    "this server has no API keys yet, so it answers only clients on its own machine: "
    "create one with `cortex keys create --user NAME --project P` and send it as a bearer "
    "token"
)


class LocalOnlyWithoutKeys:
    """ASGI middleware: 403 to a non-loopback client while no key is configured."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass loopback clients, health checks, and everyone once keys exist."""
        if scope["type"] not in ("http", "websocket") or scope.get("path") in HEALTH_PATHS:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if is_loopback(client[0] if client else None) or await _keys_exist():
            await self.app(scope, receive, send)
            return
        logger.warning("refused %s: no API keys, and it is not a loopback client", client)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": NO_KEYS[:120]})
            return
        await JSONResponse({"error": "forbidden", "message": NO_KEYS}, 403)(scope, receive, send)


async def _keys_exist() -> bool:
    try:
        return await asyncio.to_thread(default_keys().any_active)
    except CortexError:  # cannot tell: stay closed
        return False
