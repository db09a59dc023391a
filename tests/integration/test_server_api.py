"""The graphs as a team uses them: a real `langgraph dev` server driven by langgraph_sdk."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.integration.keys import admin_client, headers

GRAPHS = {"supervisor", "coder", "super_reader", "fast_rag", "governance"}


async def test_all_five_graphs_are_served(server):
    client = admin_client(server)
    assistants = await client.assistants.search(limit=20)
    assert {a["graph_id"] for a in assistants} == GRAPHS


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_stream_a_supervisor_run_and_read_the_thread_state(server):
    client = admin_client(server)
    thread = await client.threads.create()
    project = f"srv-{uuid.uuid4().hex[:8]}"
    request = {
        "messages": [{"role": "user", "content": "Plan the next sprint for the payments team"}],
        # The dev server keeps its store in the repository's .langgraph_api between
        # runs: a project of this run's own keeps the records this test reads apart.
        "project": project,
    }
    nodes = []
    async for part in client.runs.stream(
        thread["thread_id"], "supervisor", input=request, stream_mode="updates"
    ):
        if part.event == "updates":
            nodes.extend(part.data)
        assert part.event != "error", part.data
    assert nodes[:2] == ["route", "dispatch"]
    assert "orchestrator" in nodes and nodes[-1] == "synthesize"
    state = await client.threads.get_state(thread["thread_id"])
    values = state["values"]
    assert values["route"]["lanes"] == ["orchestrator"]
    assert values["answer"].strip()
    assert [e["lane"] for e in values["trace"]] == ["orchestrator"]
    assert values["messages"][-1]["content"] == values["answer"]
    # The same node code records the plan in the server's own store.
    items = await client.store.search_items(["projects", project, "plans"])
    assert [i["value"]["task"] for i in items["items"]] == [
        "Plan the next sprint for the payments team"
    ]


async def test_a_resume_on_a_thread_with_nothing_paused_is_answered(server):
    client = admin_client(server)
    thread = await client.threads.create()
    out = await client.runs.wait(
        thread["thread_id"], "supervisor", command={"resume": {"approved": True}}
    )
    assert out["answer"].startswith("Nothing is waiting on this thread")
    assert out["trace"] == []


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_an_interrupted_governance_run_resumes(server):
    client = admin_client(server)
    thread = await client.threads.create()
    task = {"task": "Check this PRD: we store user passwords in plain text.", "risky": True}
    await client.runs.wait(thread["thread_id"], "governance", input=task)
    state = await client.threads.get_state(thread["thread_id"])
    assert state["next"] == ["human_review"]
    (pending,) = [i for t in state["tasks"] for i in t["interrupts"]]
    assert pending["value"]["step_id"] == "s1"
    assert pending["value"]["verdict"]["status"] in ("pass", "fail", "needs_review")

    final = await client.runs.wait(
        thread["thread_id"], "governance", command={"resume": {"approved": True, "note": "ok"}}
    )
    (result,) = final["results"].values()
    assert result["data"]["decision"] == {"approved": True, "note": "ok"}
    assert "Reviewer approved this verdict (ok)." in result["output"]


async def test_meeting_notes_through_the_server_become_tickets_in_its_store(server):
    client = admin_client(server)
    thread = await client.threads.create()
    project = f"pm-{uuid.uuid4().hex[:8]}"
    notes = (
        "Noor will fix the login timeout by Friday; Tomasz owns the 2.3 release notes; "
        "we still need CSV export for invoices"
    )
    run = await client.runs.wait(
        thread["thread_id"],
        "supervisor",
        input={"messages": [{"role": "user", "content": notes}], "project": project},
    )
    assert run["route"]["lanes"] == ["orchestrator"]
    items = await client.store.search_items(["projects", project, "tickets"])
    owners = {i["value"]["title"]: i["value"]["owner"] for i in items["items"]}
    assert owners == {
        "Fix the login timeout": "Noor",
        "2.3 release notes": "Tomasz",
        "CSV export for invoices": None,
    }
    assert sorted(i["key"] for i in items["items"]) == ["PM-1", "PM-2", "PM-3"]


async def test_a_request_body_over_32_mb_gets_413_from_the_langgraph_api_too(server):
    body = b'{"metadata": {"x": "' + b"x" * (33 * 1024 * 1024) + b'"}}'
    async with httpx.AsyncClient(base_url=server, headers=headers(server), timeout=60) as http:
        answer = await http.post("/threads", content=body,
                                 headers={"content-type": "application/json"})  # fmt: skip
        assert answer.status_code == 413
        assert "larger than 32 MB" in answer.json()["error"]
        assert (await http.post("/threads", json={})).status_code == 200


NOTES = """Platform sync, 30 Nov
- Priya will rotate the staging database credentials by Friday
- Marco to write the load balancer runbook
"""


async def _messages(server: str, text: str, project: str) -> tuple[dict[str, list[str]], Any]:
    """The ``messages`` stream of one turn: each message id's pieces, and the thread."""
    client = admin_client(server)
    thread = await client.threads.create()
    pieces: dict[str, list[str]] = {}
    async for part in client.runs.stream(
        thread["thread_id"], "supervisor",
        input={"messages": [{"role": "user", "content": text}], "project": project},
        context={"sampling": {"max_tokens": 32}},  # the answer's text: enough to stream
        stream_mode="messages-tuple",
    ):  # fmt: skip
        if part.event == "messages":
            message, _meta = part.data
            if message.get("type") in ("AIMessageChunk", "ai"):
                pieces.setdefault(message["id"], []).append(str(message.get("content") or ""))
    return pieces, await client.threads.get_state(thread["thread_id"])


async def test_a_meeting_notes_turn_streams_one_message_and_no_json(server):
    pieces, state = await _messages(server, NOTES, f"st-{uuid.uuid4().hex[:6]}")
    assert len(pieces) == 1, {k: "".join(v)[:80] for k, v in pieces.items()}
    (streamed,) = pieces.values()
    assert not any(p.lstrip().startswith(("{", "[", '"')) for p in streamed), streamed[:10]
    assert '"items"' not in "".join(streamed) and "Priya" in "".join(streamed)
    assert state["values"]["messages"][-1]["content"] == "".join(streamed)


async def test_a_streamed_answer_and_the_threads_last_message_are_one_message(server):
    pieces, state = await _messages(
        server, "Write a short plan to add CSV export for invoices", f"st-{uuid.uuid4().hex[:6]}"
    )
    assert len(pieces) == 1, list(pieces)
    ((message_id, streamed),) = pieces.items()
    last = state["values"]["messages"][-1]
    assert last["id"] == message_id and len(streamed) > 3  # token by token, then kept
    assert last["content"] == "".join(streamed)
