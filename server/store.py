"""The server's long-term store: the team's SQLite record store in ``ARGOS_DATA_DIR``.

``langgraph.json`` names it (``"store": {"path": ...}``), so graph runs on the server
and ``cortex`` on the same machine read and write one board: a ticket created in Studio
is in ``cortex tickets``, and the two never hand out one ticket number (the board's
write lock is a file lock every process sees). Studio's store API reads the same items.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.store.sqlite.aio import AsyncSqliteStore

from lanes.config.settings import GlobalSettings, load_settings
from lanes.core.errors import CortexError
from stores.records import sqlite_records

log = logging.getLogger(__name__)


@asynccontextmanager
async def records_store() -> AsyncIterator[AsyncSqliteStore]:
    """The record store under ``ARGOS_DATA_DIR`` (the default folder if settings are bad)."""
    try:
        data_dir = load_settings().global_.data_dir
    except CortexError as exc:  # /lanes answers 503 with the reason; the store still opens
        data_dir = GlobalSettings.model_fields["data_dir"].get_default(call_default_factory=True)
        log.warning("settings are not valid (%s); the store uses %s", exc, data_dir)
    async with sqlite_records(data_dir.expanduser()) as store:
        yield store
