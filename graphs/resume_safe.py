"""A compiled graph the LangGraph server can resume on a thread where nothing is paused.

The server turns ``command={"resume": ...}`` into ``Command(goto=None, ...)``. On a thread
with no checkpoint yet, LangGraph hands that Command to the graph's START as its input,
and START's writer iterates ``goto``: a ``TypeError`` before any node of ours runs.
``goto=None`` means "go nowhere", which LangGraph spells ``()``; read that way, the run
starts with no input: the supervisor answers that nothing is waiting, and a lane
subgraph that it has no task (``nodes.plumbing.lane_input``). Every exported graph is
wrapped.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command


class ResumeSafeGraph(CompiledStateGraph[Any, Any, Any, Any]):
    """A compiled state graph that reads a Command's ``goto=None`` as no jump."""

    def stream(self, input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        """As LangGraph's, with ``goto=None`` read as ``()``."""
        return super().stream(_no_jump(input), *args, **kwargs)

    def astream(self, input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        """As LangGraph's, with ``goto=None`` read as ``()``."""
        return super().astream(_no_jump(input), *args, **kwargs)


def resume_safe(compiled: CompiledStateGraph[Any, Any, Any, Any]) -> ResumeSafeGraph:
    """``compiled``, reading a Command's ``goto=None`` as no jump (nothing else changes)."""
    compiled.__class__ = ResumeSafeGraph
    return compiled  # type: ignore[return-value]


def _no_jump(value: Any) -> Any:
    if isinstance(value, Command) and value.goto is None:
        return dataclasses.replace(value, goto=())
    return value
