"""One model call: structured in one piece, plain calls streamed with first-token semantics."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.runnables import Runnable
from langgraph.constants import TAG_NOSTREAM
from pydantic import BaseModel, ValidationError

from lanes.backends.reasoning import without_reasoning
from lanes.backends.structured_output import (
    DialectMemory,
    Schema,
    is_dialect_rejection,
    schema_title,
    structured_runnable,
    titled,
)
from lanes.calls.classify import classify
from lanes.core.errors import InvalidModelOutput, LaneUnavailable

# What a client library raises when a 200 response is not the shape it expects: the
# code between the model call and us is the library's, so these mean a bad response.
_MALFORMED = (TypeError, KeyError, AttributeError, IndexError)

CUT_OFF = "the reply was cut off at the token limit (raise ARGOS_LANE_{lane}_MAX_TOKENS)"
FILTERED = "the reply was stopped by the server's content filter"
_EARLY_STOPS = ("length", "content_filter")
INCOMPLETE = "\n\n[incomplete answer: the {lane} lane's stream was cut off: {error}]"


@dataclass(frozen=True)
class Reply:
    """A model call's output (a message, or the parsed object) and how it went."""

    output: Any
    usage: dict[str, Any] | None
    cut: str | None  # why a stream was cut after its first token, if it was
    dialect: str | None = None  # how structured output was asked for
    stopped: str | None = None  # a whole reply's early finish (length, content_filter)
    first_token_s: float | None = None  # a streamed reply: seconds to its first token


async def invoke(
    model: BaseChatModel,
    messages: Sequence[BaseMessage],
    schema: Schema | None,
    parse_as: type[BaseModel] | None = None,
    dialects: DialectMemory | None = None,
    *,
    sampling: Mapping[str, Any] | None = None,
) -> Reply:
    """One call. Streams plain calls token by token.

    ``dialects`` remembers which structured-output dialect each endpoint speaks;
    ``sampling`` (a client's ``temperature``, ``max_tokens``) is bound to a plain call.

    A failure before the first token is raised (the work can move to another lane); after
    it, the partial answer is returned, marked incomplete, since tokens already reached
    the user.
    """
    if schema is not None:
        parsed, usage, dialect = await _structured(
            model, messages, schema, dialects or DialectMemory()
        )
        if parse_as is None:
            return Reply(parsed, usage, None, dialect)
        try:
            return Reply(parse_as.model_validate(parsed), usage, None, dialect)
        except ValidationError as exc:
            raise _invalid(model, schema, _first_problem(exc)) from None
    message: AIMessageChunk | None = None
    started, first = time.perf_counter(), None
    try:
        streaming: Runnable[Any, Any] = model.bind(**sampling) if sampling else model
        async for chunk in streaming.astream(list(messages)):
            message = chunk if message is None else message + chunk
            if first is None and chunk.content:
                first = time.perf_counter() - started
    except _MALFORMED as exc:
        raise _malformed(model, exc) from exc
    except Exception as exc:
        if message is None or not message.content or classify(exc) is None:
            raise
        lane = (model.metadata or {}).get("lane", "?")
        cut = f"{type(exc).__name__}: {exc}"
        text = f"{message.content}{INCOMPLETE.format(lane=lane, error=cut)}"
        return Reply(AIMessage(text), _usage(message), cut, first_token_s=first)
    if message is None:
        return Reply(AIMessage(""), None, None)
    if isinstance(message.content, str) and "think>" in message.content.lower():
        message = message.model_copy(update={"content": without_reasoning(message.content)})
    stop = (message.response_metadata or {}).get("finish_reason")
    if stop in _EARLY_STOPS and message.content:
        # Cut at the token limit or by a filter after its tokens reached the user: like a
        # stream cut short, the text is kept; the trace says how it ended (``stopped``),
        # and a structured reply, which cannot be used cut, falls back instead.
        answer = AIMessage(message.content, usage_metadata=message.usage_metadata, id=message.id)
        return Reply(answer, _usage(message), None, stopped=stop, first_token_s=first)
    if stop in _EARLY_STOPS:
        raise InvalidModelOutput(_stop_reason(model, stop), **_where(model))
    # The streamed message's id stays: a chat client has seen this message already.
    whole = AIMessage(message.content, usage_metadata=message.usage_metadata, id=message.id)
    return Reply(whole, _usage(message), None, first_token_s=first)


