"""The one place a chat model is built from a resolved lane.

No node constructs ``ChatOpenAI`` or ``Llama`` itself. The gateway calls this and
caches what it builds; tests hand the gateway a scripted builder instead.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from lanes.backends.llama_chat import LlamaInProcessChat
from lanes.backends.llama_registry import LlamaRegistry
from lanes.backends.model_file import local_model_file
from lanes.backends.model_limits import check_context_window
from lanes.config.resolved_lane import ResolvedLane
from lanes.core.backend import Backend
from lanes.core.lane import Lane

# OpenAI's client insists on a key; local servers ignore it.
_NO_KEY = SecretStr("not-needed")


def model_metadata(resolved: ResolvedLane, fallback_from: Lane | None = None) -> dict[str, Any]:
    """The metadata every call on this lane carries (LangSmith shows and filters on it)."""
    metadata: dict[str, Any] = {
        "lane": resolved.lane.value,
        "backend": resolved.backend.value,
        "model": resolved.model,
    }
    if fallback_from is not None:
        metadata["fallback_from"] = fallback_from.value
    return metadata


def build_chat_model(
    resolved: ResolvedLane,
    *,
    models: LlamaRegistry,
    fallback_from: Lane | None = None,
    http_client: Any = None,
) -> BaseChatModel:
    """Build the LangChain chat model for ``resolved``.

    Args:
        resolved: the lane to build for (see :func:`lanes.resolve_lane`).
        models: the registry an in-process lane loads its model into.
        fallback_from: the lane whose work this model is taking over, if any.
        http_client: the ``httpx.AsyncClient`` an HTTP lane sends through (one per
            event loop and endpoint: connections belong to the loop that opened them).

    """
    metadata = model_metadata(resolved, fallback_from)
    tags = [f"lane:{resolved.lane.value}", f"backend:{resolved.backend.value}"]
    if fallback_from is not None:
        tags.append(f"fallback_from:{fallback_from.value}")
    if resolved.in_process:
        return _in_process(resolved, models, tags=tags, metadata=metadata)
    return _over_http(resolved, http_client, tags=tags, metadata=metadata)


def _in_process(resolved: ResolvedLane, models: LlamaRegistry, **common: Any) -> BaseChatModel:
    path = local_model_file(resolved)
    check_context_window(
        path, resolved.context_window, variable=f"{resolved.lane.env_prefix}CONTEXT_WINDOW"
    )
    return LlamaInProcessChat(
        registry=models,
        model_path=path,
        model_name=resolved.model or path.stem,
        n_ctx=resolved.context_window,
        temperature=resolved.temperature,
        max_tokens=resolved.max_tokens,
        **common,
    )


def _over_http(resolved: ResolvedLane, http_client: Any, **common: Any) -> BaseChatModel:
    # Imported here: langchain_openai is heavy, and a process on in-process lanes never needs it.
    from langchain_openai import ChatOpenAI

    from lanes.backends.llama_server_chat import LlamaServerChatOpenAI

    cls = LlamaServerChatOpenAI if resolved.backend is Backend.LLAMA_CPP else ChatOpenAI
    return cls(
        base_url=resolved.base_url,
        # vLLM needs the served name; llama.cpp's server answers to any name.
        model=resolved.model or "default",
        api_key=resolved.api_key or _NO_KEY,
        temperature=resolved.temperature,
        # langchain-openai renames max_tokens to max_completion_tokens, which
        # llama-cpp-python's server ignores (it then writes until the context is
        # full). Every OpenAI-compatible server we target reads the classic name.
        extra_body={"max_tokens": resolved.max_tokens},
        timeout=resolved.timeout_s,
        # Fallback is the graph's job: a retry here would hide a dead lane.
        max_retries=0,
        http_async_client=http_client,
        stream_usage=True,
        **common,
    )
