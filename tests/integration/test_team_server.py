"""The team server (``cortex serve``): two workers on a real PostgreSQL and Redis.

Driven as a team would: ``langgraph_sdk`` clients against the server, ``cortex``
processes on "other machines" (each its own ``ARGOS_DATA_DIR``, only the database
shared), at once. One board: what one side writes the other reads, and nothing written
concurrently is lost.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.cli import cortex
from tests.integration.gate import REPO, Gate, worker_gate
from tests.integration.keys import admin_client, headers
from tests.integration.redis_server import RedisServer
from tests.integration.servers import fault_server
from tests.integration.team_server import team_env, team_server

pytestmark = pytest.mark.team  # make test-team (CI), about two minutes

CLI_ROUNDS, SERVER_RUNS, SERVER_CLIENTS, AT_ONCE = 50, 50, 2, 10


@pytest.fixture(scope="module")
def redis(tmp_path_factory) -> Iterator[RedisServer]:
    """The module's Redis: the server's run queue and the lanes' shared breakers."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def shared(postgres, redis, tmp_path_factory) -> tuple[str, str, Path]:
    """One database and one Redis for the module: (database URL, Redis URL, folder)."""
    return postgres.new_database(), redis.url, tmp_path_factory.mktemp("team")


@pytest.fixture(scope="module")
def server(shared) -> Iterator[tuple[str, Path]]:
    database, redis, folder = shared
    with team_server(folder, database, redis, workers=2, keyed=True) as (url, log):
        yield url, log


def _machine(shared: tuple[str, str, Path], name: str) -> dict[str, str]:
    """``cortex``'s settings on another machine: its own data folder, the team's database."""
    database, redis, folder = shared
    return {k: v for k, v in team_env(folder / name, database, redis).items() if "ARGOS" in k}


async def _run(url: str, text: str, project: str) -> dict[str, Any]:
    client = admin_client(url)
    thread = await client.threads.create()
    result = await client.runs.wait(
        thread["thread_id"], "supervisor",
        input={"messages": [{"role": "user", "content": text}], "project": project},
    )  # fmt: skip
    assert isinstance(result, dict), result
    return result


