"""A thread's follow-up stays with its turn and is answered from the conversation."""

from __future__ import annotations

import uuid
from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore

from graphs.supervisor import builder
from lanes.core.lane import Lane
from stores.board import Board

PLAN = "1. Add an export endpoint for invoices. 2. Add a CSV button to the invoice list."


async def _turns(graph: Any, lanes: Any, *texts: str, project: str = "core") -> list[Any]:
    config = {"configurable": {"thread_id": uuid.uuid4().hex}}
    outs = []
    for text in texts:
        turn = {"messages": [HumanMessage(text)], "project": project}
        outs.append(await graph.ainvoke(turn, config, context=lanes.context))
    return outs


async def test_who_reviews_it_is_answered_by_the_plans_lane_with_the_plan_in_view(lanes):
    scripted = lanes({Lane.ORCHESTRATOR: [PLAN, "Ana owns it."]}, planner="never")
    graph = builder.compile(checkpointer=InMemorySaver(), store=InMemoryStore())
    first, second = await _turns(
        graph, lanes, "Write a short plan to add CSV export for invoices", "and who owns it?"
    )
    assert first["route"]["lanes"] == ["orchestrator"]
    route = second["route"]
    assert (route["lanes"], route["method"]) == (["orchestrator"], "follow_up")
    assert 0 <= route["confidence"] <= 1
    prompt = "\n".join(str(m.content) for m in scripted.models[Lane.ORCHESTRATOR].calls[-1])
    assert "CSV export for invoices" in prompt and "Add an export endpoint" in prompt
    assert "who owns it?" in prompt
    assert second["answer"] == "Ana owns it."


async def test_a_new_topic_is_routed_on_its_own(lanes):
    verdict = '{"status": "pass", "findings": []}'
    lanes({Lane.ORCHESTRATOR: [PLAN], Lane.GOVERNANCE: [verdict]}, planner="never")
    graph = builder.compile(checkpointer=InMemorySaver(), store=InMemoryStore())
    _, second = await _turns(
        graph, lanes, "Write a short plan to add CSV export for invoices",
        "unrelated: what does our policy say about hotfixes?",
    )  # fmt: skip
    assert second["route"]["lanes"] == ["governance"] and second["route"]["method"] != "follow_up"


async def test_it_after_a_board_command_is_that_ticket_and_the_command_is_not_repeated(lanes):
    lanes({}, planner="never")
    store = InMemoryStore()
    graph = builder.compile(checkpointer=InMemorySaver(), store=store)
    _, second = await _turns(
        graph, lanes, "add a ticket: Upgrade the postgres driver", "assign it to Marta"
    )
    tickets = await Board(store, "core").tickets()
    assert [(t.id, t.owner) for t in tickets] == [("CORE-1", "Marta")], second["answer"]
