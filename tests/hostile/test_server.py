"""Hostile input against a real ``langgraph dev``: the server must answer /ok after each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_client

from tests.integration.servers import langgraph_dev

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedded_gguf: Path) -> Iterator[str]:
    with langgraph_dev(
        tmp_path_factory.mktemp("langgraph"),
        REPO,
        ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS="64",
    ) as url:
        yield url


def alive(url: str) -> bool:
    return httpx.get(f"{url}/ok", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        'What does "idempotent" mean here? Then review def f(x): return "a\\"b"',
        "lone \udcff surrogate and {braces} and \\backslash\\ and \u202eRTL",
        "   ",
    ],
)
async def test_hostile_text_to_the_supervisor_never_takes_the_server_down(server, text):
    client = get_client(url=server)
    thread = await client.threads.create()
    # json.dumps writes a lone surrogate as the escape \udcff, as any JSON client may.
    body = json.dumps(
        {"assistant_id": "supervisor", "input": {"messages": [{"role": "user", "content": text}]}}
    )
    async with httpx.AsyncClient(base_url=server, timeout=600) as http:
        reply = await http.post(
            f"/threads/{thread['thread_id']}/runs/wait",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert alive(server)
    if reply.status_code >= 400:
        # The server's own schema check may refuse text it cannot decode; a clear 4xx
        # is a fine answer to that, a 5xx or a dead server is not.
        assert reply.status_code < 500, reply.text
        return
    state = await client.threads.get_state(thread["thread_id"])
    assert state["values"].get("answer"), (reply.status_code, reply.text[:500])


async def test_an_unusable_project_is_refused_before_the_run_not_by_the_server(server):
    client = get_client(url=server)
    thread = await client.threads.create()
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await client.runs.create(
            thread["thread_id"],
            "supervisor",
            input={"messages": [{"role": "user", "content": "review my code"}], "project": "../x"},
        )
    # The caller sees why, not the server's "An internal error occurred".
    assert refused.value.response.status_code == 422
    assert "project name '../x' is not valid" in refused.value.response.text
    # Nothing of it stays on the thread: a refused run once left its project in the
    # state, and every later run on the thread failed on it (a blind sweep).
    assert await client.runs.list(thread["thread_id"]) == []
    assert "project" not in ((await client.threads.get_state(thread["thread_id"]))["values"] or {})
    assert alive(server)


async def test_an_image_in_the_message_fails_the_run_saying_so_not_answered_without_it(server):
    client = get_client(url=server)
    thread = await client.threads.create()
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    content = [{"type": "text", "text": "add a ticket for what this screenshot shows"}, image]
    run = await client.runs.create(
        thread["thread_id"], "supervisor",
        input={"messages": [{"role": "user", "content": content}], "project": "shots"},
    )  # fmt: skip
    joined = await client.runs.join(thread["thread_id"], run["run_id"])
    assert (await client.runs.get(thread["thread_id"], run["run_id"]))["status"] == "error"
    assert "cannot read ('image_url')" in str(joined), joined
    assert alive(server)


@pytest.mark.slow  # make test-slow (CI)
async def test_a_resume_that_is_not_a_decision_approves_nothing(server):
    client = get_client(url=server)
    thread = await client.threads.create()
    task = {"task": "Check this PRD: we store passwords in plain text.", "risky": True}
    await client.runs.wait(thread["thread_id"], "governance", input=task)
    for bad in (123, {"approved": "false"}, {"approved": "no"}, "no"):
        await client.runs.wait(thread["thread_id"], "governance", command={"resume": bad})
        state = await client.threads.get_state(thread["thread_id"])
        assert state["next"] == ["human_review"], f"{bad!r} finished the review"
        (pending,) = [i for t in state["tasks"] for i in t["interrupts"]]
        assert "true" in pending["value"]["error"]
    # A resume of null failed the run (LangGraph's UnboundLocalError) and left the pause
    # stuck for good: every later resume was refused (a blind sweep of cortex serve).
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await client.runs.wait(thread["thread_id"], "governance", command={"resume": None})
    assert refused.value.response.status_code == 422
    assert "nothing to do" in refused.value.response.text
    final = await client.runs.wait(
        thread["thread_id"], "governance", command={"resume": {"approved": True}}
    )
    (result,) = final["results"].values()
    assert result["data"]["decision"]["approved"] is True
    assert alive(server)
