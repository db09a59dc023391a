"""A resume sent to a thread where nothing is paused is answered, not a traceback."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.resume_safe import ResumeSafeGraph, resume_safe
from graphs.supervisor import builder, graph
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
