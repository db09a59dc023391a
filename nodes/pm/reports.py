"""Read-only project reports: ticket listings and status summaries, from the store."""

from __future__ import annotations

import time
from datetime import date

from prompts import pm as p
from stores.board import Board, Ticket


def listing(board: Board, tickets: list[Ticket]) -> str:
    """A line per ticket: id, status, title, owner and due date."""
    if not tickets:
        return p.NO_TICKETS.format(project=board.project)
    return "\n".join(
        p.TICKET_LINE.format(id=t.id, status=t.status, title=t.title, details=_details(t))
        for t in tickets
    )


def ticket_card(ticket: Ticket) -> str:
    """One ticket in full: its state, owner, due date and epic, and its last change."""
    card = p.TICKET_CARD.format(
        id=ticket.id, title=ticket.title, status=ticket.status,
        owner=ticket.owner or p.NOBODY, due=ticket.due.isoformat() if ticket.due else "-",
        epic=ticket.epic or "-",
    )  # fmt: skip
    last = ticket.history[-1] if ticket.history else None
    if last is None:
        return card
    if last.field == "created":
        return f"{card} {p.CREATED.format(by=last.by, day=_day(last.at))}"
    change = p.LAST_CHANGE.format(
        field=last.field, new=last.new if last.new is not None else "-", by=last.by,
        day=_day(last.at),
    )  # fmt: skip
    return f"{card} {change}"


def _details(ticket: Ticket) -> str:
    owner = f", owner {ticket.owner}" if ticket.owner else ""
    due = f", due {ticket.due.isoformat()}" if ticket.due else ""
    return owner + due


def status_report(board: Board, tickets: list[Ticket], today: date) -> str:
    """Counts by status, then what is blocked, overdue and recently changed."""
    counts = ", ".join(
        f"{sum(t.status == s for t in tickets)} {s}"
        for s in ("todo", "in_progress", "blocked", "done")
    )
    lines = [p.STATUS_HEADER.format(project=board.project, counts=counts)]
    blocked = [t.id for t in tickets if t.status == "blocked"]
    overdue = [t.id for t in tickets if t.due and t.due < today and t.status != "done"]
    recent = sorted(tickets, key=lambda t: t.updated_at, reverse=True)[:5]
    if blocked:
        lines.append(p.STATUS_BLOCKED.format(items=", ".join(blocked)))
    if overdue:
        lines.append(p.STATUS_OVERDUE.format(items=", ".join(overdue)))
    if recent:
        items = ", ".join(f"{t.id} ({_day(t.updated_at)})" for t in recent)
        lines.append(p.STATUS_RECENT.format(items=items))
    return "\n".join(lines)


def _day(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(timestamp))
