"""The board's records: tickets, epics, roadmaps, with their validation.

Each model checks its values (ids, lengths, statuses as other tools write them); a
value that does not fit raises ``BoardError`` naming the field, before anything is
written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError, field_validator

from lanes.core.bounded_read import short
from lanes.core.errors import CortexError
from lanes.core.unicode_text import plain_text
from stores.projects import check_project

Status = Literal["todo", "in_progress", "blocked", "done"]
STATUSES: tuple[Status, ...] = ("todo", "in_progress", "blocked", "done")
# How people write statuses, in chat and in other tools' exports.
STATUS_ALIASES = {
    "todo": "todo", "to do": "todo", "to-do": "todo", "open": "todo", "backlog": "todo",
    "new": "todo", "in progress": "in_progress", "in_progress": "in_progress",
    "in-progress": "in_progress", "doing": "in_progress", "started": "in_progress",
    "blocked": "blocked", "on hold": "blocked", "done": "done", "closed": "done",
    "close": "done", "finished": "done", "complete": "done", "completed": "done",
    "resolved": "done",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which ticket is meant.
_FILLER = {"the", "a", "an", "for", "of", "to", "on", "in", "and", "our", "we", "need"}


class BoardError(CortexError):
    """A ticket operation that cannot be done as asked (unknown id, invalid value)."""


class HistoryEntry(BaseModel):
    """Who or what changed one field of a ticket, when, and from which thread."""

    at: float
    by: str
    thread: str | None = None
    field: str
    old: Any = None
    new: Any = None


class Ticket(BaseModel):
    """One piece of work."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]{0,9}-[1-9][0-9]{0,6}$")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    acceptance_criteria: list[str] = Field(default_factory=list, max_length=50)
    status: Status = "todo"
    owner: str | None = Field(None, max_length=80)
    epic: str | None = Field(None, max_length=40)
    due: date | None = None
    labels: list[str] = Field(default_factory=list, max_length=20)
    created_at: float
    updated_at: float
    history: list[HistoryEntry] = Field(default_factory=list)
    gap_notes: dict[str, Any] | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _title_line(value)

    @field_validator("owner", "epic")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _one_line(value)

    @field_validator("description", "acceptance_criteria", "labels")
    @classmethod
    def _plain(cls, value: object) -> object:
        return _plain_values(value)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> object:
        if isinstance(value, str):
            return STATUS_ALIASES.get(" ".join(value.lower().replace("_", " ").split()), value)
        return value


class Epic(BaseModel):
    """A goal that tickets add up to."""

    id: str = Field(pattern=r"^EPIC-[1-9][0-9]{0,5}$")
    title: str = Field(min_length=1, max_length=200)
    goal: str = Field("", max_length=2_000)
    status: Literal["open", "done"] = "open"
    owner: str | None = Field(None, max_length=80)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _title_line(value)

    @field_validator("owner")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return _one_line(value)

    @field_validator("goal")
    @classmethod
    def _plain(cls, value: object) -> object:
        return _plain_values(value)


def _one_line(value: str | None) -> str | None:
    """A name or title as stored: plain text on one line, or None when nothing is left."""
    return " ".join(plain_text(value).split()) or None if isinstance(value, str) else value


def _title_line(value: str) -> str:
    """A title as stored (see ``_one_line``); one with nothing left is refused.

    Raises:
        ValueError: only spaces or control characters were given.

    """
    line = _one_line(value)
    if not line:
        raise ValueError("the title is empty once spaces and control characters are removed")
    return line


def _plain_values(value: object) -> object:
    """Text (or a list of texts) as stored: without control characters or bidi overrides.

    A terminal that shows a ticket runs the ESC sequences in it, and an override makes
    a title read in another order than it is written.
    """
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list):
        return [plain_text(v) if isinstance(v, str) else v for v in value]
    return value


class Milestone(BaseModel):
    """One step of a roadmap: a target and the epics and tickets in it."""

    name: str
    target: str  # a date (ISO) or a sprint name
    epics: list[str] = Field(default_factory=list)
    tickets: list[str] = Field(default_factory=list)


class Roadmap(BaseModel):
    """Ordered milestones, and the assumptions they were built on."""

    created_at: float
    horizon: str
    milestones: list[Milestone]
    assumptions: list[str] = Field(default_factory=list)


def ticket_prefix(project: str) -> str:
    """The id prefix of a project's tickets: its first word, upper-case (``core`` -> CORE)."""
    letters = re.sub(r"[^a-z0-9]", "", re.split(r"[-_]", check_project(project))[0])
    prefix = letters.upper()[:8]
    return prefix if prefix[:1].isalpha() else f"T{prefix}"[:8]


def title_key(title: str) -> frozenset[str]:
    """The words that identify a title (case, punctuation and filler ignored)."""
    return frozenset(w for w in _WORD.findall(title.lower()) if w not in _FILLER)


def same_work(a: str, b: str) -> bool:
    """Whether two titles name the same work: nearly all words shared, no number differs.

    "Fix the login timeout" and "fix login timeout." are one ticket; "Task 1 of the
    cleanup" and "Task 2 of the cleanup" are two.
    """
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    if any(any(c.isdigit() for c in word) for word in ka ^ kb):
        return False
    return len(ka & kb) / len(ka | kb) >= 0.8


def refers_to(reference: str, title: str) -> bool:
    """Whether ``reference`` ("the CSV export") names the ticket titled ``title``."""
    words = title_key(reference)
    return bool(words) and words <= title_key(title)


_M = TypeVar("_M", bound=BaseModel)


def validated(model: type[_M], values: dict[str, Any]) -> _M:
    """``values`` as ``model``; the first problem raised as a ``BoardError``."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or model.__name__
        message = str(problem["msg"]).removeprefix("Value error, ")  # a validator's own words
        raise BoardError(
            f"{model.__name__} {where}={short(problem.get('input'))} is not valid: "
            f"{message[:1].lower()}{message[1:]}"
        ) from None
