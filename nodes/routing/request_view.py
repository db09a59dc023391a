"""The request as routing sees it: clean text, and a bounded view of long inputs.

Routing and planning look at a view of at most a few KB (its head, its size, its
tail), so a 200 KB log costs them what a short question does; the full text goes only
to the lane that reads it.
"""

from __future__ import annotations

from lanes.core.unicode_text import plain_text

# Characters of a long input's start and end that routing and planning see.
VIEW_HEAD_CHARS = 1200
VIEW_TAIL_CHARS = 300
# What the planner sees of each task.
TASK_VIEW_CHARS = 300
# Characters per token assumed when deciding whether an input fits a lane: denser than
# prose's 4, because logs, numbers and code tokenize denser; erring long is safe (the
# long-context lane reads anything), erring short overflows a lane.
DENSE_CHARS_PER_TOKEN = 3


def clean_request(text: str) -> str:
    """``text`` as plain text (see ``plain_text``), stripped."""
    return plain_text(text).strip()


def bounded_view(text: str) -> str:
    """``text`` when short; else its head, its size and its tail."""
    if len(text) <= VIEW_HEAD_CHARS + VIEW_TAIL_CHARS:
        return text
    lines = text.count("\n") + 1
    return (
        f"{text[:VIEW_HEAD_CHARS]}\n[... {len(text):,} characters and {lines:,} lines in all;"
        f" the end: ...]\n{text[-VIEW_TAIL_CHARS:]}"
    )


def task_view(task: str) -> str:
    """A task shortened for the planner's list."""
    return task if len(task) <= TASK_VIEW_CHARS else f"{task[:TASK_VIEW_CHARS]} [...]"


def instruction_of(text: str, limit: int = 400) -> str:
    """What a long input asks for: its first paragraph, at most ``limit`` characters."""
    paragraph = text.strip().split("\n\n", 1)[0].strip()
    head = "\n".join(paragraph.split("\n", 3)[:3])
    return head if len(head) <= limit else f"{head[:limit]} [...]"


def estimated_tokens(text: str) -> int:
    """A conservative token count for deciding which lanes can read ``text``."""
    return len(text) // DENSE_CHARS_PER_TOKEN + 1
