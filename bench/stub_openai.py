"""A loopback OpenAI-compatible stub that answers every chat completion after a fixed delay.

Run: ``python -m uvicorn bench.stub_openai:app`` with ``STUB_DELAY_MS`` (default 20). It
streams when asked (``stream: true``, as lanes call) and answers in one body otherwise
(as LiteLLM and a plain ``ChatOpenAI.ainvoke`` do), so every case pays the same delay.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

DELAY_S = float(os.environ.get("STUB_DELAY_MS", "20")) / 1000
TEXT = "Noted: the sprint plan is drafted."
USAGE = {"prompt_tokens": 12, "completion_tokens": 8, "total_tokens": 20}


def _chunk(delta: dict[str, str], finish: str | None = None, usage: bool = False) -> bytes:
    body: dict[str, object] = {
        "id": "stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "stub",
        "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage:
        body["usage"] = USAGE
    return f"data: {json.dumps(body)}\n\n".encode()


async def _stream() -> AsyncIterator[bytes]:
    yield _chunk({"role": "assistant", "content": TEXT})
    yield _chunk({}, finish="stop")
    yield _chunk({}, usage=True)
    yield b"data: [DONE]\n\n"


async def chat(request: Request) -> Response:
    body = await request.json()
    await asyncio.sleep(DELAY_S)
    if body.get("stream"):
        return StreamingResponse(_stream(), media_type="text/event-stream")
    return JSONResponse(
        {
            "id": "stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": TEXT},
                    "finish_reason": "stop",
                }
            ],
            "usage": USAGE,
        }
    )


async def models(request: Request) -> Response:
    return JSONResponse({"object": "list", "data": [{"id": "stub", "object": "model"}]})


app = Starlette(
    routes=[
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/models", models),
    ]
)
