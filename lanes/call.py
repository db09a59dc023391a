"""Call a lane's model and record the call in the trace."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from lanes.factory import build_chat_model
from lanes.lane import Lane
from lanes.resolve import LaneTable, resolve_lane
from lanes.resolved import ResolvedLane
from lanes.structured import Schema
from lanes.trace import TraceEntry


@dataclass(frozen=True)
class LaneCall:
    """What a lane returned (a message, or the parsed object) and its trace entry."""

    output: Any
    trace: TraceEntry


async def call_lane(
    lane: Lane,
    messages: Sequence[BaseMessage],
    *,
    schema: Schema | None = None,
    table: LaneTable | None = None,
    fallback_from: Lane | None = None,
    attempt: int = 1,
) -> LaneCall:
    """Run ``messages`` on ``lane``'s model; with ``schema``, return the parsed object.

    Errors propagate unchanged (mapping them to lane errors and falling back is the
    resilience layer's job).
    """
    # Resolution may read .env and building may assemble the embedded model: file
    # I/O that must not run on the event loop.
    resolved, model = await asyncio.to_thread(_prepare, lane, table, fallback_from)
    runnable = model.with_structured_output(schema, include_raw=True) if schema else model
    entry = TraceEntry(
        lane=lane.value,
        backend=resolved.backend.value,
        model=resolved.model,
        fallback_from=fallback_from.value if fallback_from else None,
        attempt=attempt,
        latency_ms=0.0,
        prompt_tokens=None,
        completion_tokens=None,
        error=None,
    )
    started = time.perf_counter()
    result: Any = await runnable.ainvoke(list(messages))
    entry["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    raw = result["raw"] if schema else result
    if schema and result.get("parsing_error") is not None:
        raise result["parsing_error"]
    usage = raw.usage_metadata if isinstance(raw, AIMessage) else None
    if usage:
        entry["prompt_tokens"] = usage.get("input_tokens")
        entry["completion_tokens"] = usage.get("output_tokens")
    return LaneCall(output=result["parsed"] if schema else raw, trace=entry)


def _prepare(
    lane: Lane, table: LaneTable | None, fallback_from: Lane | None
) -> tuple[ResolvedLane, BaseChatModel]:
    resolved = resolve_lane(lane, table)
    return resolved, build_chat_model(resolved, fallback_from=fallback_from)
