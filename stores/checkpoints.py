"""Checkpoints for the CLI: SQLite under ``ARGOS_DATA_DIR`` so a thread can be continued.

Under ``langgraph dev`` or the platform the server brings its own persistence and the
exported graphs are compiled without a checkpointer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

CHECKPOINTS_FILE = "checkpoints.sqlite"


@asynccontextmanager
async def sqlite_checkpointer(data_dir: Path) -> AsyncIterator[AsyncSqliteSaver]:
    """An async SQLite checkpointer in ``data_dir`` (created if missing)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(data_dir / CHECKPOINTS_FILE)) as saver:
        yield saver
