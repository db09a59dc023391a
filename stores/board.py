"""A project's tickets, epics and roadmaps, kept in LangGraph's store.

Every write is one validated item (``Ticket``, ``Epic``, ``Roadmap``), written in one
store batch with the index entries that describe it, while the board's write lock is
held (``stores.write_lock``: an ``flock`` every process sees, for a SQLite store). So
two processes never hand out one ticket number, and an update applies its fields to the
ticket as it is then, never to a copy another writer has since changed. A bad value
raises before anything is written.

Ticket ids are the project's prefix and a number (``CORE-12``). Creating a ticket whose
title names an existing one updates that ticket instead, so a turn that is resumed
after a crash, and re-runs its actions, changes nothing twice. A stored record that
does not validate is skipped and named in ``Board.bad``, never fatal
(``stores.board_doctor`` lists and sets such records aside).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from langgraph.store.base import BaseStore, Item, PutOp
from pydantic import BaseModel

from stores.bad_records import BadRecord, parse
from stores.board_index import BoardIndex
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
from stores.write_lock import exclusive

__all__ = [
    "STATUSES",
    "STATUS_ALIASES",
    "BadRecord",
    "Board",
    "BoardError",
    "Epic",
    "HistoryEntry",
    "Milestone",
    "Roadmap",
    "Ticket",
]
MAX_SCAN = 10_000  # items read when listing one kind of a project
_M = TypeVar("_M", bound=BaseModel)


class Board:
    """One project's tickets, epics and roadmaps in ``store``."""

    def __init__(self, store: BaseStore, project: str) -> None:
        """The board of ``project`` (its name is checked here)."""
        self.store = store
        self.project = check_project(project)
        self.prefix = ticket_prefix(project)
        self.index = BoardIndex(store, self.project, self.prefix)
        self.bad: dict[tuple[str, str], BadRecord] = {}  # skipped while reading, by kind and key

    def _ns(self, kind: str) -> tuple[str, ...]:
        return ("projects", self.project, kind)

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Hold the board's write lock: no other process or task writes this board meanwhile."""
        async with exclusive(self.store, f"board-{self.project}"):
            yield

    def _valid(self, model: type[_M], kind: str, item: Item) -> _M | None:
        found = parse(model, kind, item)
        if isinstance(found, BadRecord):
            self.bad[(kind, item.key)] = found
            return None
        return found

    async def tickets(self, *, status: str | None = None, owner: str | None = None) -> list[Ticket]:
        """The project's valid tickets by number, optionally one status or one owner's."""
        items = await self.store.asearch(self._ns("tickets"), limit=MAX_SCAN)
        found = [t for item in items if (t := self._valid(Ticket, "tickets", item))]
        if status:
            found = [t for t in found if t.status == status]
        if owner:
            found = [t for t in found if t.owner and t.owner.lower() == owner.lower()]
        return sorted(found, key=lambda t: (t.id.rsplit("-", 1)[0], int(t.id.rsplit("-", 1)[1])))

    async def ticket(self, ticket_id: str) -> Ticket:
        """One ticket by id (case-insensitive).

        Raises:
            BoardError: no such ticket in this project, or it is stored but not valid.

        """
        key = ticket_id.strip().upper()
        item = await self.store.aget(self._ns("tickets"), key)
        if item is None:
            raise BoardError(
                f"no ticket {key[:40]} in project '{self.project}'; "
                "list them with: cortex tickets --project " + self.project
            )
        ticket = self._valid(Ticket, "tickets", item)
        if ticket is None:
            raise BoardError(
                f"{self.bad[('tickets', item.key)]}; "
                f"repair or set it aside: cortex tickets doctor --project {self.project}"
            )
        return ticket

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
        """The ticket whose title names the same work, found by the title index."""
        ticket_id = await self.index.titled(title)
        if ticket_id is None:
            return None
        try:
            ticket = await self.ticket(ticket_id)
        except BoardError:
            return None
        return ticket if same_work(ticket.title, title) else None

    async def upsert(
        self, title: str, fields: dict[str, Any], *, by: str, thread: str | None = None
    ) -> tuple[str, Ticket, list[str]]:
        """Create the ticket, or update the one with the same title; ``(op, ticket, changed)``.

        ``op`` is ``create``, ``update`` or ``unchanged``. Fields left ``None`` are not
        touched on an existing ticket.

        Raises:
            BoardError: a value is invalid (nothing is written).

        """
        async with self.writing():
            last = await self.index.last_number()  # indexes a board written before it
            existing = await self.same_title(title)
            if existing is not None:
                ticket, changed = await self._apply(existing, fields, by=by, thread=thread)
                return ("update" if changed else "unchanged"), ticket, changed
            ticket_id, number = await self.index.next_id(last)
            ticket = self._new(ticket_id, title, fields, by=by, thread=thread)
            await self._write(ticket, number=number)
            return "create", ticket, ["created"]

    async def update(
        self, ticket_id: str, fields: dict[str, Any], *, by: str, thread: str | None = None
    ) -> tuple[Ticket, list[str]]:
        """Change fields of one ticket, as it is now; returns it and the fields that changed.

        Raises:
            BoardError: no such ticket, or a value is invalid (nothing is written).

        """
        async with self.writing():
            return await self._apply(await self.ticket(ticket_id), fields, by=by, thread=thread)

    async def put_imported(
        self, ticket_id: str, title: str, fields: dict[str, Any], *, by: str
    ) -> tuple[str, Ticket]:
        """A ticket from another tool, under its own id: created, updated or unchanged.

        Raises:
            BoardError: a value is invalid, or a bad record sits on that id (nothing is
                written).

        """
        async with self.writing():
            last = await self.index.last_number()
            if await self.store.aget(self._ns("tickets"), ticket_id.strip().upper()) is not None:
                existing = await self.ticket(ticket_id)
                ticket, changed = await self._apply(
                    existing, {**fields, "title": title}, by=by, thread=None
                )
                return ("update" if changed else "unchanged"), ticket
            ticket = self._new(ticket_id.strip().upper(), title, fields, by=by, thread=None)
            await self._write(ticket, number=self._own_number(ticket.id, last))
            return "create", ticket

    async def delete(self, ticket_id: str) -> Ticket:
        """Remove one ticket; returns what was removed."""
        async with self.writing():
            ticket = await self.ticket(ticket_id)
            forget = await self.index.forget(ticket)
            await self.store.abatch([*forget, PutOp(self._ns("tickets"), ticket.id, None)])
            return ticket

    def _own_number(self, ticket_id: str, last: int) -> int | None:
        """The counter after storing ``ticket_id``: new numbers start past imported ones."""
        prefix, _, number = ticket_id.rpartition("-")
        return int(number) if prefix == self.prefix and int(number) > last else None

    def _new(
        self, ticket_id: str, title: str, fields: dict[str, Any], *, by: str, thread: str | None
    ) -> Ticket:
        now = time.time()
        values = {k: v for k, v in fields.items() if v is not None}
        history = [HistoryEntry(at=now, by=by, thread=thread, field="created", new=title)]
        return validated(
            Ticket,
            {**values, "id": ticket_id, "title": title, "created_at": now, "updated_at": now,
             "history": history},
        )  # fmt: skip

    async def _write(
        self, ticket: Ticket, *, number: int | None = None, old_title: str | None = None
    ) -> None:
        """The ticket and its index entries, in one batch."""
        index = self.index.puts(ticket, number=number, old_title=old_title)
        put = PutOp(self._ns("tickets"), ticket.id, ticket.model_dump(mode="json"))
        await self.store.abatch([*index, put])

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
        await self._write(updated, old_title=ticket.title)
        return updated, changed

    async def epics(self) -> list[Epic]:
        """The project's valid epics by number."""
        items = await self.store.asearch(self._ns("epics"), limit=MAX_SCAN)
        found = [e for item in items if (e := self._valid(Epic, "epics", item))]
        return sorted(found, key=lambda e: int(e.id.rsplit("-", 1)[1]))

    async def add_epic(self, title: str, goal: str = "", owner: str | None = None) -> Epic:
        """Create an epic, or return the one with the same title."""
        async with self.writing():
            epics = await self.epics()
            for epic in epics:
                if same_work(epic.title, title):
                    return epic
            keys = [
                item.key for item in await self.store.asearch(self._ns("epics"), limit=MAX_SCAN)
            ]
            taken = [int(k.rsplit("-", 1)[1]) for k in keys if re.fullmatch(r"EPIC-\d+", k)]
            number = 1 + max(taken, default=0)  # bad records keep their numbers too
            epic = validated(
                Epic, {"id": f"EPIC-{number}", "title": title, "goal": goal, "owner": owner}
            )
            await self.store.aput(self._ns("epics"), epic.id, epic.model_dump(mode="json"))
            return epic

    async def set_epic_owner(self, epic_id: str, owner: str | None) -> Epic:
        """Give an epic a new owner.

        Raises:
            BoardError: no such epic, or the owner is not valid.

        """
        async with self.writing():
            item = await self.store.aget(self._ns("epics"), epic_id.strip().upper())
            epic = self._valid(Epic, "epics", item) if item is not None else None
            if epic is None:
                raise BoardError(
                    f"no valid epic {epic_id.upper()[:40]} in project '{self.project}'"
                )
            epic = validated(Epic, {**epic.model_dump(mode="json"), "owner": owner})
            await self.store.aput(self._ns("epics"), epic.id, epic.model_dump(mode="json"))
            return epic

    async def save_roadmap(self, roadmap: Roadmap) -> None:
        """Store ``roadmap`` as the project's latest."""
        async with self.writing():
            await self.store.aput(self._ns("roadmaps"), "latest", roadmap.model_dump(mode="json"))

    async def roadmap(self) -> Roadmap | None:
        """The latest stored roadmap, if any (a bad one is skipped and named)."""
        item = await self.store.aget(self._ns("roadmaps"), "latest")
        return self._valid(Roadmap, "roadmaps", item) if item else None
