"""The orchestrator's project management: ticket actions on the project's board.

Reads answer from the store, never from a model's memory. Bulk and destructive changes
(closing more than ``BULK_LIMIT`` tickets or all of a set, deleting one, re-owning an
epic) pause for a person's approval first, as risky governance steps do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lanes.core.trace import TraceEntry
from nodes.plumbing.approval import wait_for_decision
from nodes.plumbing.context import Deps
from nodes.pm.intent import Intent
from nodes.pm.notes.due_dates import to_date
from nodes.pm.notes.reader import read_notes
from nodes.pm.notes.reading import TITLE
from nodes.pm.reports import listing, status_report, ticket_card
from nodes.pm.roadmap import build_roadmap, render_markdown
from prompts import pm as p
from stores.board import Board, BoardError, Ticket

BULK_LIMIT = 5
CONTEXT_SHOWN = 12  # context lines listed under the tickets; the rest are counted
SHOWN_TICKETS = 10  # tickets a question about named tickets shows


@dataclass
class PMResult:
    """What a project-management request did: the answer, the changes, the trace."""

    text: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    trace: list[TraceEntry] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


async def run_intent(
    intent: Intent, text: str, board: Board, parts: Deps, *, thread: str | None, today: date
) -> PMResult:
    """Carry out ``intent`` on ``board``; ``text`` is the whole request."""
    by = "cortex:orchestrator"
    if intent.kind == "notes":
        return await _notes(text, board, parts, by=by, thread=thread, today=today)
    if intent.kind in ("add_ticket", "add_epic") and not intent.title:
        what = "ticket" if intent.kind == "add_ticket" else "epic"
        example = "Export invoices as CSV" if what == "ticket" else "Faster checkout"
        return PMResult(f"A new {what} needs a title: say 'add a {what}: {example}'.")
    if intent.kind == "add_ticket":
        op, ticket, _ = await board.upsert(intent.title or "", {}, by=by, thread=thread)
        return _changed(board, [_change(op, ticket)])
    if intent.kind == "add_epic":
        epic = await board.add_epic(intent.title or "", intent.detail or "")
        change = {"op": "epic", "epic": epic.id, "title": epic.title}
        return PMResult(f"Epic {epic.id}: {epic.title}", [change])
    if intent.kind == "move":
        ticket, changed = await board.update(
            intent.ticket or "", {"status": intent.status}, by=by, thread=thread
        )
        return _changed(board, [_change("update" if changed else "unchanged", ticket, changed)])
    if intent.kind == "assign":
        return await _assign(intent, board, by=by, thread=thread)
    if intent.kind == "delete":
        ticket = await board.ticket(intent.ticket or "")
        decision = _approval(p.APPROVE_DELETE.format(id=ticket.id, title=ticket.title))
        if not decision["approved"]:
            return PMResult(p.REJECTED.format(note=_note(decision)))
        await board.delete(ticket.id)
        return _changed(board, [_change("delete", ticket)])
    if intent.kind == "close_many":
        return await _close_many(intent.ids, board, by=by, thread=thread)
    if intent.kind == "close_all":
        return await _close_all(intent, board, by=by, thread=thread)
    if intent.kind in ("due", "rename"):
        return await _edit(intent, board, by=by, thread=thread, today=today)
    if intent.kind == "roadmap":
        return await _roadmap(text, board, today)
    if intent.kind == "show":
        return await _show(intent, board)
    tickets = await board.tickets()
    if intent.kind == "status":
        return PMResult(status_report(board, tickets, today), data={"tickets": len(tickets)})
    if intent.kind == "blocked":
        chosen = [t for t in tickets if t.status == "blocked"]
    elif intent.kind == "owner_work":
        owner = (intent.owner or "").lower()
        chosen = [t for t in tickets if (t.owner or "").lower() == owner and t.status != "done"]
    else:  # list
        chosen = tickets
    return PMResult(listing(board, chosen), data={"tickets": [t.id for t in chosen]})


async def _show(intent: Intent, board: Board) -> PMResult:
    """The named tickets as the board has them; a change only talked about is not made."""
    lines, shown = [], []
    for ticket_id in intent.ids[:SHOWN_TICKETS]:
        ticket = await board.find(ticket_id)
        if ticket is None:
            lines.append(p.NO_SUCH_TICKET.format(id=ticket_id, project=board.project))
            continue
        shown.append(ticket.id)
        lines.append(ticket_card(ticket))
    if intent.detail:
        lines.append(p.NOT_CHANGED.format(command=intent.detail))
    return PMResult("\n".join(lines), data={"tickets": shown})


async def _notes(
    text: str, board: Board, parts: Deps, *, by: str, thread: str | None, today: date
) -> PMResult:
    reading, trace = await read_notes(text, parts, today)
    if not reading.items:
        return PMResult(p.NO_ITEMS, trace=trace)
    changes = []
    for item in reading.items:
        fields = {"owner": item.owner, "due": item.due, "description": item.source}
        op, ticket, changed = await board.upsert(item.title, fields, by=by, thread=thread)
        changes.append(_change(op, ticket, changed))
    result = _changed(board, changes)
    result.text += _context_lines(reading.context)
    result.data = {"context": [{"text": c, "why": why} for c, why in reading.context]}
    result.trace = trace
    return result


def _context_lines(context: list[tuple[str, str]]) -> str:
    """What was read as context and not ticketed, so a person can correct it."""
    kept = [(c, why) for c, why in context if why != TITLE]
    shown = kept[:CONTEXT_SHOWN]
    if not shown:
        return ""
    lines = [p.CONTEXT_HEADER, *(p.CONTEXT_LINE.format(text=c[:100], why=why) for c, why in shown)]
    more = len(kept) - len(shown)
    return "\n" + "\n".join(lines) + (f"\n{p.CONTEXT_MORE.format(count=more)}" if more > 0 else "")


async def _assign(intent: Intent, board: Board, *, by: str, thread: str | None) -> PMResult:
    reference, owner = intent.ticket or "", intent.owner
    if reference.upper().startswith("EPIC-"):
        epics = {e.id: e for e in await board.epics()}
        epic = epics.get(reference.upper())
        if epic is None:
            raise BoardError(f"no epic {reference.upper()} in project '{board.project}'")
        question = p.APPROVE_REOWN.format(
            id=epic.id, title=epic.title, old=epic.owner or "nobody", new=owner
        )
        decision = _approval(question)
        if not decision["approved"]:
            return PMResult(p.REJECTED.format(note=_note(decision)))
        await board.set_epic_owner(epic.id, owner)
        return PMResult(
            f"Epic {epic.id} is now owned by {owner}.",
            [{"op": "reown", "epic": epic.id, "owner": owner}],
        )
    ticket = await board.find(reference)
    if ticket is None:
        return PMResult(p.UNKNOWN_TICKET.format(reference=reference, project=board.project))
    ticket, changed = await board.update(ticket.id, {"owner": owner}, by=by, thread=thread)
    return _changed(board, [_change("update" if changed else "unchanged", ticket, changed)])


async def _close_many(ids: list[str], board: Board, *, by: str, thread: str | None) -> PMResult:
    tickets = [await board.ticket(i) for i in ids]  # every id checked before any change
    bulk = len(tickets) > BULK_LIMIT
    question = p.APPROVE_BULK.format(count=len(tickets), ids=", ".join(ids)) if bulk else None
    return await _close(tickets, question, board, by=by, thread=thread)


async def _close(
    tickets: list[Ticket], question: str | None, board: Board, *, by: str, thread: str | None
) -> PMResult:
    """Close ``tickets``, once a person approves ``question`` when there is one."""
    if question is not None:
        decision = _approval(question)
        if not decision["approved"]:
            return PMResult(p.REJECTED.format(note=_note(decision)))
    changes = []
    for ticket in tickets:
        updated, changed = await board.update(ticket.id, {"status": "done"}, by=by, thread=thread)
        changes.append(_change("update" if changed else "unchanged", updated, changed))
    return _changed(board, changes)


async def _roadmap(text: str, board: Board, today: date) -> PMResult:
    epics = await board.epics()
    if not [e for e in epics if e.status == "open"]:
        return PMResult(p.NO_EPICS.format(project=board.project))
    tickets = await board.tickets()
    roadmap = build_roadmap(epics, tickets, text, today)
    await board.save_roadmap(roadmap)
    change = {"op": "roadmap", "milestones": len(roadmap.milestones)}
    return PMResult(render_markdown(roadmap, epics, tickets), [change], data=roadmap.model_dump())


async def _edit(
    intent: Intent, board: Board, *, by: str, thread: str | None, today: date
) -> PMResult:
    """A ticket's new due date or title, when the words give one."""
    if intent.kind == "rename":
        if not intent.title:
            return PMResult(p.NO_NEW_TITLE.format(id=intent.ticket))
        fields: dict[str, Any] = {"title": intent.title}
    else:
        due = to_date(intent.detail or "", today)
        if due is None:
            return PMResult(p.UNREAD_DATE.format(when=intent.detail, id=intent.ticket))
        fields = {"due": due}
    ticket, changed = await board.update(intent.ticket or "", fields, by=by, thread=thread)
    return _changed(board, [_change("update" if changed else "unchanged", ticket, changed)])


