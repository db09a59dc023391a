"""A turn stops when its client goes away, instead of running on for minutes unread.

A client that times out and retries would otherwise leave its first turn running: on
a long input the super-reader went on for 286 s after the client had gone, holding a
lane's slot that the retry then waited for. Starlette does not cancel a handler when
its client disconnects, so the handler races its work against the disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

from starlette.requests import Request

from lanes.core.errors import CortexError

T = TypeVar("T")
PAUSE_S = 0.5  # after a message that is not the disconnect, before listening again


class ClientGone(CortexError):
    """The client closed its connection before its answer was ready."""


async def unless_gone(request: Request, work: Awaitable[T]) -> T:
    """The result of ``work``; if the client disconnects first, ``work`` is cancelled.

    Raises:
        ClientGone: the client went away; ``work`` has been cancelled and awaited.

    """
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnect(request))
    try:
        # Ends with the turn (its lanes have timeouts) or with the client.
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        gone = not task.done()
    finally:  # the turn done, or the server stopping the handler
        watcher.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    if gone:
        raise ClientGone("the client closed the connection before the answer")
    return task.result()


async def each_unless_gone(request: Request, items: AsyncIterator[T]) -> AsyncIterator[T]:
    """``items`` until they end or the client disconnects; then the next one is cancelled.

    One watcher for the whole stream (a watcher per item started and cancelled a
    ``receive()`` for every token).

    Raises:
        ClientGone: the client went away; the pending item has been cancelled.

    """
    watcher = asyncio.ensure_future(_disconnect(request))
    try:
        while True:
            item = asyncio.ensure_future(anext(items))
            await asyncio.wait({item, watcher}, return_when=asyncio.FIRST_COMPLETED)
            if not item.done():
                item.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await item
                raise ClientGone("the client closed the connection before the answer")
            try:
                value = item.result()
            except StopAsyncIteration:
                return
            yield value
    finally:
        watcher.cancel()


async def _disconnect(request: Request) -> None:
    """Return when the client disconnects.

    Listens on the request's channel, which, its body read, carries nothing else.
    ``Request.is_disconnected`` cannot be used: it looks without waiting, and under
    Starlette's ``BaseHTTPMiddleware`` (langgraph dev has one) such a look never sees
    the disconnect.
    """
    while True:  # bounded by the connection: it ends, or the turn does and cancels this
        message = await request.receive()
        if message.get("type") == "http.disconnect":
            return
        await asyncio.sleep(PAUSE_S)
