"""A board's ticket counter and title index: create a ticket without reading every ticket.

Two small items per project sit beside its tickets:

- ``board_meta/tickets``: the last ticket number handed out;
- ``ticket_titles/<slot>``: for each title (its identifying words, in any order, case
  and punctuation ignored), the ticket it names.

They are written in the same store batch (one transaction) as the ticket they describe,
and only while the board's write lock is held, so two processes never hand out one
number. A board written before they existed is indexed once, on its first write.
"""

from __future__ import annotations

import hashlib
import re

from langgraph.store.base import BaseStore, PutOp

from stores.board_models import Ticket, title_key

META = "board_meta"
TITLES = "ticket_titles"
SCAN_LIMIT = 100_000
_WORD = re.compile(r"[a-z0-9]+")


def title_slot(title: str) -> str:
    """The index key of a title: its identifying words in any order, and its numbers in order.

    Case, punctuation and filler are ignored; "Task 1 of phase 2" and "Task 2 of phase
    1" are two slots.
    """
    key = title_key(title)
    numbers = [w for w in _WORD.findall(title.lower()) if any(c.isdigit() for c in w)]
    words = " ".join([*sorted(key), "#", *numbers]) if key else title.strip().lower()
    return hashlib.blake2b(words.encode(), digest_size=12).hexdigest()


class BoardIndex:
    """The counter and title index of one project's tickets (use under the write lock)."""

    def __init__(self, store: BaseStore, project: str, prefix: str) -> None:
        """The index of ``project``'s tickets, whose ids start with ``prefix``."""
        self.store = store
        self.project = project
        self.prefix = prefix

    def _ns(self, kind: str) -> tuple[str, ...]:
        return ("projects", self.project, kind)

    async def last_number(self) -> int:
        """The last number handed out; builds the index from the tickets the first time."""
        item = await self.store.aget(self._ns(META), "tickets")
        if item is not None and isinstance(item.value.get("last"), int):
            return int(item.value["last"])
        return await self._build()

    async def next_id(self, last: int) -> tuple[str, int]:
        """The first free ticket id after number ``last``, and its number (see ``puts``)."""
        number = last
        while True:  # ids imported from other tools may already sit on the next numbers
            number += 1
            if await self.store.aget(self._ns("tickets"), f"{self.prefix}-{number}") is None:
                return f"{self.prefix}-{number}", number

    async def titled(self, title: str) -> str | None:
        """The id of the ticket with this title, as the index has it."""
        item = await self.store.aget(self._ns(TITLES), title_slot(title))
        found = item.value.get("id") if item is not None else None
        return found if isinstance(found, str) else None

    def puts(
        self, ticket: Ticket, *, number: int | None = None, old_title: str | None = None
    ) -> list[PutOp]:
        """The index writes that go in one batch with writing ``ticket``."""
        ops = [PutOp(self._ns(TITLES), title_slot(ticket.title), {"id": ticket.id})]
        if old_title is not None and title_slot(old_title) != title_slot(ticket.title):
            ops.insert(0, PutOp(self._ns(TITLES), title_slot(old_title), None))
        if number is not None:
            ops.append(PutOp(self._ns(META), "tickets", {"last": number}))
        return ops

    async def forget(self, ticket: Ticket) -> list[PutOp]:
        """The index writes that go in one batch with deleting ``ticket``."""
        if await self.titled(ticket.title) != ticket.id:
            return []
        return [PutOp(self._ns(TITLES), title_slot(ticket.title), None)]

    async def _build(self) -> int:
        own = re.compile(rf"{re.escape(self.prefix)}-([1-9][0-9]*)")
        items = await self.store.asearch(self._ns("tickets"), limit=SCAN_LIMIT)
        last, ops = 0, []
        for item in items:
            if match := own.fullmatch(item.key):
                last = max(last, int(match.group(1)))
            title = item.value.get("title") if isinstance(item.value, dict) else None
            if isinstance(title, str) and title.strip():
                ops.append(PutOp(self._ns(TITLES), title_slot(title), {"id": item.key}))
        ops.append(PutOp(self._ns(META), "tickets", {"last": last}))
        await self.store.abatch(ops)
        return last