async def _close_all(intent: Intent, board: Board, *, by: str, thread: str | None) -> PMResult:
    """The open tickets of an owner, an epic, or all: closed once a person approves.

    Always approved first, however few: the request named no ticket, so the question
    is the first place their ids are shown. On resume the set is read again; a ticket
    opened meanwhile that matches is closed with the rest.
    """
    if intent.detail:
        return PMResult(p.UNCLEAR_SET.format(words=intent.detail))
    which = (p.WHICH_OWNER.format(owner=intent.owner) if intent.owner else "") + (
        p.WHICH_EPIC.format(epic=intent.ticket) if intent.ticket else ""
    )
    owner = intent.owner.casefold() if intent.owner else None
    chosen = [
        t for t in await board.tickets()
        if t.status != "done"
        and (owner is None or (t.owner or "").casefold() == owner)
        and (intent.ticket is None or (t.epic or "").upper() == intent.ticket)
    ]  # fmt: skip
    if not chosen:
        return PMResult(p.NONE_TO_CLOSE.format(which=which, project=board.project))
    ids = [t.id for t in chosen]
    what = p.ONE_OPEN if len(ids) == 1 else p.ALL_OPEN.format(count=len(ids))
    question = p.APPROVE_CLOSE_ALL.format(what=what, which=which, ids=", ".join(ids))
    return await _close(chosen, question, board, by=by, thread=thread)


def _approval(question: str) -> dict[str, Any]:
    """Pause for a person; an answer that is not a decision pauses again (fails closed)."""
    return wait_for_decision({"question": question}, kind="ticket")


def _note(decision: dict[str, Any]) -> str:
    return f" ({decision['note']})" if decision.get("note") else ""


def _change(op: str, ticket: Ticket, changed: list[str] | None = None) -> dict[str, Any]:
    change: dict[str, Any] = {"op": op, "ticket": ticket.id, "title": ticket.title}
    if changed and op == "update":
        change["fields"] = changed
    if ticket.owner:
        change["owner"] = ticket.owner
    if ticket.due:
        change["due"] = ticket.due.isoformat()
    change["status"] = ticket.status
    return change


def _changed(board: Board, changes: list[dict[str, Any]]) -> PMResult:
    lines = [p.CHANGES_HEADER.format(project=board.project)]
    for c in changes:
        details = "".join(
            f", {label} {c[key]}"
            for key, label in (("owner", "owner"), ("due", "due"), ("status", "status"))
            if c.get(key)
        )
        lines.append(
            p.CHANGE_LINE.format(op=c["op"], id=c["ticket"], title=c["title"], details=details)
        )
    return PMResult("\n".join(lines), changes)
