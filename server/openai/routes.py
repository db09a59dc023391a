"""``GET /v1/models`` and ``POST /v1/chat/completions`` (FastAPI, so the engines authenticate them).

Which lanes served, how the request was routed and the fallbacks are in the headers
(``x-cortex-lanes``, ``x-cortex-route``, ``x-cortex-fallbacks`` (not on a stream: they
are known at its end), ``x-cortex-thread``), never in the content. ``stream: true``
answers with OpenAI's chunks and ``[DONE]``: text the run writes for the answer is sent as
it is written (``server.openai.turn.LiveAnswer``); an answer made by rules or checked by a
lane before it is one arrives at the end, in pieces.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from lanes.core.bounded_read import UnreadableInput, loads_json
from lanes.core.caller import ProjectNotAllowed, field, first_project, may_use
from lanes.core.errors import (
    AllLanesFailed,
    ConfigError,
    ContextOverflow,
    CortexError,
    LaneUnavailable,
)
from server.openai.catalogue import MODELS, model_named
from server.openai.client_gone import ClientGone, each_unless_gone, unless_gone
from server.openai.errors import OpenAIError
from server.openai.request import ChatRequest, parse
from server.openai.turn import LiveAnswer, Turn, turn_events
from stores.projects import DEFAULT_PROJECT, InvalidProjectName, check_project

logger = logging.getLogger(__name__)
PIECE_WORDS = 8  # words per streamed chunk
TOO_LONG = "context_length_exceeded"  # OpenAI's code, which clients look for


async def list_models() -> JSONResponse:
    """``cortex`` and one model per lane."""
    return JSONResponse({"object": "list", "data": [m.card() for m in MODELS.values()]})


def _body(raw: bytes) -> object:
    """The request body's JSON, in any encoding JSON allows; too deep is refused."""
    text = raw.decode(json.detect_encoding(raw), "replace") if raw else "null"
    try:
        return loads_json(text, what="the request body")
    except UnreadableInput as exc:
        raise OpenAIError(400, str(exc)) from None


async def chat_completions(request: Request) -> Response:
    """One turn of the conversation in ``messages``."""
    try:
        body = _body(await request.body())
        chat = parse(body)
        model = model_named(chat.model)
        conversation = chat.conversation()
        user = request.scope.get("user")
        project = _project(chat, user)
        live = LiveAnswer(model)
        events = turn_events(
            model, conversation, project, live, sampling=chat.sampling(), user=_caller(user)
        )
        # The first event is the answer's first words, or the whole turn: a failure
        # before either is an HTTP error, not a broken stream.
        first = await unless_gone(request, anext(events))
    except ClientGone:
        return _gone(live.thread_id)
    except OpenAIError as exc:
        return exc.response()
    except Exception as exc:  # noqa: BLE001 - every failure is an OpenAI-shaped answer
        return _failure(exc).response()
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if chat.stream:
        return StreamingResponse(
            _chunks(completion_id, chat, first, _watched(request, events, live.thread_id)),
            media_type="text/event-stream",
            headers=_headers(live.route, live.thread_id, project),
        )
    try:
        turn = await unless_gone(request, _last(first, events))
    except ClientGone:
        return _gone(live.thread_id)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc).response()
    headers = _headers(turn.route, turn.thread_id, project, turn.fallbacks)
    return JSONResponse(_completion(completion_id, chat.model, turn), headers=headers)


async def _last(first: str | Turn, events: AsyncIterator[str | Turn]) -> Turn:
    """The turn that ends ``events`` (the text before it is not streamed here)."""
    last = first
    async for event in events:
        last = event
    assert isinstance(last, Turn)
    return last


async def _watched(
    request: Request, events: AsyncIterator[str | Turn], thread_id: str
) -> AsyncIterator[str | Turn]:
    """``events`` until the client goes away; then the turn is cancelled and they end."""
    try:
        async for event in each_unless_gone(request, events):
            yield event
    except ClientGone:
        _gone(thread_id)


def _gone(thread_id: str) -> Response:
    """What a turn whose client went away answers: nobody reads it; the log says so."""
    logger.info("the client went away: turn %s stopped", thread_id)
    return Response(status_code=499)  # nginx's "client closed request", for access logs


def _project(chat: ChatRequest, user: Any) -> str:
    """The request's project, checked: one the caller may use."""
    name = chat.project  # "" is a name, and refused as one; only a missing one defaults
    if name is None:
        name = first_project(user) or DEFAULT_PROJECT
    try:
        check_project(name)
    except InvalidProjectName as exc:
        raise OpenAIError(400, str(exc), param="project") from None
    if user is not None and not may_use(user, name):
        raise OpenAIError(403, str(ProjectNotAllowed(name)), param="project")
    return name


