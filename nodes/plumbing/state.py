"""State of the supervisor graph and the shapes it shares with the lane subgraphs."""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from lanes.core.trace import TraceEntry
from nodes.plumbing.reducers import extend_or_reset, merge_or_reset


class Citation(TypedDict):
    """A retrieved chunk an answer rests on."""

    source: str
    chunk: str
    score: float


class StepResult(TypedDict):
    """What one plan step produced: text for people, data when the lane is structured."""

    step_id: str
    lane: str
    task: str
    output: str
    data: NotRequired[dict[str, Any] | None]
    message_id: NotRequired[str]  # the streamed reply that is ``output`` word for word


class LaneTask(TypedDict):
    """What the supervisor sends a lane; also a lane subgraph's input in Studio."""

    task: str
    step_id: NotRequired[str]
    content: NotRequired[str]  # long input for the super-reader (defaults to the task)
    context: NotRequired[str]  # results of the steps this one depends on
    project: NotRequired[str]
    risky: NotRequired[bool]
    history: NotRequired[str]  # the conversation's recent turns, when this is a follow-up


class LaneOutput(TypedDict):
    """What a lane hands back to the supervisor."""

    results: Annotated[dict[str, StepResult], merge_or_reset]
    trace: Annotated[list[TraceEntry], extend_or_reset]
    citations: Annotated[list[Citation], extend_or_reset]


class SupervisorInput(TypedDict):
    """A turn: the user's message(s) and, optionally, the project they are about."""

    messages: Annotated[list[AnyMessage], add_messages]
    project: NotRequired[str]


class SupervisorState(LaneOutput):
    """The supervisor's state across a thread."""

    messages: Annotated[list[AnyMessage], add_messages]
    project: NotRequired[str]
    request: NotRequired[str]
    history: NotRequired[str]  # recent turns, for a follow-up's lanes ("" otherwise)
    plan: NotRequired[dict[str, Any]]
    route: NotRequired[dict[str, Any]]
    answer: NotRequired[str]


class SupervisorOutput(TypedDict):
    """What a caller gets back from a turn."""

    messages: Annotated[list[AnyMessage], add_messages]
    answer: str
    plan: dict[str, Any]
    route: dict[str, Any]
    results: dict[str, StepResult]
    trace: list[TraceEntry]
    citations: list[Citation]
