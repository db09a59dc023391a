"""Stored board records that no longer validate: skipped, reported once, kept for repair.

A record can be bad because an older version wrote it, a bad write went through the
server's store API, or somebody edited the database. Reading the board skips it and
names it (its kind, key and first problem in one line); everything else on the board
keeps working. ``cortex tickets doctor`` lists them and can move them aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from langgraph.store.base import Item
from pydantic import BaseModel, ValidationError

from lanes.core.bounded_read import short

_M = TypeVar("_M", bound=BaseModel)
# What a stored value that is not a JSON object reads as: the problem, and its text whole.
UNREADABLE = "__unreadable__"


@dataclass(frozen=True)
class BadRecord:
    """One stored record that does not validate: where it is and what is wrong."""

    kind: str  # tickets, epics or roadmaps
    key: str
    problem: str

    def __str__(self) -> str:
        return f"bad record {self.kind}/{short(self.key, 40)} skipped: {self.problem}"


def tolerant_json(content: Any) -> dict[str, Any]:
    """A stored value, as the SQLite store's deserializer.

    Text that is not a JSON object (a damaged row, a hand edit) reads as
    ``{UNREADABLE: problem, "text": text}``: one bad row is a bad record to set aside,
    not an error for every read of its namespace.
    """
    text = bytes(content).decode("utf-8", "replace") if isinstance(content, bytes) else content
    try:
        value = json.loads(content)
    except json.JSONDecodeError as exc:
        return {UNREADABLE: f"not JSON: {exc.msg.lower()} at character {exc.pos}", "text": text}
    except (TypeError, ValueError, RecursionError) as exc:  # not text, or not UTF-8
        return {UNREADABLE: f"not JSON: {type(exc).__name__}", "text": str(text)}
    if not isinstance(value, dict):
        return {UNREADABLE: f"not a JSON object ({type(value).__name__})", "text": str(text)}
    return value


def parse(model: type[_M], kind: str, item: Item) -> _M | BadRecord:
    """``item``'s value as ``model``, or what is wrong with it."""
    if isinstance(item.value, dict) and UNREADABLE in item.value:
        return BadRecord(kind, item.key, str(item.value[UNREADABLE]))
    try:
        return model.model_validate(item.value)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or model.__name__
        message = " ".join(str(problem["msg"]).split())
        if problem["type"] == "missing":
            return BadRecord(kind, item.key, f"{where}: {message.lower()}")
        value = short(problem.get("input"), 40)
        return BadRecord(kind, item.key, f"{where}={value}: {message}")
    except (TypeError, ValueError, RecursionError) as exc:  # not even a mapping
        return BadRecord(kind, item.key, f"{type(exc).__name__}: {short(str(exc), 80)}")
