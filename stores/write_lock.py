"""One writer at a time per name, across every process that shares the store.

A board write reads, then writes (the next ticket number, the ticket a title names, the
fields another writer just changed), so two writers must not interleave. The lock is
what the storage gives:

- a SQLite store (the CLI's, and the server's when it shares ``ARGOS_DATA_DIR``): an
  ``flock`` on a file beside the database, which every process and thread sees and which
  the kernel releases when a process dies;
- the team's Postgres store (``ARGOS_DATABASE_URL``): a session advisory lock
  (``stores.postgres``), which every worker on every machine sees and which the database
  releases when the holder's connection ends;
- a store that lives in one process (``InMemoryStore``, ``langgraph dev``'s own): a lock
  of that process, which is all the writers there are.

Waiting is bounded: after ``WAIT_S`` the writer gets ``StoreBusy``, a one-line error.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.store.base import BaseStore
from langgraph.store.sqlite.aio import AsyncSqliteStore

from stores.busy import StoreBusy, wait_for
from stores.postgres import advisory_lock, database_url_of

__all__ = ["StoreBusy", "exclusive", "file_lock", "lock_dir"]

WAIT_S = 30.0
_lock_dirs: weakref.WeakKeyDictionary[BaseStore, Path | None] = weakref.WeakKeyDictionary()
_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


@asynccontextmanager
async def exclusive(store: BaseStore, name: str, *, wait_s: float = WAIT_S) -> AsyncIterator[None]:
    """Hold the lock ``name`` of ``store`` for the body.

    Raises:
        StoreBusy: it stayed taken for ``wait_s`` seconds.

    """
    url = database_url_of(store)
    if url is not None:
        async with _in_process(name, wait_s), advisory_lock(url, name, wait_s=wait_s):
            yield  # the process lock first: one session per process waits on the database
        return
    where = await lock_dir(store)
    if where is None:
        async with _in_process(name, wait_s):
            yield
    else:
        async with _flock(where / f"{name}.lock", wait_s):
            yield


async def lock_dir(store: BaseStore) -> Path | None:
    """The folder of ``store``'s lock files; ``None`` for a store of this process alone."""
    if store in _lock_dirs:
        return _lock_dirs[store]
    found = None
    if isinstance(store, AsyncSqliteStore):
        async with store.conn.execute("PRAGMA database_list") as cursor:
            rows = await cursor.fetchall()
        database = next((row[2] for row in rows if row[1] == "main"), "")
        if database:  # "" is an in-memory database
            found = Path(database).with_name(Path(database).name + ".locks")
            await asyncio.to_thread(found.mkdir, exist_ok=True)
    _lock_dirs[store] = found
    return found


@asynccontextmanager
async def file_lock(path: Path, *, wait_s: float = WAIT_S) -> AsyncIterator[None]:
    """Hold an ``flock`` on ``path`` (created if missing) for the body."""
    await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
    async with _flock(path, wait_s):
        yield


@asynccontextmanager
async def _flock(path: Path, wait_s: float) -> AsyncIterator[None]:
    fd = await asyncio.to_thread(os.open, path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        await wait_for(lambda: _try_flock(fd), path.stem, wait_s)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@asynccontextmanager
async def _in_process(name: str, wait_s: float) -> AsyncIterator[None]:
    with _process_locks_guard:
        lock = _process_locks.setdefault(name, threading.Lock())
    await wait_for(lambda: lock.acquire(blocking=False), name, wait_s)
    try:
        yield
    finally:
        lock.release()
