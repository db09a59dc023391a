"""A project's tickets, epics and roadmaps, kept in LangGraph's store.

Every write is one validated item (``Ticket``, ``Epic``, ``Roadmap``), put whole: a bad
value raises before anything is written, and nothing is ever half-written. Ticket ids
are the project's prefix and a number (``CORE-12``). Creating a ticket whose title
matches an existing one updates that ticket instead, so a turn that is resumed after a
crash, and re-runs its actions, changes nothing twice.
"""

from __future__ import annotations

import asyncio
import re
import time
import weakref
from typing import Any

from langgraph.store.base import BaseStore

from stores.board_models import (
    STATUS_ALIASES,
    STATUSES,
    BoardError,
    Epic,
    HistoryEntry,
    Milestone,
    Roadmap,
    Ticket,
    refers_to,
    same_work,
    ticket_prefix,
    validated,
)
from stores.projects import check_project

__all__ = [
    "STATUSES",
    "STATUS_ALIASES",
    "Board",
    "BoardError",
    "Epic",
    "HistoryEntry",
    "Milestone",
    "Roadmap",
    "Ticket",
]
MAX_SCAN = 10_000  # items read when listing one kind of a project
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]]
_locks = weakref.WeakKeyDictionary()


class Board:
    """One project's tickets, epics and roadmaps in ``store``."""

    def __init__(self, store: BaseStore, project: str) -> None:
        """The board of ``project`` (its name is checked here)."""
        self.store = store
        self.project = check_project(project)
        self.prefix = ticket_prefix(project)

    def _ns(self, kind: str) -> tuple[str, ...]:
        return ("projects", self.project, kind)

    async def tickets(self, *, status: str | None = None, owner: str | None = None) -> list[Ticket]:
        """The project's tickets by number, optionally one status or one owner's."""
        items = await self.store.asearch(self._ns("tickets"), limit=MAX_SCAN)
        found = [Ticket.model_validate(item.value) for item in items]
        if status:
            found = [t for t in found if t.status == status]
        if owner:
            found = [t for t in found if t.owner and t.owner.lower() == owner.lower()]
        return sorted(found, key=lambda t: int(t.id.rsplit("-", 1)[1]))

    async def ticket(self, ticket_id: str) -> Ticket:
        """One ticket by id (case-insensitive).

        Raises:
            BoardError: no such ticket in this project.

        """
        item = await self.store.aget(self._ns("tickets"), ticket_id.upper())
        if item is None:
            raise BoardError(
                f"no ticket {ticket_id.upper()} in project '{self.project}'; "
                "list them with: cortex tickets --project " + self.project
            )
        return Ticket.model_validate(item.value)

    async def find(self, reference: str) -> Ticket | None:
        """The ticket an id or a title refers to, if exactly one does."""
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*-\d+", reference.strip()):
            try:
                return await self.ticket(reference.strip())
            except BoardError:
                return None
        tickets = await self.tickets()
        same = [t for t in tickets if same_work(t.title, reference)]
        if len(same) == 1:
            return same[0]
        named = [t for t in tickets if refers_to(reference, t.title)]
        return named[0] if len(named) == 1 else None

    async def same_title(self, title: str) -> Ticket | None:
        """The ticket whose title names the same work, if there is exactly one."""
        same = [t for t in await self.tickets() if same_work(t.title, title)]
        return same[0] if len(same) == 1 else None

    async def upsert(
        self, title: str, fields: dict[str, Any], *, by: str, thread: str | None = None
    ) -> tuple[str, Ticket, list[str]]:
        """Create the ticket, or update the one with the same title; ``(op, ticket, changed)``.

        ``op`` is ``create``, ``update`` or ``unchanged``. Fields left ``None`` are not
        touched on an existing ticket.

        Raises:
            BoardError: a value is invalid (nothing is written).

        """
        async with _lock(self.project):
            existing = await self.same_title(title)
            if existing is not None:
                ticket, changed = await self._apply(existing, fields, by=by, thread=thread)
                return ("update" if changed else "unchanged"), ticket, changed
            now = time.time()
            number = 1 + max((int(t.id.rsplit("-", 1)[1]) for t in await self.tickets()), default=0)
            values = {k: v for k, v in fields.items() if v is not None}
            history = [HistoryEntry(at=now, by=by, thread=thread, field="created", new=title)]
            ticket = validated(
                Ticket,
                {
                    **values,
                    "id": f"{self.prefix}-{number}",
                    "title": title,
                    "created_at": now,
                    "updated_at": now,
                    "history": history,
                },
            )
            await self.store.aput(self._ns("tickets"), ticket.id, ticket.model_dump(mode="json"))
            return "create", ticket, ["created"]

    async def update(
        self, ticket_id: str, fields: dict[str, Any], *, by: str, thread: str | None = None
    ) -> tuple[Ticket, list[str]]:
        """Change fields of one ticket; returns it and the fields that changed.

        Raises:
            BoardError: no such ticket, or a value is invalid (nothing is written).

        """
        async with _lock(self.project):
            return await self._apply(await self.ticket(ticket_id), fields, by=by, thread=thread)

    async def put_imported(
        self, ticket_id: str, title: str, fields: dict[str, Any], *, by: str
    ) -> tuple[str, Ticket]:
        """A ticket from another tool, under its own id: created, updated or unchanged.

        Raises:
            BoardError: a value is invalid (nothing is written).

        """
        async with _lock(self.project):
            item = await self.store.aget(self._ns("tickets"), ticket_id.upper())
            if item is not None:
                ticket, changed = await self._apply(
                    Ticket.model_validate(item.value),
                    {**fields, "title": title},
                    by=by,
                    thread=None,
                )
                return ("update" if changed else "unchanged"), ticket
            now = time.time()
            values = {k: v for k, v in fields.items() if v is not None}
            history = [HistoryEntry(at=now, by=by, field="created", new=title)]
            ticket = validated(
                Ticket,
                {**values, "id": ticket_id.upper(), "title": title, "created_at": now,
                 "updated_at": now, "history": history},
            )  # fmt: skip
            await self.store.aput(self._ns("tickets"), ticket.id, ticket.model_dump(mode="json"))
            return "create", ticket

    async def delete(self, ticket_id: str) -> Ticket:
        """Remove one ticket; returns what was removed."""
        async with _lock(self.project):
            ticket = await self.ticket(ticket_id)
            await self.store.adelete(self._ns("tickets"), ticket.id)
            return ticket

    async def _apply(
        self, ticket: Ticket, fields: dict[str, Any], *, by: str, thread: str | None
    ) -> tuple[Ticket, list[str]]:
        now = time.time()
        current = ticket.model_dump(mode="json")
        changes = {k: v for k, v in fields.items() if v is not None and k in Ticket.model_fields}
        candidate = validated(Ticket, {**current, **changes})  # checks before comparing
        new = candidate.model_dump(mode="json")
        changed = [k for k in changes if new[k] != current[k]]
        if not changed:
            return ticket, []
        history = [
            *ticket.history,
            *(
                HistoryEntry(at=now, by=by, thread=thread, field=k, old=current[k], new=new[k])
                for k in changed
                if k != "gap_notes"
            ),
        ]
        updated = validated(Ticket, {**new, "updated_at": now, "history": history})
        await self.store.aput(self._ns("tickets"), updated.id, updated.model_dump(mode="json"))
        return updated, changed

    async def epics(self) -> list[Epic]:
        """The project's epics by number."""
        items = await self.store.asearch(self._ns("epics"), limit=MAX_SCAN)
        found = [Epic.model_validate(item.value) for item in items]
        return sorted(found, key=lambda e: int(e.id.rsplit("-", 1)[1]))

    async def add_epic(self, title: str, goal: str = "", owner: str | None = None) -> Epic:
        """Create an epic, or return the one with the same title."""
        async with _lock(self.project):
            epics = await self.epics()
            for epic in epics:
                if same_work(epic.title, title):
                    return epic
            number = 1 + max((int(e.id.rsplit("-", 1)[1]) for e in epics), default=0)
            epic = validated(
                Epic, {"id": f"EPIC-{number}", "title": title, "goal": goal, "owner": owner}
            )
            await self.store.aput(self._ns("epics"), epic.id, epic.model_dump(mode="json"))
            return epic

    async def set_epic_owner(self, epic_id: str, owner: str) -> Epic:
        """Give an epic a new owner.

        Raises:
            BoardError: no such epic, or the owner is not valid.

        """
        async with _lock(self.project):
            item = await self.store.aget(self._ns("epics"), epic_id.upper())
            if item is None:
                raise BoardError(f"no epic {epic_id.upper()} in project '{self.project}'")
            epic = validated(Epic, {**item.value, "owner": owner})
            await self.store.aput(self._ns("epics"), epic.id, epic.model_dump(mode="json"))
            return epic

    async def save_roadmap(self, roadmap: Roadmap) -> None:
        """Store ``roadmap`` as the project's latest."""
        await self.store.aput(self._ns("roadmaps"), "latest", roadmap.model_dump(mode="json"))

    async def roadmap(self) -> Roadmap | None:
        """The latest stored roadmap, if any."""
        item = await self.store.aget(self._ns("roadmaps"), "latest")
        return Roadmap.model_validate(item.value) if item else None


def _lock(project: str) -> asyncio.Lock:
    """Numbering and matching read then write: one writer per project (and loop) at a time."""
    per_loop = _locks.setdefault(asyncio.get_running_loop(), {})
    lock = per_loop.get(project)
    if lock is None:
        lock = per_loop[project] = asyncio.Lock()
    return lock
