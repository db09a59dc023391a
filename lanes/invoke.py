"""One model call: structured in one piece, plain calls streamed with first-token semantics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage

from lanes.failures import classify
from lanes.structured import Schema

INCOMPLETE = "\n\n[incomplete answer: the {lane} lane's stream was cut off: {error}]"


async def invoke(
    model: BaseChatModel, messages: Sequence[BaseMessage], schema: Schema | None
) -> tuple[Any, dict[str, Any] | None, str | None]:
    """(output, usage, why the stream was cut or None). Streams plain calls token by token.

    A failure before the first token is raised (the work can move to another lane); after
    it, the partial answer is returned, marked incomplete, since tokens already reached
    the user.
    """
    if schema is not None:
        structured = model.with_structured_output(schema, include_raw=True)
        result: Any = await structured.ainvoke(list(messages))
        if result.get("parsing_error") is not None:
            raise result["parsing_error"]
        raw = result["raw"]
        return result["parsed"], getattr(raw, "usage_metadata", None), None
    message: AIMessageChunk | None = None
    try:
        async for chunk in model.astream(list(messages)):
            message = chunk if message is None else message + chunk
    except Exception as exc:
        if message is None or not message.content or classify(exc) is None:
            raise
        lane = (model.metadata or {}).get("lane", "?")
        cut = f"{type(exc).__name__}: {exc}"
        text = f"{message.content}{INCOMPLETE.format(lane=lane, error=cut)}"
        return AIMessage(text), _usage(message), cut
    if message is None:
        return AIMessage(""), None, None
    return (
        AIMessage(message.content, usage_metadata=message.usage_metadata),
        _usage(message),
        None,
    )


def _usage(message: AIMessageChunk) -> dict[str, Any] | None:
    return dict(message.usage_metadata) if message.usage_metadata else None
