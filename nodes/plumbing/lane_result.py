"""How a lane's work is handed back to the supervisor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import BaseMessage

from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.state import Citation, LaneOutput, LaneTask, StepResult
from prompts.orchestrator import CONVERSATION_CONTEXT


def lane_output(
    task: LaneTask,
    lane: Lane,
    output: str,
    *,
    trace: list[TraceEntry],
    data: dict[str, Any] | None = None,
    citations: list[Citation] | None = None,
    reply: BaseMessage | None = None,
) -> LaneOutput:
    """The update a lane returns: its step result, its model calls, its citations.

    ``reply``: the model's message, when ``output`` is its text word for word; a chat
    client has seen it streamed, so the answer made of it keeps its id (one message).
    """
    step_id = task.get("step_id", "s1")
    result = StepResult(step_id=step_id, lane=lane.value, task=task["task"], output=output)
    if data is not None:
        result["data"] = data
    if reply is not None and reply.id and reply.content == output:
        result["message_id"] = reply.id
    return LaneOutput(results={step_id: result}, trace=trace, citations=citations or [])


def with_context(task: Mapping[str, Any], template: str) -> str:
    """The conversation so far (a follow-up's), then the results this step depends on."""
    context = task.get("context")
    history = task.get("history")
    said = CONVERSATION_CONTEXT.format(history=history) if history else ""
    return said + (template.format(results=context) if context else "")
