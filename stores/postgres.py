"""The team's PostgreSQL (``ARGOS_DATABASE_URL``): one board, records and threads for all.

LangGraph's own Postgres store and checkpointer (``langgraph-checkpoint-postgres``) keep
the data, in the database's default schema: the team server's engine keeps its graphs'
store and threads in the same LangGraph tables, so the server's runs and ``cortex``
read and write one board. What they do not give, one writer at a time
across machines, is a session advisory lock on a connection of its own: the kernel of
every machine cannot see a file lock on another, the database can, and it releases the
lock when the holder's connection ends (a process killed mid-write included).

First setup (the migrations) runs under such a lock too, so workers starting at once
against a new database do not race each other's ``CREATE TABLE``.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.store.base import BaseStore
from langgraph.store.postgres.aio import AsyncPostgresStore
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from lanes.core.errors import CortexError
from lanes.core.redact import redact_url
from stores.busy import wait_for

CONNECT_TIMEOUT_S = 5
POOL_MAX = 8  # connections per process; the lock takes its own, outside the pool
_urls: weakref.WeakKeyDictionary[BaseStore, str] = weakref.WeakKeyDictionary()
_set_up_done: set[tuple[str, str]] = set()  # (database URL, "store" | "checkpointer")


class DatabaseUnavailable(CortexError):
    """The team's database cannot be reached, or refused what Cortex asked of it."""

    def __init__(self, url: str, exc: BaseException) -> None:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        super().__init__(
            f"the database at {redact_url(url)} cannot be used ({reason[:300]}): start it, "
            "or fix ARGOS_DATABASE_URL (unset it to keep the board in ARGOS_DATA_DIR)"
        )


def database_url_of(store: BaseStore) -> str | None:
    """The URL of ``store``'s database, when it is a Postgres store.

    Ours are registered when opened; the team server's engine opens its own on a pool,
    whose connection string is the same database's.
    """
    if store in _urls:
        return _urls[store]
    if isinstance(store, AsyncPostgresStore) and isinstance(store.conn, AsyncConnectionPool):
        return str(store.conn.conninfo)
    return None


@asynccontextmanager
async def postgres_records(url: str) -> AsyncIterator[AsyncPostgresStore]:
    """LangGraph's Postgres store on the team's database, set up on first use."""
    async with _pool(url) as pool:
        store = AsyncPostgresStore(pool)
        await _set_up(url, "store", store.setup)
        _urls[store] = url
        yield store


@asynccontextmanager
async def postgres_checkpointer(url: str) -> AsyncIterator[AsyncPostgresSaver]:
    """LangGraph's Postgres checkpointer on the team's database, set up on first use."""
    async with _pool(url) as pool:
        saver = AsyncPostgresSaver(pool)
        await _set_up(url, "checkpointer", saver.setup)
        yield saver


@asynccontextmanager
async def advisory_lock(url: str, name: str, *, wait_s: float = 30.0) -> AsyncIterator[None]:
    """Hold the database-wide lock ``name`` for the body, waiting at most ``wait_s``.

    Raises:
        StoreBusy: another session held it for ``wait_s`` seconds.
        DatabaseUnavailable: the database cannot be reached.

    """
    key = int.from_bytes(hashlib.sha256(f"cortex:{name}".encode()).digest()[:8], "big", signed=True)
    conn = await _guarded(url, _connect(url))
    try:
        await wait_for(lambda: _try_lock(url, conn, key), name, wait_s)
        yield  # closing the connection below releases the lock, even after an error
    finally:
        await conn.close()


async def _set_up(url: str, what: str, setup: Callable[[], Awaitable[None]]) -> None:
    """``setup``'s migrations, one process at a time (``CREATE ... IF NOT EXISTS`` races).

    Once per process and database: a server opens the store for every OpenAI-API turn,
    and the migrations under the database-wide lock would otherwise queue every
    worker's turns behind each other's.
    """
    if (url, what) in _set_up_done:
        return
    async with advisory_lock(url, "setup"):
        await _guarded(url, setup())
    _set_up_done.add((url, what))


async def _try_lock(url: str, conn: psycopg.AsyncConnection[Any], key: int) -> bool:
    cursor = await _guarded(url, conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)))
    row = await cursor.fetchone()
    return bool(row and row[0])


async def _connect(url: str, **kwargs: Any) -> psycopg.AsyncConnection[Any]:
    return await psycopg.AsyncConnection.connect(
        url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, **kwargs
    )


@asynccontextmanager
async def _pool(url: str) -> AsyncIterator[AsyncConnectionPool[Any]]:
    first = await _guarded(url, _connect(url))  # the real reason, not a pool timeout
    await first.close()
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        url,
        min_size=1,
        max_size=POOL_MAX,
        open=False,
        timeout=30.0,
        check=AsyncConnectionPool.check_connection,  # a restart's closed ones are replaced
        kwargs={
            "autocommit": True,
            "prepare_threshold": 0,
            "row_factory": dict_row,
            "connect_timeout": CONNECT_TIMEOUT_S,
        },
    )
    await _guarded(url, pool.open(wait=True, timeout=CONNECT_TIMEOUT_S * 2))
    try:
        yield pool
    finally:
        await pool.close()


async def _guarded(url: str, awaitable: Any) -> Any:
    try:
        return await awaitable
    except (psycopg.Error, OSError, TimeoutError) as exc:  # PoolTimeout is a psycopg.Error
        raise DatabaseUnavailable(url, exc) from None