async def _after_recovery(url: str, project: str, *, within_s: float) -> dict[str, Any]:
    """A rules-only run once the server works again, without a restart, within ``within_s``."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            return await asyncio.wait_for(_run(url, "what is blocked?", project), timeout=30)
        except Exception:  # noqa: BLE001 - still reconnecting
            assert time.monotonic() < deadline, "the server did not recover"
            await asyncio.sleep(2)


def _board(shared: tuple[str, str, Path], project: str, machine: str = "reader") -> list[dict]:
    done = cortex(
        "tickets", "--project", project, "--json", cwd=shared[2], **_machine(shared, machine)
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


@pytest.fixture
def cli_writers(shared, tmp_path) -> Iterator[Gate]:
    env = {**os.environ, **_machine(shared, "laptop"), "COLUMNS": "200"}
    with worker_gate(tmp_path, 2, env) as gate:
        yield gate


@pytest.mark.timeout(600)
async def test_two_server_clients_and_two_cli_processes_make_200_tickets_one_board(
    server, shared, cli_writers
):
    url, _ = server
    limit = asyncio.Semaphore(AT_ONCE)

    async def add(client: int, number: int) -> dict[str, Any]:
        async with limit:
            return await _run(url, f"add a ticket: server c{client} n{number}", "race")

    runs = asyncio.gather(*(add(c, n) for c in range(SERVER_CLIENTS) for n in range(SERVER_RUNS)))
    runs_task = asyncio.ensure_future(runs)
    for number in range(CLI_ROUNDS):
        assert await cli_writers.round("add", number) == ["0", "0"], cli_writers.log()[-2000:]
    results = await asyncio.wait_for(runs_task, timeout=400)
    assert all("create RACE-" in str(r.get("answer")) for r in results), results[0]
    tickets = _board(shared, "race")
    expected = {f"Race ticket r{r} w{w}" for r in range(CLI_ROUNDS) for w in range(2)}
    expected |= {f"server c{c} n{n}" for c in range(SERVER_CLIENTS) for n in range(SERVER_RUNS)}
    assert {t["title"] for t in tickets} == expected
    assert len({t["id"] for t in tickets}) == len(tickets) == 200
    listed = await _run(url, "list all tickets", "race")  # and the server reads all 200
    ids = set(json.dumps(listed["results"]).split('"'))
    assert {t["id"] for t in tickets} <= ids


NOTES = """Platform sync, 30 Nov
- Priya will rotate the staging database credentials by Friday
- Marco to write the load balancer runbook
- Ana will upgrade the CI runners next week
"""


@pytest.mark.timeout(300)
async def test_notes_through_the_server_reach_cortex_and_a_cli_change_reaches_the_server(
    server, shared
):
    url, _ = server
    result = await _run(url, NOTES, "notes")
    made = _board(shared, "notes")
    assert len(made) >= 3, result.get("answer")
    owners = {t["owner"] for t in made}
    assert {"Priya", "Marco", "Ana"} <= owners, made
    first = made[0]["id"]
    moved = cortex(
        "tickets", "update", first, "--status", "blocked", "--project", "notes",
        cwd=shared[2], **_machine(shared, "laptop"),
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    blocked = await _run(url, "what is blocked?", "notes")
    assert first in str(blocked["answer"])


@pytest.mark.timeout(600)
async def test_twenty_runs_at_once_finish_and_a_rules_only_run_does_not_wait_behind_models(
    server, shared
):
    url, _ = server
    started = time.monotonic()
    slow = [
        asyncio.ensure_future(_run(url, f"Explain in one sentence what a mutex is ({n})", "load"))
        for n in range(2)
    ]
    await asyncio.sleep(2)  # the model runs are on the workers
    quick_started = time.monotonic()
    quick = await _run(url, "what is blocked?", "load")
    quick_s = time.monotonic() - quick_started
    assert "project 'load'" in str(quick["answer"])  # the board's answer, no model
    assert not all(task.done() for task in slow), "the model runs ended before the quick one"
    assert quick_s < 10, f"a rules-only run took {quick_s:.1f} s behind model runs"
    rest = [_run(url, f"add a ticket: load n{n}", "load") for n in range(18)]
    finished = await asyncio.wait_for(asyncio.gather(*slow, *rest), timeout=480)
    assert len(finished) == 20 and all(r.get("answer") for r in finished)
    print(f"\n20 runs in {time.monotonic() - started:.0f} s; rules-only under load {quick_s:.2f} s")


def _workers_of(port: str) -> list[int]:
    """The server's worker processes: the children of the uvicorn on ``port``."""
    found = subprocess.run(
        ["pgrep", "-f", f"aegra_api.main:app.*--port {port}"], capture_output=True, text=True
    )
    parents = found.stdout.split()
    assert len(parents) == 1, found
    children = subprocess.run(["pgrep", "-P", parents[0]], capture_output=True, text=True)
    return [int(pid) for pid in children.stdout.split()]


@pytest.mark.timeout(600)
async def test_a_worker_killed_mid_run_ends_the_run_and_duplicates_nothing(
    postgres, redis, tmp_path_factory
):
    # A server of its own (database, Redis db 1): the module's server must not take its run.
    folder = tmp_path_factory.mktemp("killed")
    own = (postgres.new_database(), redis.url.rsplit("/", 1)[0] + "/1", folder)
    database, queue, _ = own
    # A served orchestrator that takes 8 s to judge the clause the rules leave open: the
    # run is killed while it waits, then the tickets are written; the retried run writes
    # them again, which must not make a second of any.
    slow = {"ARGOS_LANE_ORCHESTRATOR_URL": "{fault}/slow/v1"}
    with (
        fault_server(tmp_path_factory.mktemp("fault"), REPO) as fault,
        team_server(
            folder, database, queue, workers=2, keyed=True,
            settings={k: v.format(fault=fault) for k, v in slow.items()},
        ) as (url, _),
    ):  # fmt: skip
        await _kill_mid_run(url, own)


