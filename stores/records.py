"""Project records (analyses, gap notes, verdicts, plans) in LangGraph's store interface.

Nodes write through ``langgraph.config.get_store()``: on the server that is the store
``langgraph.json`` names, in the CLI the same one (``team_records``): the team's Postgres
at ``ARGOS_DATABASE_URL``, else a SQLite store under ``ARGOS_DATA_DIR``.
The same graph code works in both; without a store, nothing is recorded.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import aiosqlite
from langgraph.config import get_store
from langgraph.store.base import BaseStore
from langgraph.store.sqlite.aio import AsyncSqliteStore

from lanes.config.settings import GlobalSettings
from stores.bad_records import tolerant_json
from stores.postgres import postgres_records
from stores.projects import check_project
from stores.sqlite_trouble import data_file_error
from stores.write_lock import file_lock

RecordKind = Literal["analyses", "gap_notes", "verdicts", "plans"]
KINDS: tuple[RecordKind, ...] = ("analyses", "gap_notes", "verdicts", "plans")
RECORDS_FILE = "records.sqlite"
BUSY_TIMEOUT_S = 30.0


def namespace(project: str, kind: RecordKind) -> tuple[str, ...]:
    """Where a project's records of one kind live in the store."""
    return ("projects", check_project(project), kind)


async def save_record(
    project: str, kind: RecordKind, value: dict[str, Any], *, key: str | None = None
) -> str | None:
    """Store a record if the running graph has a store; returns its key.

    ``key`` is the graph task's id where there is one: LangGraph gives a task the same
    id when a killed run is resumed, so the resumed step overwrites its own record
    instead of adding a second one. Without it, the key is the record's content.
    """
    try:
        store = get_store()
    except RuntimeError:  # not inside a graph run
        return None
    if store is None:
        return None
    if key is None:
        content = json.dumps(value, sort_keys=True, default=str).encode()
        key = hashlib.sha256(kind.encode() + content).hexdigest()[:24]
    await store.aput(namespace(project, kind), key, {**value, "recorded_at": time.time()})
    return key


async def list_records(
    store: BaseStore, project: str, kinds: tuple[RecordKind, ...] = KINDS, limit: int = 100
) -> list[dict[str, Any]]:
    """The project's records, newest first."""
    found = []
    for kind in kinds:
        for item in await store.asearch(namespace(project, kind), limit=limit):
            found.append({"kind": kind, "key": item.key, **item.value})
    return sorted(found, key=lambda r: r.get("recorded_at", 0), reverse=True)


@asynccontextmanager
async def team_records(settings: GlobalSettings) -> AsyncIterator[BaseStore]:
    """The team's record store: Postgres at ``ARGOS_DATABASE_URL``, else SQLite in the data dir."""
    if settings.database_url is not None:
        async with postgres_records(settings.database_url.get_secret_value()) as store:
            yield store
    else:
        async with sqlite_records(settings.data_dir.expanduser()) as store:
            yield store


@asynccontextmanager
async def sqlite_records(data_dir: Path) -> AsyncIterator[AsyncSqliteStore]:
    """The record store in ``data_dir`` (created if missing), shared by every process.

    Its first setup (the store's migrations) runs under a file lock, so processes that
    open a new data folder at once do not race; the database is put in WAL mode, where
    readers never wait for a writer; a writer waits up to ``BUSY_TIMEOUT_S`` for another.
    """
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
    path = data_dir / RECORDS_FILE
    try:
        async with aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S) as conn:
            store = AsyncSqliteStore(conn, deserializer=tolerant_json)
            try:
                async with file_lock(path.with_name(path.name + ".locks") / "setup.lock"):
                    await conn.execute("PRAGMA journal_mode=WAL")
                    await store.setup()
            except sqlite3.Error as exc:  # damaged, a full disk: which file, and what to do
                raise data_file_error(path, exc) from exc
            yield store
    except sqlite3.Error as exc:  # while in use, with other files open: the folder
        raise data_file_error(data_dir, exc) from exc
