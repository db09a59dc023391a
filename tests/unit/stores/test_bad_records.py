"""A stored record that does not validate is one bad record: skipped, named, kept."""

from __future__ import annotations

import pytest
from langgraph.store.memory import InMemoryStore

from stores.board import Board, BoardError
from stores.board_doctor import SET_ASIDE, find_bad, set_aside
from stores.board_io import export_rows

TICKETS = ("projects", "core", "tickets")


@pytest.fixture
async def board() -> Board:
    board = Board(InMemoryStore(), "core")
    await board.upsert("Fix the login timeout", {"owner": "Noor"}, by="t")
    # An older version, or a store API call, left these behind.
    await board.store.aput(TICKETS, "CORE-2", {"id": "CORE-2", "title": "", "status": "someday"})
    await board.store.aput(TICKETS, "CORE-3", {"title": ["x" * 5000]})
    await board.store.aput(("projects", "core", "epics"), "EPIC-1", {"id": "EPIC-1"})
    return board


async def test_reading_skips_bad_records_and_names_each_once(board):
    assert [t.id for t in await board.tickets()] == ["CORE-1"]
    await board.tickets()
    assert sorted(board.bad) == [("tickets", "CORE-2"), ("tickets", "CORE-3")]
    message = str(board.bad[("tickets", "CORE-3")])
    assert message == "bad record tickets/'CORE-3' skipped: id: field required"
    message = str(board.bad[("tickets", "CORE-2")])
    assert message.startswith("bad record tickets/'CORE-2' skipped: title='': String should")
    assert len(message) < 200 and "\n" not in message
    assert await board.epics() == []
    with pytest.raises(BoardError, match="cortex tickets doctor"):
        await board.ticket("CORE-2")


async def test_every_write_still_works_beside_a_bad_record(board):
    op, new, _ = await board.upsert("CSV export for invoices", {}, by="t")
    assert (op, new.id) == ("create", "CORE-4")  # bad records keep their numbers
    ticket, changed = await board.update("CORE-1", {"status": "done"}, by="t")
    assert changed == ["status"]
    epic = await board.add_epic("Billing")
    assert epic.id == "EPIC-2"
    assert "Fix the login timeout" in export_rows(await board.tickets(), "csv")
    with pytest.raises(BoardError):
        await board.update("CORE-2", {"status": "done"}, by="t")
    assert (await board.store.aget(TICKETS, "CORE-2")).value["status"] == "someday"  # untouched


async def test_doctor_lists_them_and_sets_them_aside_whole(board):
    found = await find_bad(board)
    assert sorted((b.kind, b.key) for b in found) == [
        ("epics", "EPIC-1"), ("tickets", "CORE-2"), ("tickets", "CORE-3"),
    ]  # fmt: skip
    for record in found:
        await set_aside(board, record)
    assert await find_bad(board) == []
    kept = await board.store.aget(("projects", "core", SET_ASIDE), "tickets:CORE-2")
    assert kept.value["value"] == {"id": "CORE-2", "title": "", "status": "someday"}
    assert [t.id for t in await board.tickets()] == ["CORE-1"]
