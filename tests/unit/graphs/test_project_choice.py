"""Which project a supervisor run works on: the input's, else the run config's."""

from __future__ import annotations

import uuid

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore

from graphs.supervisor import builder
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
