"""A resume sent to a thread where nothing is paused is answered, not a traceback."""

from __future__ import annotations

import importlib

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.resume_safe import ResumeSafeGraph, resume_safe
from graphs.supervisor import builder, graph
from prompts.lane_input import NO_TASK
from prompts.orchestrator import NOTHING_WAITING


def test_the_exported_supervisor_is_resume_safe():
    assert isinstance(graph, ResumeSafeGraph)


# The LangGraph server sends goto=None (langgraph_api's map_cmd); in-process callers, ().
@pytest.mark.parametrize("command", [Command(resume="yes", goto=None), Command(resume=42)])
@pytest.mark.parametrize("value", ["yes", {"approved": True, "note": "ok"}])
async def test_a_resume_on_a_fresh_thread_says_nothing_is_waiting(lanes, command, value):
    scripted = lanes({})
    supervisor = resume_safe(builder.compile(checkpointer=InMemorySaver()))
    config = {"configurable": {"thread_id": "fresh"}}
    junk = Command(resume=value, goto=command.goto)
    out = await supervisor.ainvoke(junk, config, context=lanes.context)
    assert out["answer"] == NOTHING_WAITING
    assert out["messages"][-1].content == NOTHING_WAITING
    assert out["trace"] == [] and all(m.calls == [] for m in scripted.models.values())


async def test_without_the_guard_langgraph_raises_on_goto_none(lanes):
    lanes({})
    plain = builder.compile(checkpointer=InMemorySaver())
    with pytest.raises(TypeError):
        await plain.ainvoke(
            Command(resume="yes", goto=None),
            {"configurable": {"thread_id": "fresh"}},
            context=lanes.context,
        )


LANE_GRAPHS = ("coder", "fast_rag", "governance", "super_reader")


@pytest.mark.parametrize("name", LANE_GRAPHS)
@pytest.mark.parametrize(
    "given", [Command(resume="yes", goto=None), {}, {"task": 42}, {"task": "   "}]
)
async def test_a_lane_subgraph_without_a_task_says_what_it_needs(lanes, name, given):
    scripted = lanes({})
    module = importlib.import_module(f"graphs.{name}")
    assert isinstance(module.graph, ResumeSafeGraph)
    lane = resume_safe(module.builder.compile(checkpointer=InMemorySaver()))
    out = await lane.ainvoke(given, {"configurable": {"thread_id": "fresh"}}, context=lanes.context)
    (result,) = out["results"].values()
    assert result["output"] == NO_TASK and result["lane"] == name
    assert all(m.calls == [] for m in scripted.models.values())
