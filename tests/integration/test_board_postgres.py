"""The board on the team's PostgreSQL (``ARGOS_DATABASE_URL``), with real processes.

A real PostgreSQL started for the session (``postgres_server``); real ``cortex``
processes (``board_worker``) racing in rounds on one database, as CLI users on several
machines would: the write lock is the database's advisory lock, so nothing may be lost
in any round. And what a user sees when the database is down or the URL is wrong.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from lanes.config.settings import GlobalSettings
from stores.board import Board, Ticket
from stores.postgres import advisory_lock
from stores.records import team_records
from stores.write_lock import StoreBusy
from tests.integration.board_worker import STATUSES
from tests.integration.cli import cortex
from tests.integration.gate import REPO, Gate, worker_gate
from tests.integration.servers import refusing_port

pytestmark = pytest.mark.team  # make test-team (CI): the team's PostgreSQL

WORKERS, ROUNDS = 6, 10


def _settings(url: str) -> GlobalSettings:
    """Settings naming only the database (the data folder must never be used)."""
    return GlobalSettings.model_construct(database_url=SecretStr(url), data_dir=Path("/dev/null"))


async def _tickets(url: str, project: str) -> list[Ticket]:
    async with team_records(_settings(url)) as store:
        return await Board(store, project).tickets()


@pytest.fixture
def database(postgres) -> str:
    return postgres.new_database()


@pytest.fixture
def gate(tmp_path: Path, database: str) -> Iterator[Gate]:
    # No ARGOS_DATA_DIR in common: each worker's own folder, so only the database is shared.
    env = {**os.environ, "ARGOS_DATABASE_URL": database, "COLUMNS": "200"}
    env["ARGOS_DATA_DIR"] = str(tmp_path / "not-shared")
    with worker_gate(tmp_path, WORKERS, env) as opened:
        yield opened


async def test_processes_racing_on_one_database_never_share_a_ticket_number(database, gate):
    for number in range(ROUNDS):
        assert await gate.round("add", number) == ["0"] * WORKERS, gate.log()[-2000:]
    tickets = await _tickets(database, "race")
    expected = {f"Race ticket r{r} w{w}" for r in range(ROUNDS) for w in range(WORKERS)}
    assert {t.title for t in tickets} == expected
    assert len({t.id for t in tickets}) == len(tickets) == ROUNDS * WORKERS


async def test_four_field_updates_at_once_all_land_on_the_database(database, gate):
    async with team_records(_settings(database)) as store:
        await Board(store, "fields").upsert("Shared ticket", {}, by="test")
    for number in range(ROUNDS):
        assert await gate.round("fields", number) == ["0"] * WORKERS, gate.log()[-2000:]
        (ticket,) = await _tickets(database, "fields")
        due = date(2027, 1, 1) + timedelta(days=number)
        assert (ticket.status, ticket.owner, ticket.due, ticket.title) == (
            STATUSES[number % 4],
            f"Owner{number}",
            due,
            f"Shared ticket, round {number}",
        )
        assert len(ticket.history) == 1 + 4 * (number + 1)


def _first_ticket(url: str) -> None:
    asyncio.run(_add_first(url))


async def _add_first(url: str) -> None:
    async with team_records(_settings(url)) as store:
        await Board(store, "fresh").upsert("First ticket", {}, by="test")


def test_processes_setting_up_a_new_database_at_once_all_succeed(postgres):
    """The store's migrations run under the advisory lock: no race, in 5 new databases."""
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    for _ in range(5):
        url = postgres.new_database()
        with fork.Pool(WORKERS) as pool:
            pool.map(_first_ticket, [url] * WORKERS, chunksize=1)
        assert [t.id for t in asyncio.run(_tickets(url, "fresh"))] == ["FRESH-1"]


HOLDER = """
import asyncio, sys
from stores.postgres import advisory_lock
async def main():
    async with advisory_lock(sys.argv[1], "board:held"):
        print("held", flush=True)
        await asyncio.sleep(600)
asyncio.run(main())
"""


async def test_a_writer_killed_while_holding_the_lock_does_not_block_the_board(database):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, database], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy):
            async with advisory_lock(database, "board:held", wait_s=0.5):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        started = time.monotonic()
        async with advisory_lock(database, "board:held", wait_s=10):
            taken = time.monotonic() - started
        assert taken < 5  # the server ends the dead session and its lock at once
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_an_unreachable_database_is_one_line_and_nothing_is_written(tmp_path):
    url = f"postgresql://postgres@127.0.0.1:{refusing_port()}/cortex"
    env = {"ARGOS_DATABASE_URL": url, "ARGOS_DATA_DIR": str(tmp_path / "data")}
    for args in (("tickets", "--json"), ("tickets", "add", "Nothing", "--project", "p")):
        done = cortex(*args, cwd=tmp_path, **env)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "ARGOS_DATABASE_URL" in lines[0], done.stderr
        assert "cannot be used" in lines[0]
    assert not (tmp_path / "data" / "records.sqlite").exists()  # no silent second board


def test_a_database_url_that_is_not_postgres_is_a_config_error(tmp_path):
    env = {"ARGOS_DATABASE_URL": "mysql://db/cortex", "ARGOS_DATA_DIR": str(tmp_path / "d")}
    done = cortex("tickets", "--json", cwd=tmp_path, **env)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "ARGOS_DATABASE_URL" in done.stderr and "postgresql://" in done.stderr


def test_a_password_in_the_url_is_never_printed(tmp_path):
    url = f"postgresql://cortex:s3cret-pw@127.0.0.1:{refusing_port()}/cortex"
    env = {"ARGOS_DATABASE_URL": url, "ARGOS_DATA_DIR": str(tmp_path / "d")}
    done = cortex("tickets", "--json", cwd=tmp_path, **env)
    assert done.returncode != 0 and "s3cret-pw" not in done.stderr + done.stdout


async def test_a_cortex_ask_thread_is_continued_from_another_machine(database, tmp_path):
    from stores.postgres import postgres_checkpointer

    for machine, title in (("laptop", "Thread one"), ("desktop", "Thread two")):
        env = {"ARGOS_DATABASE_URL": database, "ARGOS_DATA_DIR": str(tmp_path / machine)}
        done = cortex(
            "ask", "--yes", "--json", "--thread", "shared-thread", "--project", "threads",
            f"add a ticket: {title}", cwd=tmp_path, **env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
    async with postgres_checkpointer(database) as saver:
        saved = await saver.aget_tuple({"configurable": {"thread_id": "shared-thread"}})
    assert saved is not None
    said = [m.content for m in saved.checkpoint["channel_values"]["messages"]]
    assert said[0] == "add a ticket: Thread one" and "add a ticket: Thread two" in said
    assert [t.title for t in await _tickets(database, "threads")] == ["Thread one", "Thread two"]


def test_once_set_up_a_process_never_queues_behind_another_holding_the_setup_lock(database):
    # The OpenAI API opens the store and the checkpointer for every turn: after the
    # first, no turn may wait on the database-wide setup lock another worker holds.
    from stores.checkpoints import team_checkpointer

    async def reopen_while_the_lock_is_held() -> float:
        settings = _settings(database)
        async with team_records(settings), team_checkpointer(settings):
            pass
        async with advisory_lock(database, "setup"):  # another session migrating
            started = time.monotonic()
            async with team_records(settings) as store, team_checkpointer(settings):
                await Board(store, "p").tickets()
            return time.monotonic() - started

    assert asyncio.run(reopen_while_the_lock_is_held()) < 5.0
