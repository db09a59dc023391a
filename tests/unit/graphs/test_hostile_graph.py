"""Hostile input through the supervisor and governance graphs, with scripted lanes."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.governance import builder as governance_builder
from graphs.supervisor import graph
from lanes.core.lane import Lane
from prompts.orchestrator import EMPTY_REQUEST
from stores.projects import InvalidProjectName

ANALYSIS = json.dumps(
    {
        "quality_assessment": "Subtracts where it should add.",
        "refactoring_suggestions": [],
        "security_concerns": [],
        "performance_optimizations": [],
    }
)
TWO_TASKS = "Review the payment code and then update the roadmap for the release"
VERDICT = json.dumps({"status": "fail", "findings": []})


@pytest.mark.parametrize(
    "planner_reply",
    [
        '{"steps": [{"id": "s1", "lane": "coder", "depends_on": ["s1", "s1", "s1"',  # cut off
        json.dumps({"steps": [{"id": "s1", "lane": "nope", "depends_on": [], "risky": False}]}),
        json.dumps({"steps": []}),
        json.dumps({"plan": "do it"}),
        "I think the coder should do it.",
    ],
)
async def test_an_invalid_plan_falls_back_to_the_routers_plan_and_says_why(lanes, planner_reply):
    lanes(
        {
            Lane.ORCHESTRATOR: [planner_reply, "Roadmap: fix, then release.", "Both done."],
            Lane.CODER: [ANALYSIS],
        }
    )
    out = await graph.ainvoke({"messages": [HumanMessage(TWO_TASKS)]}, context=lanes.context)
    assert out["route"]["lanes"] == ["coder", "orchestrator"]
    assert out["route"]["method"] == "semantic"
    planner = out["trace"][0]
    assert planner["lane"] == "orchestrator"
    assert planner["error"].startswith("planner failed, the router's plan was used")
    assert "Both done." in out["answer"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\x00\x01"])
async def test_an_empty_request_runs_no_lane(lanes, text):
    scripted = lanes({})
    out = await graph.ainvoke({"messages": [HumanMessage(text)]}, context=lanes.context)
    assert out["answer"] == EMPTY_REQUEST
    assert out["trace"] == [] and all(m.calls == [] for m in scripted.models.values())


@pytest.mark.parametrize("project", ["a/b", "../x", "", "v1.2", "Über"])
async def test_an_unusable_project_fails_before_any_lane_runs(lanes, project):
    scripted = lanes({})
    with pytest.raises(InvalidProjectName):
        await graph.ainvoke(
            {"messages": [HumanMessage("review my code")], "project": project},
            context=lanes.context,
        )
    assert all(m.calls == [] for m in scripted.models.values())


@pytest.mark.parametrize(
    "bad", [123, "no", "yes", {"approved": "false"}, {"approved": "no"}, {"note": "fine"}]
)
async def test_a_resume_that_is_not_a_decision_leaves_the_run_paused(lanes, bad):
    lanes({Lane.GOVERNANCE: [VERDICT]})
    review = governance_builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    await review.ainvoke({"task": "Check this PRD", "risky": True}, config, context=lanes.context)
    await review.ainvoke(Command(resume=bad), config, context=lanes.context)
    state = await review.aget_state(config)
    assert state.next == ("human_review",), "an invalid answer must not finish the review"
    (pending,) = state.interrupts
    assert "is not a decision" in pending.value["error"] or "must be" in pending.value["error"]
    out = await review.ainvoke(
        Command(resume={"approved": False, "note": "no"}), config, context=lanes.context
    )
    (result,) = out["results"].values()
    assert result["data"]["decision"] == {"approved": False, "note": "no"}
    assert "Reviewer rejected this verdict (no)." in result["output"]


async def test_a_lane_subgraph_called_on_its_own_reads_its_content_as_the_material(lanes):
    from graphs.coder import graph as coder

    code = "import os\ndef run(cmd):\n    os.system('rm -rf ' + cmd)\n"
    scripted = lanes({Lane.CODER: [ANALYSIS], Lane.GOVERNANCE: [VERDICT]})
    await coder.ainvoke({"task": "review this code", "content": code}, context=lanes.context)
    sent = " ".join(str(m.content) for m in scripted.models[Lane.CODER].calls[0])
    assert "os.system('rm -rf ' + cmd)" in sent
    review = governance_builder.compile(checkpointer=InMemorySaver())
    plan = "Our service logs full card numbers and CVV in plain text for debugging."
    out = await review.ainvoke(
        {"task": "Review the attached plan", "content": plan},
        {"configurable": {"thread_id": "gov-content"}},
        context=lanes.context,
    )
    assert "card numbers" in json.dumps(out), out  # its findings quote the content


@pytest.mark.parametrize("content", [{"a": {"b": None}}, ["a", 1], 7, "   "])
async def test_the_super_reader_reads_its_task_when_content_is_not_text(lanes, content):
    from graphs.super_reader import graph as reader

    lanes({Lane.SUPER_READER: ["The log shows one timeout."] * 4})
    out = await reader.ainvoke(
        {"task": "What does this log show? 12:00 timeout on db", "content": content},
        context=lanes.context,
    )
    assert out["results"], out
