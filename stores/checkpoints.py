"""Checkpoints for the CLI, so a thread can be continued.

The team's Postgres when ``ARGOS_DATABASE_URL`` is set (continued from any machine), else
SQLite under ``ARGOS_DATA_DIR``.

Under ``langgraph dev`` or the platform the server brings its own persistence and the
exported graphs are compiled without a checkpointer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from lanes.config.settings import GlobalSettings
from stores.postgres import postgres_checkpointer

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
    async with AsyncSqliteSaver.from_conn_string(str(data_dir / CHECKPOINTS_FILE)) as saver:
        yield saver
