"""The taxonomy mapping, fed the real exception classes and real servers' wording."""

from __future__ import annotations

import json

import httpx
import httpx2
import openai
import pytest

from lanes.calls.classify import classify
from lanes.core.errors import BadLaneRequest, ContextOverflow, LaneOutOfMemory, LaneUnavailable

URL = "http://127.0.0.1:8000/v1/chat/completions"
WHERE = {"lane": "coder", "endpoint": "http://127.0.0.1:8000/v1", "model": "qwen"}


def status_error(status: int, message: str, headers: dict[str, str] | None = None):
    request = httpx2.Request("POST", URL)
    body = {"error": {"message": message, "type": "BadRequestError", "code": status}}
    response = httpx2.Response(status, request=request, json=body, headers=headers or {})
    cls = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        404: openai.NotFoundError,
        422: openai.UnprocessableEntityError,
        429: openai.RateLimitError,
    }.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return cls(message, response=response, body=body["error"])


VLLM_CONTEXT = (
    "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens "
    "(4000 in the messages, 1000 in the completion). Please reduce the length of the messages "
    "or completion."
)
LLAMA_SERVER_CONTEXT = "the request exceeds the available context size, try increasing it"
VLLM_OOM = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB"
HIP_OOM = "HIP out of memory. Tried to allocate 1.50 GiB (GPU 0; 96.00 GiB total capacity)"
LLAMA_OOM = "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 8192.00 MiB on device 0: cudaMalloc failed: out of memory"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (status_error(500, "Internal Server Error"), LaneUnavailable),
        (status_error(503, "Service Unavailable"), LaneUnavailable),
        (status_error(429, "Too Many Requests", {"retry-after": "7"}), LaneUnavailable),
        (status_error(400, VLLM_CONTEXT), ContextOverflow),
        (status_error(400, LLAMA_SERVER_CONTEXT), ContextOverflow),
        (status_error(500, VLLM_OOM), LaneOutOfMemory),
        (status_error(500, HIP_OOM), LaneOutOfMemory),
        (status_error(500, LLAMA_OOM), LaneOutOfMemory),
        (status_error(401, "Incorrect API key provided"), BadLaneRequest),
        (status_error(404, "The model `qwen` does not exist."), BadLaneRequest),
        (status_error(422, "Field required: messages"), BadLaneRequest),
        (status_error(400, "temperature must be between 0 and 2"), BadLaneRequest),
        (openai.APIConnectionError(request=httpx2.Request("POST", URL)), LaneUnavailable),
        (openai.APITimeoutError(request=httpx2.Request("POST", URL)), LaneUnavailable),
        (httpx.ConnectError("[Errno 111] Connection refused"), LaneUnavailable),
        (httpx.ReadTimeout("timed out"), LaneUnavailable),
        (
            httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            ),
            LaneUnavailable,
        ),
        (ConnectionResetError(104, "Connection reset by peer"), LaneUnavailable),
        (json.JSONDecodeError("Expecting value", "<html>", 0), LaneUnavailable),
        (ValueError("Requested tokens (9000) exceed context window of 8192"), ContextOverflow),
        (RuntimeError("llama_decode returned -3"), LaneOutOfMemory),
        (MemoryError(), LaneOutOfMemory),
        (ValueError("No generation chunks were returned"), LaneUnavailable),
    ],
)
def test_backend_errors_map_to_the_taxonomy(exc, kind):
    error = classify(exc, **WHERE)
    assert type(error) is kind
    assert (error.lane, error.endpoint, error.model) == (
        "coder",
        "http://127.0.0.1:8000/v1",
        "qwen",
    )


def test_429_keeps_retry_after():
    error = classify(status_error(429, "slow down", {"retry-after": "7"}), **WHERE)
    assert isinstance(error, LaneUnavailable) and error.retry_after == 7.0


def test_bugs_are_not_lane_failures():
    assert classify(KeyError("steps")) is None
    assert classify(ValueError("invalid literal for int()")) is None
    assert classify(TypeError("unsupported operand")) is None


def test_messages_name_lane_endpoint_and_model_but_never_the_key():
    error = classify(status_error(401, "Incorrect API key provided"), **WHERE)
    assert str(error).startswith("coder lane (qwen at http://127.0.0.1:8000/v1): HTTP 401")
    assert "sk-" not in str(error)
