"""Concurrent writers on one board: real `cortex` processes and real server runs at once.

Eight worker processes (``board_worker``) run ``cortex tickets`` through the CLI's own
entry point, all released by one file appearing, 20 rounds per race; meanwhile two
clients run the supervisor graph on the shared ``langgraph dev`` (its store is the same
SQLite board in ``ARGOS_DATA_DIR``). Nothing may be lost, in any round.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from stores.board import Board, Ticket
from stores.records import sqlite_records
from tests.integration.board_worker import STATUSES
from tests.integration.gate import Gate, worker_gate
from tests.integration.keys import admin_client

WORKERS, ROUNDS, SERVER_RUNS = 8, 20, 20


@pytest.fixture
def gate(tmp_path: Path, team_server_dir: Path) -> Iterator[Gate]:
    env = {**os.environ, "ARGOS_DATA_DIR": str(team_server_dir / "data"), "COLUMNS": "200"}
    with worker_gate(tmp_path, WORKERS, env) as opened:
        yield opened


async def _tickets(data_dir: Path, project: str) -> list[Ticket]:
    async with sqlite_records(data_dir) as store:
        return await Board(store, project).tickets()


async def _server_adds(url: str, client_number: int) -> list[str]:
    client = admin_client(url)
    answers = []
    for run in range(SERVER_RUNS):
        thread = await client.threads.create()
        text = f"add a ticket: server run r{run} client c{client_number}"
        result = await client.runs.wait(
            thread["thread_id"], "supervisor",
            input={"messages": [{"role": "user", "content": text}], "project": "race"},
        )  # fmt: skip
        answers.append(str(result.get("answer", ""))[:200])
    return answers


@pytest.mark.team  # make test-team (CI): 20 s, over make test's 12-minute budget
async def test_eight_processes_and_two_server_runs_create_200_tickets_without_losing_one(
    server, team_server_dir, gate
):
    data_dir = team_server_dir / "data"
    clients = [asyncio.create_task(_server_adds(server, c)) for c in range(2)]
    for number in range(ROUNDS):
        assert await gate.round("add", number) == ["0"] * WORKERS
    answers = await asyncio.wait_for(asyncio.gather(*clients), timeout=300)
    tickets = await _tickets(data_dir, "race")
    titles = {t.title for t in tickets}
    expected = {f"Race ticket r{r} w{w}" for r in range(ROUNDS) for w in range(WORKERS)}
    expected |= {f"server run r{n} client c{c}" for n in range(SERVER_RUNS) for c in range(2)}
    assert {t.lower() for t in expected} - {t.lower() for t in titles} == set(), answers[0][:3]
    assert len(tickets) == len({t.id for t in tickets}) == 200


async def test_four_concurrent_field_updates_all_land_in_every_round(team_server_dir, gate):
    data_dir = team_server_dir / "data"
    async with sqlite_records(data_dir) as store:
        await Board(store, "fields").upsert("Shared ticket", {}, by="test")
    for number in range(ROUNDS):
        assert await gate.round("fields", number) == ["0"] * WORKERS
        (ticket,) = await _tickets(data_dir, "fields")
        due = date(2027, 1, 1) + timedelta(days=number)
        assert (ticket.status, ticket.owner, ticket.due, ticket.title) == (
            STATUSES[number % 4],
            f"Owner{number}",
            due,
            f"Shared ticket, round {number}",
        )
        fields = [h.field for h in ticket.history]
        assert len(fields) == 1 + 4 * (number + 1), fields  # "created", then 4 per round


async def test_two_concurrent_imports_store_every_row_in_every_round(team_server_dir, gate):
    data_dir = team_server_dir / "data"
    for number in range(ROUNDS):
        codes = await gate.round("imports", number)
        assert codes == ["0"] * WORKERS
        tickets = await _tickets(data_dir, "imports")
        assert len(tickets) == len({t.id for t in tickets}) == 40 * (number + 1)


def _open_fresh(data_dir: str) -> None:
    async def open_it() -> None:
        async with sqlite_records(Path(data_dir)) as store:
            await Board(store, "fresh").upsert("First ticket", {}, by="test")

    asyncio.run(open_it())


def test_eight_processes_opening_a_new_data_folder_at_once_all_succeed(tmp_path):
    """The store's first setup (its migrations) is not a race, in 20 fresh folders."""
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    for attempt in range(ROUNDS):
        folder = str(tmp_path / f"data{attempt}")
        with fork.Pool(WORKERS) as pool:
            pool.map(_open_fresh, [folder] * WORKERS, chunksize=1)
        assert [t.id for t in asyncio.run(_tickets(Path(folder), "fresh"))] == ["FRESH-1"]
