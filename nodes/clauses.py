"""Split a request into the separate tasks it asks for."""

from __future__ import annotations

import re

# List markers at the start of a line ("- ", "2. ", "3) ") start a new task.
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+", re.MULTILINE)
# Sentence ends, semicolons, line breaks, and connectives that start a new task.
_BREAKS = re.compile(
    r"(?:[.?!;]\s+|\n+\s*|,?\s+(?:and then|then|after that|afterwards|also|additionally|plus)\s+)",
    re.IGNORECASE,
)
# "and" joins two tasks only when both sides are long enough to be tasks of their own
# ("review and refactor this" is one task).
_AND = re.compile(r",?\s+and\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:and then|then|after that|afterwards|also|additionally|plus)\s+", re.I)
MIN_AND_WORDS = 4
# Shorter pieces ("Thanks", "e.g. this") are not tasks of their own.
MIN_TASK_WORDS = 3


def split_tasks(request: str) -> list[str]:
    """The request's tasks in order; a single-task request comes back as one item."""
    pieces: list[str] = []
    for part in _BREAKS.split(_LIST_ITEM.sub("\n", request).strip()):
        pieces.extend(_split_on_and(part))
    tasks = [_LEADING.sub("", p.strip(" ,.;")) for p in pieces if p and p.strip(" ,.;")]
    merged: list[str] = []
    for task in tasks:
        # A fragment too short to be a task belongs to the one before it.
        if merged and len(task.split()) < MIN_TASK_WORDS:
            merged[-1] = f"{merged[-1]}. {task}"
        else:
            merged.append(task)
    return merged or [request.strip()]


def _split_on_and(text: str) -> list[str]:
    parts = _AND.split(text)
    if len(parts) > 1 and all(len(p.split()) >= MIN_AND_WORDS for p in parts):
        return parts
    return [text]
