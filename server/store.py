"""The server's long-term store: the team's record store, the one ``cortex`` uses.

``langgraph.json`` names it (``"store": {"path": ...}``), so graph runs on the server
and ``cortex`` read and write one board: a ticket created in Studio is in ``cortex
tickets``, and the two never hand out one ticket number. With ``ARGOS_DATABASE_URL`` that
is the team's Postgres, shared by every worker and machine (the write lock is a database
advisory lock); without it, SQLite in ``ARGOS_DATA_DIR`` on this machine (a file lock).
Studio's store API reads the same items.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.store.base import BaseStore
from pydantic import ValidationError

from lanes.config.settings import GlobalSettings, load_settings
from lanes.core.errors import CortexError
from stores.records import team_records

log = logging.getLogger(__name__)


@asynccontextmanager
async def records_store() -> AsyncIterator[BaseStore]:
    """The team's record store; with bad lane settings, still the one the globals name.

    /lanes answers 503 with the reason for bad settings; the store opens regardless, on
    the database or folder the global settings give (their defaults if those are bad).
    """
    try:
        settings = load_settings().global_
    except CortexError as exc:
        try:
            settings = GlobalSettings()
        except ValidationError:
            settings = GlobalSettings.model_construct()
        log.warning("settings are not valid (%s); the store is %s", exc, _where(settings))
    async with team_records(settings) as store:
        yield store


def _where(settings: GlobalSettings) -> str:
    return "the database" if settings.database_url else str(settings.data_dir)
