"""Split a request into the separate tasks it asks for, on explicit sequencing only.

"then", "and then", "after that", "also", ";" and list items start a new task; a plain
"and" or a new sentence does not ("assess this module and suggest a better structure"
is one task, and so is "here is the log. find the errors").
"""

from __future__ import annotations

import re

# List markers at the start of a line ("- ", "2. ", "3) ") start a new task.
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+", re.MULTILINE)
_CONNECTIVE = r"(?:and then|then|after that|afterwards|also|additionally|next)"
# A connective after a sentence end, a comma or semicolon, or "and"; or a bare "then"
# between two clauses; or a semicolon.
_BREAKS = re.compile(
    rf"(?:[.?!;,]\s+|\s+and\s+){_CONNECTIVE}\b,?\s*|;\s+|\s+then\s+",
    re.IGNORECASE,
)
# Shorter pieces ("Thanks", "e.g. this") are not tasks of their own.
MIN_TASK_WORDS = 3
# A short question about what came before ("is that allowed?") elaborates the task
# before it; so does a piece that only hands over material ("here is the log").
ELABORATION_WORDS = 6
_BACK_REFERENCE = re.compile(
    r"^\s*(is|are|was|does|do|did|can|could|should|would|will)\s+(that|it|this|these|those|they)\b",
    re.IGNORECASE,
)
_MATERIAL = re.compile(
    r"^\s*(here is|here's|here are|i'm pasting|i am pasting|i've attached|i have attached|"
    r"attached is|below is|i uploaded|we plan to|we want to)\b",
    re.IGNORECASE,
)


def split_tasks(request: str) -> list[str]:
    """The request's tasks in order; a single-task request comes back as one item."""
    text = request.strip()
    if _LIST_ITEM.search(text):
        pieces = [p for p in _LIST_ITEM.split(text)]
        # A short header ("Two things:") belongs to the first item.
        pieces = [p.strip() for p in pieces if p.strip()]
    else:
        pieces = [p for p in _BREAKS.split(text) if p and p.strip()]
    tasks: list[str] = []
    for piece in (p.strip(" ,;.\n") for p in pieces):
        if not piece:
            continue
        if tasks and (_elaborates(piece) or _MATERIAL.match(tasks[-1]) or _if_then(tasks[-1])):
            joiner = " then " if _if_then(tasks[-1]) else "; "
            tasks[-1] = f"{tasks[-1]}{joiner}{piece}"
        else:
            tasks.append(piece)
    if len(tasks) > 1 and len(tasks[0].split()) < MIN_TASK_WORDS:
        tasks[1] = f"{tasks[0]} {tasks[1]}"
        tasks = tasks[1:]
    return tasks or [text]


def _elaborates(piece: str) -> bool:
    """A piece too short, or too dependent on the one before, to be a task of its own."""
    words = len(piece.split())
    return words < MIN_TASK_WORDS or (
        words < ELABORATION_WORDS and bool(_BACK_REFERENCE.search(piece))
    )


def _if_then(clause: str) -> bool:
    """A clause that opens an "if" waits for its "then": the two are one task."""
    return bool(re.search(r"\bif\b", clause, re.IGNORECASE)) and not clause.rstrip().endswith("?")


# Within a task, a new sentence or "and" before an imperative may start another need
# ("what does the runbook say about paging? make tickets for the gaps").
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)|\n+")
_AND_IMPERATIVE = re.compile(
    r"(?:,\s*|\s+)(?:and|&|\+|plus|so)\s+(?:please\s+|pls\s+|then\s+|also\s+)?(?=(?:file|open|create|"
    r"raise|log|make|add|put|track|assign|update|close|move|check|review|verify|compare|"
    r"flag|fix|patch|summari[sz]e|read|scan|go|look|find|tell|draft|write|list|see|"
    r"confirm|ticket|cut|plan|schedule|prioriti[sz]e)\b)",
    re.IGNORECASE,
)
_FENCE = re.compile(r"```.*?(?:```|$)", re.DOTALL)
# More pieces than this are scored as their first ones plus the rest joined.
MAX_SEGMENTS = 4


def segments(request: str) -> list[str]:
    """The pieces of a request scored for what each needs: its tasks, split finer.

    Sentences and "and <imperative>" split a task; pasted code is left out (the
    request as a whole is scored with it), and so are pieces of one or two words.
    """
    prose = _FENCE.sub(" ", request)
    pieces: list[str] = []
    for task in split_tasks(prose):
        for sentence in _SENTENCE_END.split(task):
            pieces.extend(p.strip(" ,;.\n") for p in _AND_IMPERATIVE.split(sentence))
    pieces = [p for p in pieces if len(p.split()) >= MIN_TASK_WORDS - 1]
    if len(pieces) > MAX_SEGMENTS:
        pieces = [*pieces[: MAX_SEGMENTS - 1], " ".join(pieces[MAX_SEGMENTS - 1 :])]
    return pieces
