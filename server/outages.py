"""What the server answers while the run queue (Redis) or the database is away.

The engine turns any unexpected exception into a bare 500 ("An unexpected error
occurred") and then closes the connection, so a client sees a generic error and its next
request on the same connection fails too. An outage of what the server stands on is not
unexpected: it is 503 with one line naming the setting to check, and the connection stays
usable. Nothing about the exception (hosts, passwords) is in the answer; the log has it.

On the team server a run is recorded in the database before it is queued in Redis, and a
worker polling the database picks up a recorded run even when queueing it failed. So a
request that would create a run first checks that Redis answers (``QueueCheck``): while
it does not, the run is refused *before* anything is recorded, and a client's retry
cannot run it twice.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Coroutine
from typing import Any

import psycopg
import psycopg_pool
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger(__name__)

QUEUE_DOWN = (
    "the run queue (Redis) is unreachable, so the run was not created: start Redis or fix "
    "ARGOS_REDIS_URL, then retry"
)
QUEUE_LOST = (
    "the run queue (Redis) became unreachable: the run was recorded and a worker may still "
    "run it from the database (see the thread's runs before retrying); start Redis or fix "
    "ARGOS_REDIS_URL"
)
PING_TIMEOUT_S = 1.0
# POST /runs..., /threads/{id}/runs..., and crons: every request that creates a run.
_CREATES_RUN = re.compile(r"(^|/)runs(/wait|/stream|/batch|/crons)?/?$")
DATABASE_DOWN = (
    "the database is unreachable: start PostgreSQL or fix ARGOS_DATABASE_URL, then retry"
)

BAD_TEXT = (
    "the request holds text the database cannot store (a NUL character or a lone "
    "surrogate such as \\ud800): remove it and send the request again"
)
Handler = Callable[[Request, Any], Coroutine[Any, Any, Response]]


def _answer(message: str) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        logger.warning("%s %s: %s (%s)", request.method, request.url.path, message,
                       type(exc).__name__)  # fmt: skip
        return JSONResponse(
            {"error": "service_unavailable", "message": message, "details": None},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    return handler


def _bad_text(exc: BaseException) -> bool:
    """Whether the database refused the request's text, not the connection.

    A lone surrogate fails to encode on the way to PostgreSQL and a NUL is refused by
    it (psycopg's or asyncpg's DataError, wrapped by SQLAlchemy as ``orig``); both were
    answered "the database is unreachable" (503) or a bare 500 (a blind sweep).
    """
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        if isinstance(current, UnicodeError | psycopg.DataError) or any(
            kind.__name__ in ("DataError", "CharacterNotInRepertoireError")
            for kind in type(current).__mro__
        ):
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


async def _database(request: Request, exc: Exception) -> Response:
    """The database's error: bad text is the client's 400, anything else an outage."""
    if _bad_text(exc):
        return await _refused_text(request, exc)
    return await _answer(DATABASE_DOWN)(request, exc)


async def _refused_text(request: Request, exc: Exception) -> Response:
    logger.warning("%s %s: text the database refused (%s)", request.method, request.url.path,
                   type(exc).__name__)  # fmt: skip
    return JSONResponse(
        {"error": "bad_request", "message": BAD_TEXT, "details": None}, status_code=400
    )


def outage_handlers() -> dict[int | type[Exception], Handler]:
    """Exception handlers for the app: an outage's type -> its 503."""
    handlers: dict[int | type[Exception], Handler] = {
        RedisError: _answer(QUEUE_LOST),
        psycopg.OperationalError: _answer(DATABASE_DOWN),
        psycopg.DataError: _refused_text,
        UnicodeEncodeError: _refused_text,
        psycopg_pool.PoolTimeout: _answer(DATABASE_DOWN),
        # asyncpg's refused connection reaches the engine's routes unwrapped; a request
        # talks to nothing else over a socket (Redis has its own errors, above).
        ConnectionError: _answer(DATABASE_DOWN),
    }
    try:  # the team server's engine keeps its own tables through SQLAlchemy
        from sqlalchemy.exc import DBAPIError
    except ImportError:  # langgraph dev alone: no SQLAlchemy, no such errors
        return handlers
    handlers[DBAPIError] = _database
    return handlers


class QueueCheck:
    """ASGI middleware: refuse a run with 503 before it is recorded while Redis is down.

    Only where the engine queues runs in Redis (the team server sets
    ``REDIS_BROKER_ENABLED``); under ``langgraph dev`` it passes everything on.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app
        queued = os.environ.get("REDIS_BROKER_ENABLED", "").lower() == "true"
        self.url = os.environ.get("REDIS_URL") if queued else None
        self._client: Redis | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Ping Redis first when the request would create a run."""
        if (
            self.url
            and scope["type"] == "http"
            and scope.get("method") == "POST"
            and _CREATES_RUN.search(scope.get("path", ""))
            and not await self._answers()
        ):
            answer = _answer(QUEUE_DOWN)
            response = await answer(Request(scope), RedisError("no answer to PING"))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _answers(self) -> bool:
        if self._client is None:
            assert self.url is not None
            self._client = Redis.from_url(
                self.url, socket_timeout=PING_TIMEOUT_S, socket_connect_timeout=PING_TIMEOUT_S
            )
        try:
            return bool(await self._client.ping())
        except (RedisError, OSError):
            return False
