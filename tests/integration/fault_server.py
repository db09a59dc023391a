"""An OpenAI-compatible server that fails on purpose, one failure per URL prefix.

``/{mode}/v1/chat/completions`` answers according to ``mode``:

ok, slow (ok after 8 s), 500, 429 (Retry-After: 2), hang, ctx (vLLM's context-length 400), oom-vllm and
oom-llamacpp (their 500s), malformed (a 200 that is not JSON), cut (a stream cut after
its first chunk), length and filtered (a reply that ends early: ``finish_reason`` length,
or content_filter). A request with a ``response_format`` is answered with JSON
(``{"text": ...}``). Every request is counted per mode at ``/{mode}/count``.

Run: ``python -m uvicorn tests.integration.fault_server:app --port N``
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

VLLM_CONTEXT = (
    "This model's maximum context length is 4096 tokens. However, you requested 9000 tokens "
    "(8000 in the messages, 1000 in the completion). Please reduce the length of the "
    "messages or completion."
)
VLLM_OOM = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB."
LLAMACPP_OOM = "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 8192.00 MiB on device 0: cudaMalloc failed: out of memory"
REPLY = "Fallback reply from the fault server."

SLOW_S = 8
counts: Counter[str] = Counter()


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    body = {"error": {"message": message, "type": "server_error", "code": status}}
    return JSONResponse(body, status_code=status, headers=headers)


def _completion(text: str, finish: str = "stop") -> dict[str, object]:
    return {
        "id": "cmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fault",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18},
    }


def _chunk(text: str | None, finish: str | None = None, usage: bool = False) -> bytes:
    choices = (
        []
        if usage
        else [{"index": 0, "delta": {"content": text} if text else {}, "finish_reason": finish}]
    )
    body: dict[str, object] = {
        "id": "cmpl-fault",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fault",
        "choices": choices,
    }
    if usage:
        body["usage"] = {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18}
    return f"data: {json.dumps(body)}\n\n".encode()


EARLY_STOPS = {"length": "length", "filtered": "content_filter"}


async def _stream(cut: bool, stop: str | None = None) -> AsyncIterator[bytes]:
    yield _chunk("Partial ")
    if cut:
        await asyncio.sleep(0.05)
        raise ConnectionError("cut on purpose")  # uvicorn drops the connection mid-body
    if stop is not None:
        yield _chunk(None, finish=stop)
        yield b"data: [DONE]\n\n"
        return
    yield _chunk("answer.")
    yield _chunk(None, finish="stop")
    yield _chunk(None, usage=True)
    yield b"data: [DONE]\n\n"


async def chat(request: Request) -> Response:
    mode = request.path_params["mode"]
    counts[mode] += 1
    body = await request.json()
    streaming = bool(body.get("stream"))
    if mode == "500":
        return _error(500, "Internal Server Error")
    if mode == "429":
        return _error(429, "Rate limit reached", **{"Retry-After": "2"})
    if mode == "hang":
        await asyncio.sleep(3600)
    if mode == "slow":  # answers as ok does, after SLOW_S
        await asyncio.sleep(SLOW_S)
    if mode == "ctx":
        return _error(400, VLLM_CONTEXT)
    if mode == "oom-vllm":
        return _error(500, VLLM_OOM)
    if mode == "oom-llamacpp":
        return _error(500, LLAMACPP_OOM)
    if mode == "malformed":
        return Response("{this is not json", media_type="application/json")
    if mode == "null-choices":  # valid JSON, not a completion
        return JSONResponse({"id": "x", "object": "chat.completion", "choices": None})
    if mode == "echo-auth":  # a careless proxy echoing the request's headers in its 401
        auth = request.headers.get("authorization", "")
        return _error(401, f"invalid credentials: Authorization: {auth}; api_key={auth[7:]}")
    stop = EARLY_STOPS.get(mode)
    if streaming:
        return StreamingResponse(
            _stream(cut=mode == "cut", stop=stop), media_type="text/event-stream"
        )
    if stop is not None:  # cut mid-JSON, or withheld
        return JSONResponse(_completion('{"text": "Hel' if stop == "length" else "", stop))
    if body.get("response_format"):
        return JSONResponse(_completion(json.dumps({"text": REPLY})))
    return JSONResponse(_completion(REPLY))


async def models(request: Request) -> Response:
    return JSONResponse({"object": "list", "data": [{"id": "fault", "object": "model"}]})


async def count(request: Request) -> Response:
    return JSONResponse({"count": counts[request.path_params["mode"]]})


app = Starlette(
    routes=[
        Route("/{mode}/v1/chat/completions", chat, methods=["POST"]),
        Route("/{mode}/v1/models", models),
        Route("/{mode}/count", count),
    ]
)
