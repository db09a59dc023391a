"""The CLI's way onto a project's board: the SQLite store ``cortex ask`` writes to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lanes.config.settings import load_settings
from stores.board import Board
from stores.records import sqlite_records


@asynccontextmanager
async def open_board(project: str) -> AsyncIterator[Board]:
    """The board of ``project`` in ``ARGOS_DATA_DIR``'s record store."""
    async with sqlite_records(load_settings().global_.data_dir) as store:
        yield Board(store, project)
