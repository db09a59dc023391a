"""Repairing a board: every record that does not validate, and setting one aside.

A bad record is moved whole, in one batch, to ``("projects", P, "set_aside")`` under the
key ``KIND:KEY``, with the problem and when; the board then reads as if it was never
there, and the value is kept for whoever repairs it.
"""

from __future__ import annotations

import time

from langgraph.store.base import PutOp

from stores.bad_records import BadRecord
from stores.board import Board

SET_ASIDE = "set_aside"


async def find_bad(board: Board) -> list[BadRecord]:
    """Every stored ticket, epic and roadmap of ``board`` that does not validate."""
    board.bad.clear()
    await board.tickets()
    await board.epics()
    await board.roadmap()
    return list(board.bad.values())


async def set_aside(board: Board, record: BadRecord) -> None:
    """Move one bad record to the project's ``set_aside`` namespace, whole and at once."""
    async with board.writing():
        where = ("projects", board.project, record.kind)
        item = await board.store.aget(where, record.key)
        if item is None:
            return
        kept = {"kind": record.kind, "key": record.key, "problem": record.problem,
                "value": item.value, "set_aside_at": time.time()}  # fmt: skip
        await board.store.abatch([
            PutOp(("projects", board.project, SET_ASIDE), f"{record.kind}:{record.key}", kept),
            PutOp(where, record.key, None),
        ])  # fmt: skip
        board.bad.pop((record.kind, record.key), None)
