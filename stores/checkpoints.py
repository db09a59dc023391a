"""Checkpoints for the CLI, so a thread can be continued.

The team's Postgres when ``ARGOS_DATABASE_URL`` is set (continued from any machine), else
SQLite under ``ARGOS_DATA_DIR``.

Under ``langgraph dev`` or the platform the server brings its own persistence and the
exported graphs are compiled without a checkpointer.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from lanes.config.settings import GlobalSettings
from stores.postgres import postgres_checkpointer
from stores.sqlite_trouble import data_file_error

CHECKPOINTS_FILE = "checkpoints.sqlite"


@asynccontextmanager
async def team_checkpointer(settings: GlobalSettings) -> AsyncIterator[BaseCheckpointSaver[str]]:
    """Postgres at ``ARGOS_DATABASE_URL`` (threads any machine can continue), else SQLite."""
    if settings.database_url is not None:
        async with postgres_checkpointer(settings.database_url.get_secret_value()) as saver:
            yield saver
    else:
        async with sqlite_checkpointer(settings.data_dir.expanduser()) as sqlite_saver:
            yield sqlite_saver


@asynccontextmanager
async def sqlite_checkpointer(data_dir: Path) -> AsyncIterator[AsyncSqliteSaver]:
    """An async SQLite checkpointer in ``data_dir`` (created if missing)."""
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)  # off the loop
    path = data_dir / CHECKPOINTS_FILE
    try:
        async with AsyncSqliteSaver.from_conn_string(str(path)) as saver:
            try:
                await saver.setup()  # now, not at the first read: a damaged file says so here
            except sqlite3.Error as exc:  # damaged, a full disk: which file, and what to do
                raise data_file_error(path, exc) from exc
            yield saver
    except sqlite3.Error as exc:  # while in use, with other files open: the folder
        raise data_file_error(data_dir, exc) from exc
