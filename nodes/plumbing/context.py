"""What a run depends on, handed to nodes through LangGraph's runtime context.

Graphs declare ``context_schema=Context``; a node takes ``runtime: Runtime[Context]``
and asks :func:`deps` for the lane gateway, the router and the knowledge-base opener.
A run given no context (the LangGraph server, Studio) uses the process's defaults;
tests hand a context with scripted parts instead of patching modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import BaseMessage
from langgraph.runtime import Runtime
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from lanes.call import LaneCall, call_lane
from lanes.gateway import LaneGateway, default_gateway, process_gateway
from lanes.lane import Lane
from lanes.resolve import LaneTable

StoreOpener = Callable[[str], Any]
# ``Deps.call``: (lane, messages, **options) -> the lane's reply and trace.
LaneCaller = Callable[..., Awaitable[LaneCall]]


@dataclass(kw_only=True)
class Context:
    """The parts a run uses; each left unset is the process's default."""

    __pydantic_config__ = ConfigDict(arbitrary_types_allowed=True)

    gateway: SkipJsonSchema[LaneGateway | None] = field(
        default=None, metadata={"description": "The lane gateway every model call goes through."}
    )
    router: SkipJsonSchema[Any] = field(
        default=None, metadata={"description": "Scores a request per lane (score_many)."}
    )
    open_store: SkipJsonSchema[StoreOpener | None] = field(
        default=None, metadata={"description": "Opens a project's knowledge base by name."}
    )


@dataclass(frozen=True)
class Deps:
    """The parts one node run uses, with its task id for lane fallback."""

    gateway: LaneGateway
    task_id: str | None = None
    context: Context = field(default_factory=Context)

    @property
    def table(self) -> LaneTable:
        """The resolved lanes."""
        return self.gateway.table

    async def call(self, lane: Lane, messages: Sequence[BaseMessage], **options: Any) -> LaneCall:
        """Call ``lane`` (see :func:`lanes.call.call_lane`) as this task."""
        return await call_lane(self.gateway, lane, messages, task_id=self.task_id, **options)

    async def router(self) -> Any:
        """The context's router, or the process's (loaded off the loop the first time)."""
        if self.context.router is not None:
            return self.context.router
        from nodes.router import default_router

        return await asyncio.to_thread(default_router)

    async def store(self, project: str) -> Any:
        """The project's knowledge base (opening it reads settings and disk: off the loop)."""
        if self.context.open_store is not None:
            return self.context.open_store(project)
        from stores.vectors import open_store

        return await asyncio.to_thread(open_store, project)


async def deps(runtime: Runtime[Context] | None) -> Deps:
    """The parts for this node run: the context's, else the process's defaults."""
    context = (runtime.context if runtime is not None else None) or Context()
    info = runtime.execution_info if runtime is not None else None
    return Deps(
        gateway=context.gateway or await process_gateway(),
        task_id=info.task_id if info is not None else None,
        context=context,
    )


def outside_graph(context: Context | None = None) -> Deps:
    """The parts for work outside a graph (the CLI's ``route``): no task, no fallback."""
    context = context or Context()
    return Deps(gateway=context.gateway or default_gateway(), context=context)
