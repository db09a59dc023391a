"""Map what backends actually raise onto the lane error taxonomy.

openai (and langchain-openai's subclasses of its errors), httpx, llama-cpp-python and
plain Python errors each say "down", "too long" or "out of memory" in their own way;
retry policies and fallbacks match on the four types in :mod:`lanes.core.errors` instead.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx

from lanes.core.errors import (
    BadLaneRequest,
    ContextOverflow,
    LaneError,
    LaneOutOfMemory,
    LaneUnavailable,
)

# vLLM: "This model's maximum context length is 4096 tokens. However, you requested...";
# llama.cpp server: "the request exceeds the available context size";
# llama-cpp-python: "Requested tokens (5000) exceed context window of 4096";
# OpenAI: code context_length_exceeded.
_CONTEXT = re.compile(
    r"maximum context length|context length|exceeds? the available context|"
    r"exceed(?:s|ed)? (?:the )?context window|context_length_exceeded|"
    r"exceed_context_size|prompt is too long|input is too large|too many tokens",
    re.IGNORECASE,
)
# CUDA/HIP/ROCm/Vulkan OOM text in a 500, llama.cpp allocation and decode failures.
_OOM = re.compile(
    r"out of memory|OutOfMemoryError|hipErrorOutOfMemory|ErrorOutOfDeviceMemory|"
    r"failed to allocate|cudaMalloc failed|unable to allocate|insufficient memory|"
    r"not enough memory|llama_decode returned -[23]|ggml_new_object: not enough space",
    re.IGNORECASE,
)

# langchain-core's word for a stream that carried no chunk (e.g. a malformed body).
_EMPTY_STREAM = re.compile(r"No generation chunks were returned")


def classify(exc: BaseException, **where: Any) -> LaneError | None:
    """The lane error for ``exc``, or ``None`` when it is not a lane failure (a bug).

    ``where`` (``lane``, ``endpoint``, ``model``) is copied onto the error. The raw
    error stays attached as ``__cause__`` when the caller raises ``from exc``.
    """
    if isinstance(exc, LaneError):
        return exc
    import openai  # noqa: PLC0415 - half a second of start-up, paid only on a failure

    text = _text_of(exc)
    if isinstance(exc, openai.APIStatusError):
        return _from_status(exc.status_code, text, _retry_after(exc.response), where)
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return LaneUnavailable(f"timed out: {text}", timed_out=True, **where)
    if isinstance(
        exc,
        openai.APIConnectionError
        | httpx.TransportError
        | ConnectionError
        | asyncio.IncompleteReadError,
    ):
        return LaneUnavailable(f"connection failed: {text}", **where)
    if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
        return LaneUnavailable(f"malformed response: {text}", **where)
    if isinstance(exc, MemoryError):
        return LaneOutOfMemory(f"out of memory: {text or 'MemoryError'}", **where)
    if isinstance(exc, httpx.HTTPStatusError):
        return _from_status(exc.response.status_code, text, _retry_after(exc.response), where)
    if isinstance(exc, ValueError | RuntimeError):  # llama-cpp-python raises these
        if _EMPTY_STREAM.search(text):
            return LaneUnavailable(f"the stream ended before its first token: {text}", **where)
        if _CONTEXT.search(text):
            return ContextOverflow(text, **where)
        if _OOM.search(text):
            return LaneOutOfMemory(text, **where)
    return None


def _from_status(
    status: int, text: str, retry_after: float | None, where: dict[str, Any]
) -> LaneError:
    if _OOM.search(text):
        return LaneOutOfMemory(f"HTTP {status}: {text}", **where)
    if status in (400, 413, 422) and _CONTEXT.search(text):
        return ContextOverflow(f"HTTP {status}: {text}", **where)
    if status == 429:
        return LaneUnavailable(f"HTTP 429 rate limited: {text}", retry_after=retry_after, **where)
    if status >= 500 or status in (408, 409):
        return LaneUnavailable(f"HTTP {status}: {text}", retry_after=retry_after, **where)
    return BadLaneRequest(f"HTTP {status}: {text}", **where)


def _retry_after(response: Any) -> float | None:
    value = getattr(response, "headers", {}).get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _text_of(exc: BaseException) -> str:
    """The error's message, and the server's error body when it sent one."""
    parts = [str(exc)]
    body = getattr(exc, "body", None)
    if body:
        parts.append(json.dumps(body) if not isinstance(body, str) else body)
    return " ".join(p for p in parts if p).strip()
