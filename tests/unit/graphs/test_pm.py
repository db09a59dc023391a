"""Project management through the supervisor, with scripted models and an in-memory store."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.base import Op, PutOp, Result
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command

from graphs.supervisor import builder
from lanes.core.caller import ProjectNotAllowed
from lanes.core.lane import Lane
from stores.board import Board
from stores.vectors import Hit

NOTES = (
    "Noor will fix the login timeout by Friday; Tomasz owns the 2.3 release notes; "
    "we still need CSV export for invoices"
)
VERDICTS = json.dumps(
    {
        "items": [
            {"action": True, "owner": "Noor", "task": "fix the login timeout"},
            {"action": True, "owner": "Tomasz", "task": "2.3 release notes"},
            {"action": True, "owner": "", "task": "CSV export for invoices"},
        ]
    }
)


def turn(text: str, project: str = "core") -> dict[str, Any]:
    return {"messages": [HumanMessage(text)], "project": project}


def config() -> dict[str, Any]:
    return {"configurable": {"thread_id": uuid.uuid4().hex}}


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


async def run(graph: Any, text: str, lanes: Any, cfg: dict[str, Any] | None = None) -> Any:
    return await graph.ainvoke(turn(text), cfg or config(), context=lanes.context)


async def test_notes_become_tickets_with_owners_and_a_due_date(lanes, store):
    scripted = lanes({Lane.ORCHESTRATOR: [VERDICTS]})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, NOTES, lanes)
    assert out["route"] == {"lanes": ["orchestrator"], "method": "rules", "confidence": 1.0,
                            "ms": out["route"]["ms"]}  # fmt: skip
    tickets = await Board(store, "core").tickets()
    assert [(t.id, t.title, t.owner) for t in tickets] == [
        ("CORE-1", "Fix the login timeout", "Noor"),
        ("CORE-2", "2.3 release notes", "Tomasz"),
        ("CORE-3", "CSV export for invoices", None),
    ]
    assert tickets[0].due is not None and tickets[0].due.weekday() == 4  # a Friday
    changes = out["results"]["s1"]["data"]["changes"]
    assert [(c["op"], c["ticket"]) for c in changes] == [
        ("create", "CORE-1"), ("create", "CORE-2"), ("create", "CORE-3"),
    ]  # fmt: skip
    assert "CORE-2: 2.3 release notes, owner Tomasz" in out["answer"]
    # The embedded model is never asked to judge notes (Deps.judges_notes).
    assert scripted.models[Lane.ORCHESTRATOR].calls == []
    # The same notes again update nothing and add nothing.
    lanes({Lane.ORCHESTRATOR: [VERDICTS]})
    again = await run(graph, NOTES, lanes)
    assert {c["op"] for c in again["results"]["s1"]["data"]["changes"]} == {"unchanged"}
    assert len(await Board(store, "core").tickets()) == 3


async def test_a_served_model_judges_only_the_clauses_the_rules_leave_open(
    lanes, store, monkeypatch
):
    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_URL", "http://orchestrator:8000/v1")
    notes = (
        "Standup notes\n- Noor will fix the login timeout by Friday\n"
        "- The importer retry by Friday would help\n- Shipped the 2.3 release yesterday"
    )
    judged = {"items": [{"action": True, "owner": "Kim", "task": "importer retry"}]}
    scripted = lanes({Lane.ORCHESTRATOR: [json.dumps(judged)]})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, notes, lanes)
    [call] = scripted.models[Lane.ORCHESTRATOR].calls
    shown = str(call)
    assert "importer retry" in shown and "login timeout" not in shown and "Shipped" not in shown
    tickets = await Board(store, "core").tickets()
    # "Kim" is not written in the clause: the model's owner does not count.
    assert [(t.title, t.owner) for t in tickets] == [
        ("Fix the login timeout", "Noor"), ("Importer retry", None),
    ]  # fmt: skip
    assert "Shipped the 2.3 release yesterday (done or a status)" in out["answer"]


class FailingOnce(InMemoryStore):
    """A store whose Nth ticket write fails once: the process dying mid-turn."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.writes, self.fail_at = 0, fail_at

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        ops = list(ops)
        if any(isinstance(op, PutOp) and op.namespace[-1] == "tickets" for op in ops):
            self.writes += 1
            if self.writes == self.fail_at:
                raise RuntimeError("killed mid-turn")
        return await super().abatch(ops)


