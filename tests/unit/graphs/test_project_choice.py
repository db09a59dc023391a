"""Which project a supervisor run works on: the input's, the thread's, the config's, a member's first."""

from __future__ import annotations

import uuid

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore

from graphs.supervisor import builder
from lanes.backends.transcript import NonTextContent
from lanes.core.caller import ProjectNotAllowed
from stores.board import Board
from stores.projects import InvalidProjectName


async def run(store, lanes, configurable, **state):
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    lanes({})
    return await graph.ainvoke(
        {"messages": [HumanMessage("add a ticket: Export invoices as CSV")], **state},
        {"configurable": {"thread_id": uuid.uuid4().hex, **configurable}},
        context=lanes.context,
    )


async def test_a_project_in_the_run_config_is_used_not_ignored(lanes):
    store = InMemoryStore()
    out = await run(store, lanes, {"project": "web"})
    assert "WEB-1" in out["answer"]
    assert [t.title for t in await Board(store, "web").tickets()] == ["Export invoices as CSV"]
    assert await Board(store, "default").tickets() == []


async def test_the_inputs_project_wins_and_a_bad_configured_one_is_refused(lanes):
    store = InMemoryStore()
    await run(store, lanes, {"project": "web"}, project="core")
    assert [t.id for t in await Board(store, "core").tickets()] == ["CORE-1"]
    assert await Board(store, "web").tickets() == []
    with pytest.raises(InvalidProjectName):
        await run(store, lanes, {"project": "../x"})


async def test_a_member_naming_no_project_works_in_her_first_and_a_thread_keeps_its_own(lanes):
    store = InMemoryStore()
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    lanes({})
    alice = {"identity": "alice", "role": "member", "projects": ["core", "web"]}
    cfg = {"configurable": {"thread_id": uuid.uuid4().hex, "langgraph_auth_user": alice}}
    first = await graph.ainvoke(
        {"messages": [HumanMessage("add a ticket: Export invoices as CSV")]}, cfg,
        context=lanes.context,
    )  # fmt: skip
    assert "CORE-1" in first["answer"]
    other = {"configurable": {**cfg["configurable"], "thread_id": uuid.uuid4().hex}}
    await graph.ainvoke(
        {"messages": [HumanMessage("add a ticket: Dark mode")], "project": "web"}, other,
        context=lanes.context,
    )  # fmt: skip
    follow_up = await graph.ainvoke(  # no project named: the thread's (web), not her first
        {"messages": [HumanMessage("add a ticket: Keyboard shortcuts")]}, other,
        context=lanes.context,
    )  # fmt: skip
    assert "WEB-2" in follow_up["answer"]
    assert [t.title for t in await Board(store, "web").tickets()] == [
        "Dark mode", "Keyboard shortcuts",
    ]  # fmt: skip
    assert await Board(store, "default").tickets() == []


async def test_a_member_given_no_project_is_refused_the_default_one(lanes):
    graph = builder.compile(store=InMemoryStore(), checkpointer=InMemorySaver())
    lanes({})
    nobody = {"identity": "nobody", "role": "member", "projects": []}
    cfg = {"configurable": {"thread_id": uuid.uuid4().hex, "langgraph_auth_user": nobody}}
    with pytest.raises(ProjectNotAllowed, match="'default'"):
        await graph.ainvoke({"messages": [HumanMessage("hi")]}, cfg, context=lanes.context)


async def test_a_message_with_an_image_is_refused_before_anything_is_written(lanes):
    store = InMemoryStore()
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}}
    content = [{"type": "text", "text": "add a ticket: what the screenshot shows"}, image]
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    lanes({})
    cfg = {"configurable": {"thread_id": uuid.uuid4().hex}}
    with pytest.raises(NonTextContent, match="image_url"):
        await graph.ainvoke({"messages": [HumanMessage(content)]}, cfg, context=lanes.context)
    assert await Board(store, "default").tickets() == []