async def _kill_mid_run(url: str, shared: tuple[str, str, Path]) -> None:
    client = admin_client(url)
    thread = await client.threads.create()
    notes = NOTES.replace("Platform", "Kill") + "- The importer retry by Friday would help\n"
    run = await client.runs.create(
        thread["thread_id"], "supervisor",
        input={"messages": [{"role": "user", "content": notes}], "project": "killed"},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while (await client.runs.get(thread["thread_id"], run["run_id"]))["status"] == "pending":
        assert time.monotonic() < deadline, "the run was never picked up"
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)
    running = await client.runs.get(thread["thread_id"], run["run_id"])
    assert running["status"] == "running", running["status"]
    workers = _workers_of(url.rsplit(":", 1)[1])
    assert len(workers) >= 2, workers  # uvicorn's workers (and its resource tracker)
    for pid in workers:
        os.kill(pid, signal.SIGKILL)  # every worker: the one running it among them
    killed_at = time.monotonic()
    deadline = time.monotonic() + 300
    status = "running"
    while status in ("pending", "running"):
        assert time.monotonic() < deadline, "the run stayed running after its worker died"
        await asyncio.sleep(1)
        status = (await client.runs.get(thread["thread_id"], run["run_id"]))["status"]
    assert status in ("success", "error"), status
    print(f"\nthe killed run ended {status} {time.monotonic() - killed_at:.0f} s after the kill")
    state = await client.threads.get_state(thread["thread_id"])
    assert state is not None
    titles = [t["title"].lower() for t in _board(shared, "killed")]
    assert len(titles) == len(set(titles)), titles  # a retried run made nothing twice
    assert status == "error" or len(titles) >= 3, titles


def test_serve_without_its_database_or_redis_is_one_line(tmp_path, shared):
    database, redis, _ = shared
    closed = "postgresql://postgres@127.0.0.1:9/none"
    for env, word in (
        ({"ARGOS_DATABASE_URL": closed, "ARGOS_REDIS_URL": redis}, "ARGOS_DATABASE_URL"),
        (
            {"ARGOS_DATABASE_URL": database, "ARGOS_REDIS_URL": "redis://127.0.0.1:9/0"},
            "ARGOS_REDIS_URL",
        ),  # fmt: skip
        ({"ARGOS_REDIS_URL": redis}, "ARGOS_DATABASE_URL"),
    ):
        done = cortex("serve", "--check", cwd=tmp_path, timeout=60, **env)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert done.returncode == 1 and len(lines) == 1 and word in lines[0], done.stderr
        assert "Traceback" not in done.stderr + done.stdout


def test_serve_without_keys_binds_only_loopback_and_says_so(tmp_path, shared, postgres):
    _, redis, _ = shared
    settings = {"ARGOS_DATABASE_URL": postgres.new_database(), "ARGOS_REDIS_URL": redis}
    wide = cortex("serve", "--check", "--host", "0.0.0.0", cwd=tmp_path, timeout=60, **settings)
    lines = [line for line in wide.stderr.splitlines() if line.strip()]
    assert wide.returncode == 1 and len(lines) == 1, wide.stderr
    assert "cortex keys create" in lines[0] and "0.0.0.0" in lines[0]
    local = cortex("serve", "--check", cwd=tmp_path, timeout=60, **settings)
    assert local.returncode == 0, local.stderr
    assert "answers only clients on this machine" in local.stdout
    # An auth module that does not load: the engine would let everyone in as anonymous.
    broken = json.loads((REPO / "langgraph.json").read_text())
    broken["graphs"] = {name: str(REPO / path) for name, path in broken["graphs"].items()}
    broken["auth"]["path"] = "./missing_auth.py:auth"
    (tmp_path / "langgraph.json").write_text(json.dumps(broken))
    done = cortex("serve", "--check", "--config", str(tmp_path / "langgraph.json"),
                  cwd=tmp_path, timeout=60, **settings)  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1 and len(lines) == 1 and "does not load" in lines[0], done.stderr


