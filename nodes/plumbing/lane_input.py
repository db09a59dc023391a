"""A lane subgraph's input, checked before its first step.

Over the server API anything can arrive as a lane's input: ``{}``, a task that is a
number, or nothing at all when a client resumes a thread where nothing is paused. A
lane's steps read ``task["task"]`` as text, so the entry edge sends such input to
``no_task``, which answers what the lane needs instead of failing the run with a
``KeyError``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from lanes.core.lane import Lane
from nodes.plumbing.lane_result import lane_output
from nodes.plumbing.state import LaneOutput, LaneTask
from prompts.lane_input import NO_TASK

NO_TASK_NODE = "no_task"


def has_task(state: Mapping[str, Any]) -> bool:
    """Whether ``state`` holds a task a lane can work on: text that is not blank."""
    task = state.get("task")
    return isinstance(task, str) and bool(task.strip())


def with_task(first: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The entry edge: ``first`` (a node, or a router's choice) when there is a task."""

    def entry(state: Any) -> Any:
        if not has_task(state):
            return NO_TASK_NODE
        return first(state) if callable(first) else first

    return entry


INTAKE_NODE = "intake"


def with_material(state: Mapping[str, Any]) -> dict[str, Any]:
    """A lane subgraph called on its own reads ``content`` as its task's material.

    ``{"task": "review this code", "content": "<code>"}`` was reviewed without the code:
    only the super-reader read ``content``. The supervisor's steps (they carry a
    ``step_id``) already hold their material in the task, and their ``content`` is the
    whole request, so they are left as they are.
    """
    content, task = state.get("content"), state.get("task")
    if "step_id" in state or not has_task(state) or not isinstance(content, str):
        return {}
    material = content.strip()
    if not material or material in str(task):
        return {}
    return {"task": f"{str(task).rstrip()}\n\n{material}"}


def answer_without_task(lane: Lane) -> Callable[[Any], Awaitable[LaneOutput]]:
    """The ``no_task`` node of ``lane``'s subgraph: says what input it needs."""

    async def no_task(state: Any) -> LaneOutput:
        step = state.get("step_id") if isinstance(state.get("step_id"), str) else "s1"
        return lane_output(LaneTask(task="", step_id=step), lane, NO_TASK, trace=[])

    return no_task
