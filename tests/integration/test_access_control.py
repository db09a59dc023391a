"""Access control on the real servers: ``langgraph dev`` and the team server (aegra).

Two members and an admin, each with a key from ``cortex keys create``, drive the server
through ``langgraph_sdk`` (and bare HTTP for callers without a key): who gets 401, who
sees whose threads, who may run on or write which project, and that a revoked key stops
working on the next request, in every worker. Keys never appear in a log or a table.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai
import psycopg
import pytest
from langgraph_sdk import get_client

from tests.integration.cli import cortex
from tests.integration.gate import REPO
from tests.integration.redis_server import RedisServer
from tests.integration.servers import langgraph_dev
from tests.integration.team_server import team_server

# Both engines, so in make test-team (CI): about a minute and a half.
pytestmark = pytest.mark.team


@dataclass
class Deployment:
    """A running server, the settings its ``cortex`` uses, and the keys made for it."""

    engine: str
    url: str
    log: Path
    data: Path
    settings: dict[str, str]
    keys: dict[str, str] = field(default_factory=dict)
    database: str | None = None

    def client(self, who: str) -> Any:
        return get_client(url=self.url, api_key=self.keys[who])

    def cortex(self, *args: str) -> subprocess.CompletedProcess[str]:
        return cortex(*args, cwd=self.data.parent, timeout=60, **self.settings)


def _make_keys(settings: dict[str, str], cwd: Path) -> dict[str, str]:
    keys = {}
    for who, extra in (
        ("alice", ["--project", "core"]),
        ("bob", ["--project", "pay"]),
        ("root", ["--role", "admin"]),
    ):
        done = cortex("keys", "create", "--user", who, *extra, cwd=cwd, timeout=60, **settings)
        assert done.returncode == 0, done.stderr
        keys[who] = done.stdout.strip()
        assert keys[who].startswith("ctx_") and keys[who] not in done.stderr
    return keys


@pytest.fixture(scope="module", params=["langgraph-dev", "team-server"])
def deployment(request, tmp_path_factory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp(request.param)
    data = folder / "data"
    if request.param == "langgraph-dev":
        settings = {"ARGOS_DATA_DIR": str(data)}
        keys = _make_keys(settings, folder)
        with langgraph_dev(folder, REPO) as url:
            yield Deployment(request.param, url, folder / "langgraph-dev.log", data, settings,
                             keys)  # fmt: skip
        return
    postgres = request.getfixturevalue("postgres")
    redis = RedisServer(folder)
    redis.start()
    try:
        database = postgres.new_database()
        settings = {"ARGOS_DATABASE_URL": database, "ARGOS_DATA_DIR": str(data)}
        keys = _make_keys(settings, folder)
        with team_server(folder, database, redis.url, workers=2) as (url, log):
            yield Deployment(request.param, url, log, data, settings, keys, database)
    finally:
        redis.close()


def _health(deployment: Deployment) -> str:
    return "/ok" if deployment.engine == "langgraph-dev" else "/health"


async def _run(client: Any, thread: str, text: str, project: str) -> dict[str, Any]:
    result = await client.runs.wait(
        thread, "supervisor",
        input={"messages": [{"role": "user", "content": text}], "project": project},
    )  # fmt: skip
    assert isinstance(result, dict), result
    return result


def _tail(log: Path) -> str:
    """The end of a server's log, for a failure's message."""
    return log.read_text(errors="replace")[-3000:] if log.exists() else f"(no {log})"


def _status(exc: BaseException) -> int:
    assert isinstance(exc, httpx.HTTPStatusError), repr(exc)
    return exc.response.status_code


def test_no_key_or_a_bad_key_is_401_saying_which_and_health_stays_open(deployment):
    calls = [
        ("POST", "/threads/search", {}),
        ("POST", "/threads", {}),
        ("POST", "/runs/wait", {"assistant_id": "supervisor", "input": {}}),
        ("POST", "/store/items/search", {"namespace_prefix": ["projects"]}),
        ("POST", "/assistants/search", {}),
        ("GET", "/lanes", None),
        ("GET", "/lanes/health", None),
        ("GET", "/lanes/metrics", None),
    ]
    revoked_or_unknown = "ctx_000000000000_" + "A" * 43
    with httpx.Client(base_url=deployment.url, timeout=30) as http:
        for headers, word in (
            ({}, "no API key"),
            ({"Authorization": "Bearer garbage"}, "malformed"),
            ({"Authorization": f"Bearer {revoked_or_unknown}"}, "unknown"),
        ):
            for method, path, body in calls:
                answer = http.request(method, path, json=body, headers=headers)
                assert answer.status_code == 401, (path, headers, answer.text)
                assert word in answer.text and "Traceback" not in answer.text, answer.text
        assert http.get(_health(deployment)).status_code == 200
        mine = {"Authorization": f"Bearer {deployment.keys['alice']}"}
        assert http.post("/threads/search", json={}, headers=mine).status_code == 200
        metrics = http.get("/lanes/metrics", headers=mine)  # a member: they name endpoints
        assert metrics.status_code == 403 and "admin key" in metrics.text
        root = {"Authorization": f"Bearer {deployment.keys['root']}"}
        assert http.get("/lanes/metrics", headers=root).status_code == 200
    log = deployment.log.read_text(errors="replace")
    assert "refused a request: malformed key" in log and "refused a request: missing key" in log


async def test_a_member_cannot_see_run_on_or_resume_another_members_thread(deployment):
    alice, bob = deployment.client("alice"), deployment.client("bob")
    thread = (await bob.threads.create())["thread_id"]
    answer = await _run(bob, thread, "what is blocked?", "pay")
    assert "project 'pay'" in str(answer["answer"])
    assert thread not in [t["thread_id"] for t in await alice.threads.search(limit=100)]
    attempts = [
        alice.threads.get(thread),
        alice.threads.get_state(thread),
        alice.runs.wait(thread, "supervisor",
                        input={"messages": [{"role": "user", "content": "hi"}],
                               "project": "core"}),
        alice.runs.wait(thread, "supervisor", command={"resume": {"approved": True}}),
        alice.threads.delete(thread),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await attempt
        assert _status(refused.value) in (403, 404), refused.value.response.text
        assert "pay" not in refused.value.response.text
    try:  # langgraph dev: 404; aegra: the runs alice may see on it, none
        assert await alice.runs.list(thread) == []
    except httpx.HTTPStatusError as refused:
        assert _status(refused) == 404
    assert (await bob.threads.get(thread))["thread_id"] == thread  # still there, still his
    assert len(await bob.runs.list(thread)) == 1
    root = deployment.client("root")
    if deployment.engine == "langgraph-dev":  # admins see every thread
        assert (await root.threads.get(thread))["thread_id"] == thread
    else:  # aegra keeps each thread to its creator, admins included (docs/deployment.md)
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await root.threads.get(thread)
        assert _status(refused.value) == 404


@pytest.mark.timeout(300)
async def test_a_members_knowledge_base_answers_never_cite_another_projects_documents(
    deployment, tmp_path
):
    for project, text in (
        ("pay", "# Vault\n\nThe payments vault rotation code is ZEBRA-7741.\n"),
        ("core", "# Deploys\n\nCore deploys happen on Tuesdays after the standup.\n"),
    ):
        source = tmp_path / project / f"{project}-notes.md"
        source.parent.mkdir()
        source.write_text(text)
        done = deployment.cortex("ingest", "--project", project, str(source.parent))
        assert done.returncode == 0, done.stderr
    alice = deployment.client("alice")
    thread = (await alice.threads.create())["thread_id"]
    answer = await _run(alice, thread, "What is the payments vault rotation code?", "core")
    assert "ZEBRA" not in str(answer) and "pay-notes" not in str(answer), answer["answer"]
    bob = deployment.client("bob")
    mine = await _run(bob, (await bob.threads.create())["thread_id"],
                      "What is the payments vault rotation code?", "pay")  # fmt: skip
    assert "pay-notes" in str(mine)  # the same question on pay's own base finds it


async def test_a_member_cannot_run_on_or_read_another_project(deployment):
    alice = deployment.client("alice")
    thread = (await alice.threads.create())["thread_id"]
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await _run(alice, thread, "what is blocked?", "pay")
    assert _status(refused.value) == 403 and "'pay'" in refused.value.response.text
    with pytest.raises(httpx.HTTPStatusError) as refused:  # named in the run's config
        await alice.runs.wait(thread, "supervisor", config={"configurable": {"project": "pay"}},
                              input={"messages": [{"role": "user", "content": "hi"}]})  # fmt: skip
    assert _status(refused.value) == 403 and "'pay'" in refused.value.response.text
    # A name that is no project's: 422 with a suggestion (members got 403 "your key may
    # not use project 'Core'"), and the thread keeps no trace of it for later runs.
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await _run(alice, thread, "what is blocked?", "Core")
    assert _status(refused.value) == 422 and "did you mean 'core'" in refused.value.response.text
    unnamed = await alice.runs.wait(  # no project named: her first, as on the OpenAI API
        thread, "supervisor", input={"messages": [{"role": "user", "content": "what is blocked?"}]}
    )
    assert isinstance(unnamed, dict) and "project 'core'" in str(unnamed["answer"]), unnamed
    assert "project 'core'" in str(
        (await _run(alice, thread, "what is blocked?", "core"))["answer"]
    )
    store_calls = [
        alice.store.search_items(["projects", "pay"]),
        alice.store.search_items([]),
        alice.store.list_namespaces(),
        alice.store.get_item(["projects", "pay", "tickets"], "PAY-1"),
        alice.store.put_item(["projects", "pay", "tickets"], "PAY-9", {"title": "x"}),
        alice.store.delete_item(["projects", "pay", "tickets"], "PAY-1"),
    ]
    for call in store_calls:
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await call
        assert _status(refused.value) in (403, 404), refused.value.response.text


async def test_creating_a_thread_with_another_members_id_does_not_hand_it_over(deployment):
    alice, bob = deployment.client("alice"), deployment.client("bob")
    bobs = await bob.threads.create(metadata={"secret": "bob-only"})
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await alice.threads.create(thread_id=bobs["thread_id"], if_exists="do_nothing")
    assert _status(refused.value) in (404, 409), refused.value.response.text
    assert "bob-only" not in refused.value.response.text
    again = await bob.threads.create(thread_id=bobs["thread_id"], if_exists="do_nothing")
    assert again["metadata"]["secret"] == "bob-only"  # its owner still gets it back


async def test_a_members_stateless_run_returns_its_result(deployment):
    alice = deployment.client("alice")
    done = await alice.runs.wait(None, "supervisor", input={
        "messages": [{"role": "user", "content": "what is blocked?"}], "project": "core"})  # fmt: skip
    assert isinstance(done, dict) and "project 'core'" in str(done.get("answer")), done


async def test_a_members_cron_runs_as_her_on_her_first_project(deployment):
    """Both engines fire a cron as its owner's name alone, without her role or projects.

    Every cron was refused (a blind HTTP sweep): ``langgraph dev`` 403 at the door,
    both engines again in the run. The run names no project, so hers is looked up.
    """
    alice, bob = deployment.client("alice"), deployment.client("bob")
    with pytest.raises(httpx.HTTPStatusError) as refused:  # aegra took it, to fail each minute
        await bob.crons.create("supervisor", schedule="* * * * *", input={
            "messages": [{"role": "user", "content": "hi"}], "project": "core"})  # fmt: skip
    assert _status(refused.value) == 403 and "'core'" in refused.value.response.text
    thread = (await alice.threads.create())["thread_id"]
    made = await alice.crons.create_for_thread(
        thread, "supervisor", schedule="* * * * *",
        input={"messages": [{"role": "user", "content": "what is blocked?"}]},
    )  # fmt: skip
    # aegra runs a new cron once at once, as its authenticated creator, and answers that
    # run: only the scheduler's firings show the fault.
    (cron,) = await alice.crons.search(thread_id=thread)
    at_once = {made.get("run_id")} | {r["run_id"] for r in await alice.runs.list(thread)}
    try:
        fired: list[dict[str, Any]] = []
        deadline = time.monotonic() + 150  # the next minute, then the scheduler's poll
        while time.monotonic() < deadline and not fired:
            await asyncio.sleep(2)
            fired = [r for r in await alice.runs.list(thread) if r["run_id"] not in at_once
                     and r["status"] not in ("pending", "running")]  # fmt: skip
        assert [r["status"] for r in fired][:1] == ["success"], (fired, _tail(deployment.log))
        state = await alice.threads.get_state(thread)
        assert state["values"]["project"] == "core", state["values"]
        assert "project 'core'" in str(state["values"].get("answer")), state["values"]
    finally:
        await alice.crons.delete(cron["cron_id"])


async def test_a_members_own_store_items_are_hers_alone(deployment):
    alice, bob = deployment.client("alice"), deployment.client("bob")
    await alice.store.put_item(["users", "alice"], "draft", {"text": "mine"})
    assert (await alice.store.get_item(["users", "alice"], "draft"))["value"] == {"text": "mine"}
    for call in (
        bob.store.get_item(["users", "alice"], "draft"),
        bob.store.put_item(["users", "alice"], "draft", {"text": "overwritten"}),
        bob.store.delete_item(["users", "alice"], "draft"),
        bob.store.search_items(["users"]),
        bob.store.list_namespaces(prefix=["users"]),
        bob.store.put_item(["scratch"], "k", {"v": 1}),  # outside both: nobody's to write
    ):
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await call
        assert _status(refused.value) == 403, refused.value.response.text
        assert "('users', 'bob')" in refused.value.response.text
    assert (await alice.store.get_item(["users", "alice"], "draft"))["value"] == {"text": "mine"}


def test_the_openai_api_keeps_a_member_to_her_projects(deployment):
    def sdk(key: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{deployment.url}/v1", api_key=key, max_retries=0)

    user = [{"role": "user", "content": "what is blocked?"}]
    alice = sdk(deployment.keys["alice"])
    raw = alice.chat.completions.with_raw_response.create(model="cortex", messages=user)  # type: ignore[arg-type]
    assert raw.headers["x-cortex-project"] == "core"  # her first project, unasked
    assert "project 'core'" in (raw.parse().choices[0].message.content or "")
    with pytest.raises(openai.PermissionDeniedError, match="'pay'"):
        alice.chat.completions.create(model="cortex", messages=user,  # type: ignore[arg-type]
                                      extra_body={"project": "pay"})  # fmt: skip
    with pytest.raises(openai.AuthenticationError):
        sdk("sk-not-a-cortex-key").models.list()


async def test_a_members_direct_delete_is_refused_and_by_chat_it_waits_for_approval(deployment):
    alice = deployment.client("alice")
    thread = (await alice.threads.create())["thread_id"]
    await _run(alice, thread, "add a ticket: Rotate the signing keys", "core")
    board = deployment.cortex("tickets", "--project", "core", "--json")
    assert board.returncode == 0, board.stderr
    (ticket,) = [t for t in json.loads(board.stdout) if "signing" in t["title"]]
    for call in (
        alice.store.delete_item(["projects", "core", "tickets"], ticket["id"]),
        alice.store.put_item(["projects", "core", "tickets"], ticket["id"], {"status": "done"}),
    ):
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await call
        assert _status(refused.value) == 403 and "admin" in refused.value.response.text
    await _run(alice, thread, f"delete {ticket['id']}", "core")
    state = await alice.threads.get_state(thread)
    assert any("Delete" in str(i.get("value")) for i in state.get("interrupts", [])), state
    after = deployment.cortex("tickets", "--project", "core", "--json")
    assert ticket["id"] in after.stdout  # nothing deleted before the approval


async def test_a_revoked_key_stops_working_on_the_next_request_in_every_worker(deployment):
    done = deployment.cortex("keys", "create", "--user", "carol", "--project", "core")
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    carol = get_client(url=deployment.url, api_key=key)
    for _ in range(6):  # the two workers both know her
        await carol.threads.search(limit=1)
    listed = deployment.cortex("keys", "list", "--json")
    assert key not in listed.stdout and "carol" in listed.stdout
    assert deployment.cortex("keys", "revoke", "carol").returncode == 0
    for _ in range(8):  # whichever worker answers
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await carol.threads.search(limit=1)
        assert _status(refused.value) == 401 and "revoked" in refused.value.response.text


def test_keys_made_by_processes_at_once_are_all_kept(deployment):
    makers = [
        subprocess.Popen(
            [
                str(Path(sys.executable).with_name("cortex")),
                "keys",
                "create",
                "--user",
                f"racer{n}",
                "--project",
                "core",
            ],
            cwd=deployment.data.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")},
                **deployment.settings,
            },
        )  # fmt: skip
        for n in range(6)
    ]
    keys = []
    for maker in makers:
        out, err = maker.communicate(timeout=60)
        assert maker.returncode == 0, err
        keys.append(out.strip())
    with httpx.Client(base_url=deployment.url, timeout=30) as http:
        for key in keys:
            answer = http.post("/threads/search", json={}, headers={"x-api-key": key})
            assert answer.status_code == 200, answer.text


async def test_no_key_is_in_any_log_answer_or_table(deployment):
    """Last in the module: everything the tests above made, searched for the keys' bytes."""
    root = deployment.client("root")
    await root.threads.search(limit=5)
    secrets = [key.encode() for key in deployment.keys.values()]
    seen: list[tuple[str, bytes]] = [("log", deployment.log.read_bytes())]
    seen += [(str(p), p.read_bytes()) for p in deployment.data.rglob("*") if p.is_file()]
    if deployment.database:
        with psycopg.connect(deployment.database, autocommit=True) as conn:
            tables = conn.execute(
                "SELECT schemaname, tablename FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
            for schema, table in tables:
                rows = conn.execute(f'SELECT t::text FROM "{schema}"."{table}" t').fetchall()
                seen.append((table, "".join(r[0] for r in rows).encode()))
    assert len(seen) > 3
    for where, blob in seen:
        for secret in secrets:
            assert secret not in blob, f"a key is in {where}"
            assert secret[len(b"ctx_") + 13 :] not in blob, f"a key's secret is in {where}"


def _own_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_without_keys_only_this_machine_is_answered_until_the_first_key(tmp_path):
    address = _own_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to call from")
    settings = {"ARGOS_DATA_DIR": str(tmp_path / "data")}
    with langgraph_dev(tmp_path, REPO, host="0.0.0.0", **settings) as url:
        port = url.rsplit(":", 1)[1]
        remote = httpx.Client(base_url=f"http://{address}:{port}", timeout=30)
        local = httpx.Client(base_url=url, timeout=30)
        refused = remote.post("/threads/search", json={})
        assert refused.status_code == 403 and "cortex keys create" in refused.text
        assert remote.get("/ok").status_code == 200
        assert local.post("/threads/search", json={}).status_code == 200  # the local admin
        done = cortex("keys", "create", "--user", "ann", "--project", "core", cwd=tmp_path,
                      timeout=60, **settings)  # fmt: skip
        key = done.stdout.strip()
        assert remote.post("/threads/search", json={}).status_code == 401  # keys now needed
        assert local.post("/threads/search", json={}).status_code == 401
        mine = remote.post("/threads/search", json={}, headers={"x-api-key": key})
        assert mine.status_code == 200, mine.text