async def _structured(
    model: BaseChatModel, messages: Sequence[BaseMessage], schema: Schema, dialects: DialectMemory
) -> tuple[Any, dict[str, Any] | None, str]:
    """(parsed object, usage, dialect); a reply that does not parse is ``InvalidModelOutput``.

    Plain OpenAI-compatible endpoints negotiate their dialect
    (:mod:`lanes.backends.structured_output`); in-process models and llama.cpp-server
    lanes speak a known one.
    """
    endpoint = _negotiable_endpoint(model)
    if endpoint is None:
        runnable = model.with_structured_output(titled(schema), include_raw=True)
        return (*await _parsed(model, schema, runnable, messages), "native")
    import openai  # noqa: PLC0415 - a negotiable endpoint is a server the SDK already talks to

    tried = dialects.dialects_for(endpoint)
    for dialect in tried:
        try:
            parsed, usage = await _parsed(
                model, schema, structured_runnable(model, schema, dialect), messages
            )
        except openai.APIStatusError as exc:
            if dialect != tried[-1] and is_dialect_rejection(exc):
                continue  # a healthy server that speaks another dialect: no breaker count
            raise
        dialects.remember(endpoint, dialect)
        return parsed, usage, dialect
    raise AssertionError("unreachable: the last dialect returns or raises")


async def _parsed(
    model: BaseChatModel,
    schema: Schema,
    runnable: Runnable[Any, Any],
    messages: Sequence[BaseMessage],
) -> tuple[Any, dict[str, Any] | None]:
    try:
        # Never streamed to a chat client (LangGraph's "messages" mode skips "nostream"
        # runs): a structured reply is JSON for the graph, not text for people.
        quiet = runnable.with_config(tags=[TAG_NOSTREAM])
        result: Any = await quiet.ainvoke(list(messages))
    except _MALFORMED as exc:
        raise _malformed(model, exc) from exc
    except OutputParserException as exc:
        raise _invalid(model, schema, exc) from exc
    except ValidationError as exc:  # the OpenAI SDK validates a pydantic schema's reply itself
        raise _invalid(model, schema, _first_problem(exc)) from exc
    except Exception as exc:
        stop = _stopped_early(exc)
        if stop is None:
            raise
        raise _invalid(model, schema, _stop_reason(model, stop)) from exc
    if result.get("parsing_error") is not None:
        why = str(result["parsing_error"]).splitlines()[0][:300]
        finish = (getattr(result.get("raw"), "response_metadata", None) or {}).get("finish_reason")
        if finish in _EARLY_STOPS:
            why = f"{_stop_reason(model, finish)}: {why}"
        raise _invalid(model, schema, why) from result["parsing_error"]
    if result.get("parsed") is None:
        raise _invalid(model, schema, "the reply held no JSON object")
    return result["parsed"], getattr(result["raw"], "usage_metadata", None)


def _stopped_early(exc: BaseException) -> str | None:
    """``length`` or ``content_filter`` when the OpenAI SDK refused a reply for that."""
    openai = sys.modules.get("openai")  # only a lane on an OpenAI-compatible server raises these
    if openai is None:
        return None
    if isinstance(exc, openai.LengthFinishReasonError):
        return "length"
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return "content_filter"
    return None


def _stop_reason(model: BaseChatModel, stop: str) -> str:
    if stop == "content_filter":
        return FILTERED
    lane = str((model.metadata or {}).get("lane", "<lane>")).upper()
    return CUT_OFF.format(lane=lane)


def _negotiable_endpoint(model: BaseChatModel) -> str | None:
    """The base URL of a plain OpenAI-compatible model, whose dialect is not known."""
    # Imported here: langchain_openai is heavy, and a process on in-process lanes never needs it.
    from langchain_openai import ChatOpenAI

    from lanes.backends.llama_server_chat import LlamaServerChatOpenAI

    if isinstance(model, ChatOpenAI) and not isinstance(model, LlamaServerChatOpenAI):
        return str(model.openai_api_base or "")
    return None


def _invalid(model: BaseChatModel, schema: Schema, why: object) -> InvalidModelOutput:
    reason = str(why).splitlines()[0][:300] if str(why) else type(why).__name__
    return InvalidModelOutput(
        f"the reply is not valid {schema_title(schema)} JSON: {reason}", **_where(model)
    )


def _first_problem(exc: ValidationError) -> str:
    """Where a reply first fails its schema, and how: ``field.sub: Field required``."""
    problem = exc.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "reply"
    return f"{where}: {problem['msg']}"


def _malformed(model: BaseChatModel, exc: BaseException) -> LaneUnavailable:
    """A response the client library could not take apart (e.g. ``choices: null``)."""
    return LaneUnavailable(f"malformed response: {type(exc).__name__}: {exc}", **_where(model))


def _where(model: BaseChatModel) -> dict[str, Any]:
    meta = model.metadata or {}
    return {"lane": meta.get("lane", "?"), "model": meta.get("model")}


def _usage(message: AIMessageChunk) -> dict[str, Any] | None:
    return dict(message.usage_metadata) if message.usage_metadata else None