async def test_a_turn_killed_mid_way_and_resumed_creates_each_ticket_once(lanes):
    store = FailingOnce(fail_at=3)
    lanes({Lane.ORCHESTRATOR: [VERDICTS, VERDICTS]})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    cfg = config()
    with pytest.raises(RuntimeError, match="killed mid-turn"):
        await run(graph, NOTES, lanes, cfg)
    assert len(await Board(store, "core").tickets()) == 2  # two landed before the "crash"
    out = await graph.ainvoke(None, cfg, context=lanes.context)  # resume the same turn
    ops = [c["op"] for c in out["results"]["s1"]["data"]["changes"]]
    assert ops == ["unchanged", "unchanged", "create"]
    assert [t.id for t in await Board(store, "core").tickets()] == ["CORE-1", "CORE-2", "CORE-3"]


async def test_ticket_operations_by_chat_act_on_the_store(lanes, store):
    board = Board(store, "core")
    for title, owner in (("Fix the login timeout", "Noor"), ("CSV export for invoices", None),
                         ("Release notes", "Noor")):  # fmt: skip
        await board.upsert(title, {"owner": owner}, by="test")
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    await run(graph, "move CORE-1 to blocked", lanes)
    await run(graph, "assign the CSV export to Lee", lanes)
    assert (await board.ticket("CORE-1")).status == "blocked"
    assert (await board.ticket("CORE-2")).owner == "Lee"
    blocked = await run(graph, "what is blocked?", lanes)
    assert "CORE-1" in blocked["answer"] and "CORE-2" not in blocked["answer"]
    noor = await run(graph, "what is Noor working on?", lanes)
    assert "CORE-1" in noor["answer"] and "CORE-3" in noor["answer"]
    assert "CORE-2" not in noor["answer"]
    status = await run(graph, "what's the status of the project?", lanes)
    assert "2 todo, 0 in_progress, 1 blocked, 0 done" in status["answer"]
    unknown = await run(graph, "move CORE-99 to done", lanes)
    assert unknown["answer"].startswith("Not done: no ticket CORE-99")
    history = (await board.ticket("CORE-2")).history
    assert [(h.field, h.new, h.by) for h in history][-1] == ("owner", "Lee", "cortex:orchestrator")


async def test_deleting_pauses_for_approval_and_a_rejection_keeps_the_ticket(lanes, store):
    board = Board(store, "core")
    await board.upsert("Old spike", {}, by="test")
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    cfg = config()
    await run(graph, "delete CORE-1", lanes, cfg)
    (pause,) = (await graph.aget_state(cfg)).interrupts
    assert "Delete CORE-1 ('Old spike')" in pause.value["question"]
    out = await graph.ainvoke(Command(resume={"approved": False, "note": "keep"}), cfg,
                              context=lanes.context)  # fmt: skip
    assert "rejected (keep)" in out["answer"]
    assert [t.id for t in await board.tickets()] == ["CORE-1"]
    await run(graph, "delete CORE-1", lanes, cfg)
    out = await graph.ainvoke(Command(resume=True), cfg, context=lanes.context)
    assert await board.tickets() == []
    assert out["results"]["s1"]["data"]["changes"][0]["op"] == "delete"


async def test_closing_more_than_five_tickets_pauses_but_five_do_not(lanes, store):
    board = Board(store, "core")
    for n in range(7):
        await board.upsert(f"Task number {n} of the cleanup", {}, by="test")
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    await run(graph, "close CORE-1, CORE-2, CORE-3, CORE-4 and CORE-5", lanes)
    assert [t.status for t in await board.tickets()].count("done") == 5
    cfg = config()
    await run(graph, "close CORE-1, CORE-2, CORE-3, CORE-4, CORE-5 and CORE-6", lanes, cfg)
    assert (await graph.aget_state(cfg)).interrupts  # paused: nothing changed yet
    assert (await board.ticket("CORE-6")).status == "todo"


