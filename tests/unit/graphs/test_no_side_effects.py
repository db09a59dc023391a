"""A question about code, a policy or a config never changes the board.

Requests that paste material with names and work in it, and ask about it: each goes
through the supervisor with a notes reader scripted to find tickets, so a request
misread as notes would create them.
"""

from __future__ import annotations

import json
import uuid

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore

from graphs.supervisor import builder
from lanes.core.lane import Lane
from stores.board import Board

TICKETS = json.dumps(
    {"items": [{"action": True, "owner": "Ana", "task": "head of customer support"}]}
)
ANALYSIS = json.dumps(
    {
        "quality_assessment": "Reviewed.",
        "refactoring_suggestions": [],
        "security_concerns": [],
        "performance_optimizations": [],
    }  # fmt: skip
)
VERDICT = json.dumps({"status": "pass", "findings": []})
QUESTIONS = [
    "Does this retention policy comply with GDPR? Support keeps chat logs for 2 years. "
    "Ana, head of customer support, owns the data; Ben will purge it yearly.",
    "Is this config ok?\nretention_days: 730\nowner: ana\nbackup: nightly\nencrypt: false",
    "Review this code, Ben wrote it and Ana will merge it:\n```python\n"
    "def purge(db):\n    db.execute('DELETE FROM chats')\n```",
    "Any bugs here? Noor will deploy it Friday.\n```js\nconst total = items.reduce((a, b) => a + b);\n```",
    "Check our access policy: Priya keeps permanent admin on prod and Tom reviews it never. "
    "Is that allowed under our security policy?",
    "Can you sanity-check this diff before Marco ships it?\n--- a/app.py\n+++ b/app.py\n"
    "@@ -1 +1 @@\n-TIMEOUT = 30\n+TIMEOUT = 3",
    "Is this spec compliant? Users' emails are shared with partners; Lee owns the export, "
    "Sam will add the consent screen later.",
    "What do you think of this SQL, Dana wrote it:\nSELECT * FROM users WHERE deleted_at = NULL;",
    "Explain this terraform config: Omar owns it and Kim will apply it.\n"
    'resource "aws_s3_bucket" "logs" {\n  acl = "public-read"\n}',
    "Does this runbook violate our change policy? Step 1: Raj restarts prod with no change request. "
    "Step 2: Mia tells the team afterwards.",
]


async def test_ten_questions_carrying_material_leave_the_board_unchanged(lanes):
    store = InMemoryStore()
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    for question in QUESTIONS:
        lanes({Lane.ORCHESTRATOR: [TICKETS, TICKETS], Lane.CODER: [ANALYSIS],
               Lane.GOVERNANCE: [VERDICT], Lane.SUPER_READER: ["Read."]})  # fmt: skip
        out = await graph.ainvoke(
            {"messages": [HumanMessage(question)], "project": "core"},
            {"configurable": {"thread_id": uuid.uuid4().hex}},
            context=lanes.context,
        )
        assert out["answer"], question
        assert await Board(store, "core").tickets() == [], question
    assert await store.asearch(("projects", "core", "tickets")) == []


TALKED_ABOUT = [
    "don't close CORE-1",
    "how do I move CORE-1 to done?",
    "should we close CORE-1?",
    "did anyone close CORE-1 and assign it to Lee?",
    "should we delete CORE-1?",
    "add a ticket:",
]


async def test_a_board_change_negated_or_asked_about_is_not_made(lanes):
    store = InMemoryStore()
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    board = Board(store, "core")
    await board.upsert("Export invoices as CSV", {}, by="test")
    for request in TALKED_ABOUT:
        lanes({Lane.ORCHESTRATOR: ["You can say it as a command."] * 3,
               Lane.FAST_RAG: ["Not found."] * 2})  # fmt: skip
        out = await graph.ainvoke(
            {"messages": [HumanMessage(request)], "project": "core"},
            {"configurable": {"thread_id": uuid.uuid4().hex}},
            context=lanes.context,
        )
        assert out["answer"], request
        tickets = await board.tickets()
        assert [(t.id, t.title, t.status) for t in tickets] == [
            ("CORE-1", "Export invoices as CSV", "todo")
        ], request
    assert "needs a title" in out["answer"]  # "add a ticket:" with nothing after it


async def test_a_question_about_a_ticket_is_answered_from_the_board_not_by_a_model(lanes):
    store = InMemoryStore()
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    board = Board(store, "core")
    await board.upsert("Export invoices as CSV", {"owner": "Ann"}, by="test")
    for request, said in (
        ("is CORE-1 done yet?", "CORE-1 [todo] Export invoices as CSV: owner Ann"),
        ("what is the status of CORE-1?", "CORE-1 [todo]"),
        ("should we close CORE-1?", "Nothing was changed. To change it, ask for it: 'move CORE-1"),
        ("who owns CORE-7?", "There is no ticket CORE-7 in project 'core'"),
    ):
        lanes({Lane.ORCHESTRATOR: ["Yes, CORE-1 has been completed."] * 3,
               Lane.FAST_RAG: ["Not found."] * 2})  # fmt: skip
        out = await graph.ainvoke(
            {"messages": [HumanMessage(request)], "project": "core"},
            {"configurable": {"thread_id": uuid.uuid4().hex}},
            context=lanes.context,
        )
        assert said in out["answer"] and "completed" not in out["answer"], (request, out["answer"])
    assert [t.status for t in await board.tickets()] == ["todo"]