@pytest.mark.timeout(300)
async def test_redis_down_a_run_is_refused_before_it_is_recorded_and_the_server_recovers(
    server, shared, redis
):
    """The run queue goes away: 503 naming ARGOS_REDIS_URL, no run left to happen later."""
    url, _ = server
    client = admin_client(url)
    thread = await client.threads.create()
    redis.kill()
    try:
        for attempt in range(3):  # the same connection keeps working after a refusal
            with pytest.raises(httpx.HTTPStatusError) as refused:
                await client.runs.create(
                    thread["thread_id"], "supervisor",
                    input={"messages": [{"role": "user", "content": f"add a ticket: r{attempt}"}],
                           "project": "noredis"},
                )  # fmt: skip
            answer = refused.value.response
            assert answer.status_code == 503, answer.text
            assert "ARGOS_REDIS_URL" in answer.json()["message"], answer.text
            assert "Traceback" not in answer.text and "127.0.0.1" not in answer.text
        await asyncio.sleep(3)  # a recorded run would be picked up from the database by now
        assert await client.runs.list(thread["thread_id"]) == []  # nothing recorded
        assert (await client.threads.get(thread["thread_id"]))["thread_id"]  # reads still work
    finally:
        redis.start()
    back = await _after_recovery(url, "noredis", within_s=60)  # the queue's clients reconnect
    assert "project 'noredis'" in str(back["answer"])
    assert _board(shared, "noredis") == []  # none of the refused runs made a ticket


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/threads", r'{"metadata": {"k": "\ud800"}}'),
        (
            "PUT",
            "/store/items",
            r'{"namespace": ["notes"], "key": "k", "value": {"x": "a\u0000b"}}',
        ),
        ("PUT", "/store/items", r'{"namespace": ["notes"], "key": "k", "value": {"x": "\ud800"}}'),
    ],
)
def test_text_postgres_cannot_store_is_a_400_saying_so_not_an_outage(server, method, path, body):
    """A lone surrogate was "the database is unreachable" (503); a NUL a bare 500."""
    url, _ = server
    answer = httpx.request(method, f"{url}{path}", content=body, timeout=30,
                           headers={**headers(url), "Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 400, answer.text
    assert "cannot store" in answer.text and "ARGOS_DATABASE_URL" not in answer.text
    assert httpx.get(f"{url}/health", timeout=30).status_code == 200


async def test_postgres_down_is_a_clear_error_for_a_run_and_the_server_recovers(
    server, shared, postgres
):
    """Last in the module: the database goes away under the running server, then returns."""
    url, _ = server
    postgres.stop()
    try:
        with pytest.raises(httpx.HTTPStatusError) as failed:
            await asyncio.wait_for(_run(url, "what is blocked?", "down"), timeout=60)
        answer = failed.value.response
        # Not the engine's bare 500: 503, or 401 where the key cannot be checked (aegra
        # answers any refusal while authenticating with 401), naming what to check.
        assert answer.status_code in (401, 503), answer.text
        assert "ARGOS_DATABASE_URL" in answer.json()["message"], answer.text
        assert "Traceback" not in answer.text and "127.0.0.1" not in answer.text
        board = cortex("tickets", "--json", cwd=shared[2], **_machine(shared, "laptop"))
        lines = [line for line in board.stderr.splitlines() if line.strip()]
        assert board.returncode != 0 and len(lines) == 1 and "ARGOS_DATABASE_URL" in lines[0]
    finally:
        postgres.start()
    back = await _after_recovery(url, "down", within_s=120)  # the pools reconnect
    assert "project 'down'" in str(back["answer"])
