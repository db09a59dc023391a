"""The composition root: every part a run uses when its context leaves it unset.

The process's lane gateway, embeddings, fused router and knowledge-base opener are
built here and nowhere else, each once per process and only when first used. Nodes get
them through :func:`deps`; the CLI and the server ask here too. Tests hand a
:class:`~nodes.plumbing.context.Context` with scripted parts instead.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings
from langgraph.runtime import Runtime

from lanes.backends.llama_registry import LlamaRegistry
from lanes.calls.gateway import LaneGateway
from lanes.config.settings import load_settings
from nodes.plumbing.context import Context, Deps
from nodes.routing.fusion import FusedRouter, load_weights
from nodes.routing.probe import load_probe, probe_for
from nodes.routing.semantic import SemanticRouter, load_examples
from stores.api_keys import KeyStore
from stores.embeddings import build_embeddings, build_routing_embeddings
from stores.projects import DEFAULT_PROJECT, check_project
from stores.vectors import VectorStore

_gateway: LaneGateway | None = None
_kept_models: LlamaRegistry | None = None
_gateway_lock = threading.Lock()


def default_gateway() -> LaneGateway:
    """The process's gateway, built from the environment on first use.

    Raises:
        ConfigError: the settings are invalid (the message names the variable).

    """
    global _gateway
    with _gateway_lock:
        if _gateway is None:
            _gateway = LaneGateway.from_settings(load_settings(), models=_kept_models)
        return _gateway


async def process_gateway() -> LaneGateway:
    """:func:`default_gateway` from async code: the first build (file I/O) off the loop."""
    built = _gateway
    return built if built is not None else await asyncio.to_thread(default_gateway)


def reset_default_gateway(*, keep_models: bool = False) -> None:
    """Forget the process's gateway; the next use re-reads the environment.

    With ``keep_models``, models already loaded in-process stay loaded for the next
    gateway (re-reading settings need not reload weights); otherwise they are freed.
    """
    global _gateway, _kept_models
    with _gateway_lock:
        gateway, _gateway = _gateway, None
        if gateway is not None and keep_models:
            _kept_models = gateway.models
        elif not keep_models:
            _kept_models = None
    if gateway is not None and not keep_models:
        gateway.close()
    _rag_answers.cache_clear()


@functools.cache
def default_keys() -> KeyStore:
    """The process's API-key store (where the board is), opened on first use."""
    return KeyStore.of(load_settings().global_)


@functools.cache
def default_embeddings() -> Embeddings:
    """The process-wide embedding function (one ONNX session, loaded on first use)."""
    return build_embeddings(load_settings().global_)


@functools.cache
def routing_embeddings() -> Embeddings:
    """What the process's router embeds with (one ONNX session, loaded on first use)."""
    return build_routing_embeddings(load_settings().global_)


@functools.cache
def default_router() -> FusedRouter:
    """The process-wide fused router over the project's embeddings.

    The probe reads MiniLM vectors only, and knows none of a team's own examples: with
    either, routing rests on the similarity signal, whose examples the team's extend.
    """
    settings = load_settings().global_
    extra = Path(settings.router_examples) if settings.router_examples else None
    embeddings = routing_embeddings()
    semantic = SemanticRouter(
        embeddings, load_examples(extra), settings.data_dir.expanduser() / "cache"
    )
    probe = probe_for(embeddings, load_probe()) if extra is None else None
    return FusedRouter(semantic, load_weights(probed=probe is not None), probe)


def open_store(project: str = DEFAULT_PROJECT) -> VectorStore:
    """The project's store (``ARGOS_CHROMA_URL``, else under ``ARGOS_DATA_DIR``), opened once."""
    check_project(project)
    settings = load_settings().global_
    return _open_store(settings.data_dir.expanduser().resolve(), project, settings.chroma_url)


@functools.cache
def _open_store(data_dir: Path, project: str, chroma_url: str | None) -> VectorStore:
    return VectorStore(data_dir, default_embeddings(), project, chroma_url)


@functools.cache
def _rag_answers() -> str:
    """``ARGOS_RAG_ANSWERS``, read once per process (reset with the gateway)."""
    return load_settings().global_.rag_answers


async def deps(runtime: Runtime[Context] | None) -> Deps:
    """The parts for this node run: the context's, else the process's defaults."""
    context = (runtime.context if runtime is not None else None) or Context()
    info = runtime.execution_info if runtime is not None else None
    return Deps(
        gateway=context.gateway or await process_gateway(),
        default_router=default_router,
        default_store=open_store,
        task_id=info.task_id if info is not None else None,
        context=context,
        default_rag_answers=_rag_answers(),
        default_embeddings=default_embeddings,
        default_keys=default_keys,
    )


def outside_graph(context: Context | None = None) -> Deps:
    """The parts for work outside a graph (the CLI's ``route``): no task, no fallback."""
    context = context or Context()
    return Deps(
        gateway=context.gateway or default_gateway(),
        default_router=default_router,
        default_store=open_store,
        context=context,
        default_embeddings=default_embeddings,
    )