async def test_closing_all_of_a_set_always_asks_first_and_closes_only_that_set(lanes, store):
    """ "close all tickets" was answered by the model with made-up steps; nothing closed."""
    board = Board(store, "core")
    epic = await board.add_epic("Cleanup")
    for n, owner in enumerate(["Lee", "Lee", "Sam", None]):
        await board.upsert(f"Task number {n} of the cleanup", {"owner": owner}, by="test")
    await board.update("CORE-3", {"epic": epic.id}, by="test")
    await board.update("CORE-2", {"status": "done"}, by="test")
    lanes({})  # no model is called
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    cfg = config()
    await run(graph, "close all of Lee's tickets", lanes, cfg)
    (pause,) = (await graph.aget_state(cfg)).interrupts
    assert pause.value["question"] == "Close the one open ticket of Lee (CORE-1)?"
    assert (await board.ticket("CORE-1")).status == "todo"  # nothing before the approval
    out = await graph.ainvoke(Command(resume=True), cfg, context=lanes.context)
    assert [c["ticket"] for c in out["results"]["s1"]["data"]["changes"]] == ["CORE-1"]
    cfg = config()
    await run(graph, f"mark every ticket in {epic.id} as done", lanes, cfg)
    (pause,) = (await graph.aget_state(cfg)).interrupts
    assert "of Lee" not in pause.value["question"] and "(CORE-3)" in pause.value["question"]
    await graph.ainvoke(Command(resume={"approved": False}), cfg, context=lanes.context)
    assert (await board.ticket("CORE-3")).status == "todo"
    cfg = config()
    await run(graph, "close all tickets", lanes, cfg)
    (pause,) = (await graph.aget_state(cfg)).interrupts
    assert pause.value["question"] == "Close all 2 open tickets (CORE-3, CORE-4)?"
    unclear = await run(graph, "close all tickets from last sprint", lanes)
    assert (
        unclear["answer"].startswith("Nothing was closed")
        and "'from last sprint'" in (unclear["answer"])
    )
    nobody = await run(graph, "close all of Ann's tickets", lanes)
    assert nobody["answer"] == "No open tickets of Ann in project 'core': nothing was closed."
    assert [t.status for t in await board.tickets()] == ["done", "done", "todo", "todo"]


async def test_a_due_date_and_a_title_change_by_chat_and_an_unread_date_changes_nothing(
    lanes, store
):
    """ "set the due date of CORE-1 to Friday" showed the ticket and changed nothing."""
    board = Board(store, "core")
    await board.upsert("Export invoices", {}, by="test")
    lanes({})  # no model is called
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, "set the due date of CORE-1 to 2031-03-14", lanes)
    assert out["results"]["s1"]["data"]["changes"][0]["fields"] == ["due"]
    out = await run(graph, "rename CORE-1 to Export invoices as CSV", lanes)
    assert out["results"]["s1"]["data"]["changes"][0]["fields"] == ["title"]
    unread = await run(graph, "CORE-1 is due whenever", lanes)
    assert unread["answer"].startswith("Not done: 'whenever' is not a date")
    ticket = await board.ticket("CORE-1")
    assert (ticket.title, str(ticket.due)) == ("Export invoices as CSV", "2031-03-14")
    assert ticket.history[-1].by == "cortex:orchestrator"


async def test_a_change_no_rule_reads_lists_what_works_and_calls_no_model(lanes, store):
    """ "move all blocked tickets to todo" got made-up steps through screens from the model."""
    board = Board(store, "core")
    await board.upsert("Export invoices", {"status": "blocked"}, by="test")
    lanes({}, planner="never")  # no model is called, not even to route
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, "move all blocked tasks to todo", lanes)  # "ticket": stub's coder
    assert (
        out["answer"].startswith("Nothing was changed")
        and "'move CORE-3 to done'" in (out["answer"])
    )
    assert (await board.ticket("CORE-1")).status == "blocked"


async def test_a_roadmap_is_built_from_stored_epics_never_invented(lanes, store):
    board = Board(store, "core")
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    request = "draft a roadmap for the next two quarters from our open epics"
    empty = await run(graph, request, lanes)
    assert "no epics stored" in empty["answer"] and await board.roadmap() is None
    await board.add_epic("Invoicing v2", "customers pay online")
    await board.add_epic("Mobile offline mode")
    await board.upsert("CSV export for invoices", {"epic": "EPIC-1", "owner": "Lee"}, by="t")
    out = await run(graph, request, lanes)
    roadmap = await board.roadmap()
    assert roadmap is not None and [m.epics for m in roadmap.milestones] == [["EPIC-1"], ["EPIC-2"]]
    assert "| EPIC-1 Invoicing v2 | CORE-1 | CSV export for invoices | Lee |" in out["answer"]
    assert out["answer"].count("## Quarter") == 2


async def test_gap_analysis_of_a_stored_ticket_uses_its_criteria_and_stores_the_notes(lanes, store):
    board = Board(store, "core")
    criteria = ["sessions expire after 30 minutes", "an expired session shows the login page"]
    await board.upsert("Fix the login timeout", {"acceptance_criteria": criteria}, by="t")
    code = Hit(id="auth.py#0:1", text="SESSION_TTL = 30 * 60  # sessions expire", source="auth.py",
               score=0.8)  # fmt: skip
    reply = {
        "criteria": [
            {"status": "implemented", "evidence": "SESSION_TTL is 30 minutes"},
            {"status": "missing", "evidence": "no redirect on expiry"},
        ],
        "summary": "Half done.",
    }
    scripted = lanes({Lane.CODER: [json.dumps(reply)]}, hits=[code])
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, "Check CORE-1 against the code", lanes)
    assert out["route"]["lanes"] == ["coder"]
    prompt = scripted.models[Lane.CODER].calls[0][-1].content
    assert "sessions expire after 30 minutes" in prompt  # from the store, not the request
    notes = (await board.ticket("CORE-1")).gap_notes
    assert notes is not None and [c["status"] for c in notes["criteria"]] == [
        "implemented", "missing",
    ]  # fmt: skip
    assert notes["criteria"][0]["file"] == "auth.py" and notes["criteria"][0]["chunk"] == code.id


