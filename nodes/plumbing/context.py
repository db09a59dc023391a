"""What a run depends on, handed to nodes through LangGraph's runtime context.

Graphs declare ``context_schema=Context``; a node takes ``runtime: Runtime[Context]``
and asks :func:`nodes.defaults.deps` for a :class:`Deps`: the lane gateway, the router
and the knowledge-base opener. A run given no context (the LangGraph server, Studio)
uses the process's defaults, built in :mod:`nodes.defaults`; tests hand a context with
scripted parts instead of patching modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from langchain_core.embeddings import Embeddings
from langchain_core.messages import BaseMessage
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from lanes.calls.call_lane import LaneCall, call_lane
from lanes.calls.gateway import LaneGateway
from lanes.config.lane_table import LaneTable
from lanes.config.resolved_lane import ConfigSource
from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from stores.api_keys import KeyStore
from stores.hits import Hit


@runtime_checkable
class Router(Protocol):
    """Scores texts per lane (the fused router, or a scripted one in tests)."""

    def score_many(self, texts: list[str]) -> list[LaneScores]:
        """Each text's lane probabilities."""
        ...


@runtime_checkable
class KnowledgeBase(Protocol):
    """A project's indexed documents, as the lanes search them."""

    def count(self) -> int:
        """How many chunks are indexed."""
        ...

    async def asearch(self, query: str, k: int = 4) -> list[Hit]:
        """The ``k`` chunks closest to ``query``."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """``texts`` as vectors, as the knowledge base embeds its chunks."""
        ...


StoreOpener = Callable[[str], KnowledgeBase]
# ``Deps.call``: (lane, messages, **options) -> the lane's reply and trace.
LaneCaller = Callable[..., Awaitable[LaneCall]]


@dataclass(kw_only=True)
class Context:
    """The parts a run uses; each left unset is the process's default."""

    __pydantic_config__ = ConfigDict(arbitrary_types_allowed=True)

    gateway: SkipJsonSchema[LaneGateway | None] = field(
        default=None, metadata={"description": "The lane gateway every model call goes through."}
    )
    router: SkipJsonSchema[Router | None] = field(
        default=None, metadata={"description": "Scores a request per lane (score_many)."}
    )
    open_store: SkipJsonSchema[StoreOpener | None] = field(
        default=None, metadata={"description": "Opens a project's knowledge base by name."}
    )
    rag_answers: Literal["auto", "generate", "extract"] | None = field(
        default=None,
        metadata={"description": "How fast_rag answers (default: ARGOS_RAG_ANSWERS, auto)."},
    )
    sampling: dict[str, Any] | None = field(
        default=None,
        metadata={
            "description": "A client's temperature and max_tokens, for the answer's text "
            "(the OpenAI-compatible API); structured steps keep their lanes' settings."
        },
    )
    model_findings: Literal["auto", "count", "show"] = field(
        default="auto",
        metadata={
            "description": "Whether governance counts its model's findings in the verdict "
            "(auto: not on the embedded model, which cannot judge policy; they are shown)."
        },
    )
    compliance_model: bool = field(
        default=True,
        metadata={
            "description": "Whether governance adds the fitted compliance model's finding "
            "when no detector finds anything of medium or high severity."
        },
    )


@dataclass(frozen=True)
class Deps:
    """The parts one node run uses, with its task id for lane fallback.

    ``default_router`` and ``default_store`` stand in for what the context leaves unset;
    both read disk the first time, so they run off the event loop.
    """

    gateway: LaneGateway
    default_router: Callable[[], Router]
    default_store: StoreOpener
    task_id: str | None = None
    context: Context = field(default_factory=Context)
    default_rag_answers: str = "auto"
    # The process's embeddings (None: steps that read vectors, such as the notes veto,
    # do without them).
    default_embeddings: Callable[[], Embeddings] | None = None
    # The process's API keys, for a cron's run (None: a bare caller stays bare, refused).
    default_keys: Callable[[], KeyStore] | None = None

    @property
    def table(self) -> LaneTable:
        """The resolved lanes."""
        return self.gateway.table

    async def call(self, lane: Lane, messages: Sequence[BaseMessage], **options: Any) -> LaneCall:
        """Call ``lane`` (see :func:`lanes.calls.call_lane.call_lane`) as this task."""
        if self.context.sampling and "schema" not in options:
            options.setdefault("sampling", self.context.sampling)
        return await call_lane(self.gateway, lane, messages, task_id=self.task_id, **options)

    @property
    def extracts_answers(self) -> bool:
        """Whether fast_rag quotes its sources rather than letting its model write.

        ``auto`` quotes them when the lane's model is the embedded 0.5B one, which cannot
        be trusted to copy a fact it has just read.
        """
        mode = self.context.rag_answers or self.default_rag_answers
        if mode == "auto":
            return self.table[Lane.FAST_RAG].source is ConfigSource.EMBEDDED
        return mode == "extract"

    @property
    def counts_model_findings(self) -> bool:
        """Whether the governance model's findings count in its verdict, or are only shown.

        ``auto`` shows them only when the lane runs on the embedded 0.5B model: on the
        blind compliance set its findings turned 5 of 6 right passes into needs_review.
        """
        mode = self.context.model_findings
        if mode == "auto":
            return self.table[Lane.GOVERNANCE].source is not ConfigSource.EMBEDDED
        return mode == "count"

    @property
    def judges_notes(self) -> bool:
        """Whether the orchestrator's model judges the note clauses the rules leave open.

        Not on the embedded 0.5B model: on the blind notes set it found one more action
        item in 72 notes and ticketed four more pieces of chatter ("Fine by me").
        """
        return self.table[Lane.ORCHESTRATOR].source is not ConfigSource.EMBEDDED

    async def router(self) -> Router:
        """The context's router, or the process's (loaded off the loop the first time)."""
        if self.context.router is not None:
            return self.context.router
        return await asyncio.to_thread(self.default_router)

    async def embeddings(self) -> Embeddings | None:
        """The process's embeddings, if this run has them (loaded off the loop)."""
        if self.default_embeddings is None:
            return None
        return await asyncio.to_thread(self.default_embeddings)

    async def store(self, project: str) -> KnowledgeBase:
        """The project's knowledge base (opening it reads settings and disk: off the loop)."""
        if self.context.open_store is not None:
            return self.context.open_store(project)
        return await asyncio.to_thread(self.default_store, project)