def _caller(user: Any) -> Any:
    """The caller as runs see it (``langgraph_auth_user``), for the graph's own check."""
    if user is None:
        return None
    return {
        "identity": field(user, "identity", ""),
        "role": field(user, "role"),
        "projects": list(field(user, "projects") or []),
    }


def _failure(exc: BaseException) -> OpenAIError:
    """What a failed turn is to the client: busy, down, too long, or refused."""
    if isinstance(exc, AllLanesFailed):
        errors = [error for _, error in exc.failures]
        if errors and all(isinstance(e, ContextOverflow) for e in errors):
            return OpenAIError(
                413, f"the conversation is too long: {exc}", code="context_length_exceeded"
            )
        busy = [e for e in errors if isinstance(e, LaneUnavailable) and e.busy]
        if errors and len(busy) == len(errors):
            waits = [e.retry_after for e in busy if e.retry_after]
            return OpenAIError(429, f"every lane is busy: {exc}", retry_after=min(waits, default=2))
        return OpenAIError(503, f"every lane failed: {exc}", retry_after=5)
    if isinstance(exc, ContextOverflow):
        return OpenAIError(413, str(exc), code=TOO_LONG)
    if isinstance(exc, ProjectNotAllowed):
        return OpenAIError(403, str(exc), param="project")
    if isinstance(exc, ConfigError):
        return OpenAIError(503, f"the server is misconfigured: {exc}")
    if isinstance(exc, CortexError):
        return OpenAIError(500, str(exc))
    logger.exception("chat completion failed")
    return OpenAIError(500, f"the turn failed: {type(exc).__name__} (see the server log)")


def _headers(
    route: dict[str, Any], thread_id: str, project: str, fallbacks: list[str] | None = None
) -> dict[str, str]:
    headers = {
        "x-cortex-lanes": ",".join(route.get("lanes") or []),
        "x-cortex-route": str(route.get("method") or ""),
        "x-cortex-thread": thread_id,
        "x-cortex-project": project,
    }
    if fallbacks is not None:  # known at the end: a stream's trace has them
        headers["x-cortex-fallbacks"] = ",".join(fallbacks)
    return headers


def _usage(turn: Turn) -> dict[str, int]:
    return {
        "prompt_tokens": turn.prompt_tokens,
        "completion_tokens": turn.completion_tokens,
        "total_tokens": turn.prompt_tokens + turn.completion_tokens,
    }


def _completion(completion_id: str, model: str, turn: Turn) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": turn.answer},
                "finish_reason": turn.finish_reason,
            }
        ],
        "usage": _usage(turn),
    }


async def _chunks(
    completion_id: str,
    chat: ChatRequest,
    first: str | Turn,
    events: AsyncIterator[str | Turn],
) -> AsyncIterator[bytes]:
    """OpenAI's chunks: the answer's text as the run writes it, then how it ended."""
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": chat.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body)}\n\n".encode()

    yield chunk({"role": "assistant", "content": ""})
    event = first
    try:
        while not isinstance(event, Turn):
            yield chunk({"content": event})
            event = await anext(events)
    except StopAsyncIteration:
        return  # the client went away (``_watched``): nobody reads the rest
    except Exception as exc:  # noqa: BLE001 - the stream has started: end it with the error
        error = _failure(exc)
        failed = {"error": {"message": error.message, "type": "server_error", "code": error.status}}
        yield f"data: {json.dumps(failed)}\n\n".encode()
        yield b"data: [DONE]\n\n"
        return
    turn = event
    if not turn.streamed:  # nothing was written live (rules, a lane's checked answer)
        words = turn.answer.split(" ")
        for start in range(0, len(words), PIECE_WORDS):
            piece = " ".join(words[start : start + PIECE_WORDS])
            yield chunk({"content": piece if start == 0 else " " + piece})
    yield chunk({}, finish=turn.finish_reason)
    if (chat.stream_options or {}).get("include_usage"):
        usage = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                 "model": chat.model, "choices": [], "usage": _usage(turn)}  # fmt: skip
        yield f"data: {json.dumps(usage)}\n\n".encode()
    yield b"data: [DONE]\n\n"


# (path, endpoint, methods): added to the app one by one, since langgraph dev's route
# authentication cannot wrap a FastAPI router included whole.
ROUTES = (
    ("/v1/models", list_models, ["GET"]),
    ("/v1/chat/completions", chat_completions, ["POST"]),
)