@pytest.mark.parametrize(
    "reply",
    [
        json.dumps({"items": "none"}),
        json.dumps({"items": [None, 3, {"action": "yes", "owner": 7}]}),
        "not json at all",
    ],
)
async def test_nonsense_from_the_model_leaves_the_rules_reading_standing(
    lanes, store, reply, monkeypatch
):
    monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_URL", "http://orchestrator:8000/v1")
    scripted = lanes({Lane.ORCHESTRATOR: [reply] * 3})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    out = await run(graph, NOTES + "\nThe importer retry by Friday would help", lanes)
    assert scripted.models[Lane.ORCHESTRATOR].calls  # the open clause was put to the model
    owners = [t.owner for t in await Board(store, "core").tickets()]
    assert owners == ["Noor", "Tomasz", None]
    assert out["answer"].startswith("Tickets in project 'core':")


async def test_epics_by_chat_and_re_owning_one_needs_approval(lanes, store):
    board = Board(store, "core")
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    added = await run(graph, "add epic: Invoicing v2 - customers pay online", lanes)
    assert added["results"]["s1"]["data"]["changes"] == [
        {"op": "epic", "epic": "EPIC-1", "title": "Invoicing v2"}
    ]
    assert (await board.epics())[0].goal == "customers pay online"
    await run(graph, "add ticket: Export invoices as PDF", lanes)
    assert [t.title for t in await board.tickets()] == ["Export invoices as PDF"]
    cfg = config()
    await run(graph, "assign EPIC-1 to Lee", lanes, cfg)
    (pause,) = (await graph.aget_state(cfg)).interrupts
    assert "Re-own epic EPIC-1 ('Invoicing v2') from nobody to Lee?" == pause.value["question"]
    assert (await board.epics())[0].owner is None  # nothing changes before the decision
    # An answer that is not a decision pauses again; only an explicit approval approves.
    await graph.ainvoke(Command(resume="sure"), cfg, context=lanes.context)
    (again,) = (await graph.aget_state(cfg)).interrupts
    assert "is not a decision" in again.value["error"]
    await graph.ainvoke(Command(resume={"approved": True}), cfg, context=lanes.context)
    assert (await board.epics())[0].owner == "Lee"


async def test_a_bad_stored_ticket_is_skipped_and_named_in_the_runs_trace(lanes, store):
    board = Board(store, "core")
    await board.upsert("Fix the login timeout", {"owner": "Noor"}, by="test")
    await store.aput(("projects", "core", "tickets"), "CORE-2", {"id": "CORE-2", "title": 7})
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    status = await run(graph, "what's the status of the project?", lanes)
    assert "1 todo, 0 in_progress, 0 blocked, 0 done" in status["answer"]
    skipped = [t["error"] for t in status["trace"] if t["backend"] == "board"]
    assert skipped == [
        "bad record tickets/'CORE-2' skipped: title=7: Input should be a valid string"
    ]
    moved = await run(graph, "move CORE-1 to done", lanes)
    assert (await board.ticket("CORE-1")).status == "done", moved["answer"]


async def test_a_server_caller_without_the_project_is_refused_before_any_lane_runs(lanes, store):
    """The door (server.auth) checks a run's input; the graph checks the state it reads."""
    lanes({})
    graph = builder.compile(store=store, checkpointer=InMemorySaver())
    alice = {"identity": "alice", "role": "member", "projects": ["core"]}
    cfg = {"configurable": {"thread_id": uuid.uuid4().hex, "langgraph_auth_user": alice}}
    with pytest.raises(ProjectNotAllowed, match="'pay'"):
        await graph.ainvoke(turn("add a ticket: x", "pay"), cfg, context=lanes.context)
    assert await Board(store, "pay").tickets() == []
    out = await graph.ainvoke(turn("add a ticket: x", "core"), cfg, context=lanes.context)
    assert [t.title for t in await Board(store, "core").tickets()] == ["x"], out["answer"]
