"""The CLI's way onto a project's board: the record store ``cortex ask`` writes to.

Records that do not validate are skipped by the board; each one the command met is
named on stderr once, with the way to repair it (``cortex tickets doctor``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rich.text import Text

from cli.console import err
from lanes.config.settings import load_settings
from stores.board import Board
from stores.records import team_records


@asynccontextmanager
async def open_board(project: str, *, report_bad: bool = True) -> AsyncIterator[Board]:
    """The board of ``project`` in the team's record store (Postgres or ``ARGOS_DATA_DIR``)."""
    async with team_records(load_settings().global_) as store:
        board = Board(store, project)
        try:
            yield board
        finally:
            if report_bad:
                for bad in board.bad.values():
                    hint = f"see: cortex tickets doctor --project {project}"
                    err.print(Text(f"warning: {bad}; {hint}"), soft_wrap=True)
