"""Stored board records that no longer validate: skipped, reported once, kept for repair.

A record can be bad because an older version wrote it, a bad write went through the
server's store API, or somebody edited the database. Reading the board skips it and
names it (its kind, key and first problem in one line); everything else on the board
keeps working. ``cortex tickets doctor`` lists them and can move them aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from langgraph.store.base import Item
from pydantic import BaseModel, ValidationError

from lanes.core.bounded_read import short

_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True)
class BadRecord:
    """One stored record that does not validate: where it is and what is wrong."""

    kind: str  # tickets, epics or roadmaps
    key: str
    problem: str

    def __str__(self) -> str:
        return f"bad record {self.kind}/{short(self.key, 40)} skipped: {self.problem}"


def parse(model: type[_M], kind: str, item: Item) -> _M | BadRecord:
    """``item``'s value as ``model``, or what is wrong with it."""
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
