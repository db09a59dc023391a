"""Call a lane's model: choose the lane, guard the call, classify failures, trace it all.

Inside a graph node, a failure raises a lane error for the node's ``LANE_FALLBACK``
retry policy, and the next run of the node lands on the next viable lane (see
:mod:`lanes.failover`). Outside a graph there is no retry: the lane error is raised.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langgraph.config import get_config
from langgraph.runtime import get_runtime
from pydantic import BaseModel

from lanes.breaker import CircuitBreaker, breaker_for
from lanes.burst import gate_for
from lanes.errors import (
    AllLanesFailed,
    BadLaneRequest,
    LaneError,
    LaneOutOfMemory,
    LaneUnavailable,
)
from lanes.factory import build_chat_model
from lanes.failover import Attempt, ledger, next_lane, remaining
from lanes.failures import classify
from lanes.invoke import invoke
from lanes.lane import Lane
from lanes.limiter import limiter_for
from lanes.precheck import check_fits
from lanes.resolve import LaneTable, lane_table
from lanes.resolved import ResolvedLane
from lanes.structured import Schema
from lanes.trace import TraceEntry


@dataclass(frozen=True)
class LaneCall:
    """What a lane returned (a message, or the parsed object) and every attempt's trace."""

    output: Any
    trace: list[TraceEntry]


async def call_lane(
    lane: Lane,
    messages: Sequence[BaseMessage],
    *,
    schema: Schema | None = None,
    table: LaneTable | None = None,
    needs_tools: bool = False,
    fallback: bool = True,
    parse_as: type[BaseModel] | None = None,
) -> LaneCall:
    """Run ``messages`` on ``lane`` (or the lane standing in for it).

    ``parse_as`` validates a structured reply into that model; a reply that does not
    validate is an ``InvalidModelOutput`` and the work moves to the next lane.
    ``fallback=False`` makes one attempt and raises its lane error, for optional work
    the caller can do without (the planner: the router's plan stands in for it).

    Raises:
        LaneUnavailable | ContextOverflow | LaneOutOfMemory: this attempt failed and
            another lane remains (the node's retry policy moves on to it).
        BadLaneRequest: the request itself was rejected; never retried.
        AllLanesFailed: no lane is left; the message lists each lane's error.

    """
    if table is None:
        table = await asyncio.to_thread(lane_table)
    task_id = _task_id() if fallback else None
    failed = ledger.failed(task_id) if task_id else []
    chosen = next_lane(lane, failed, table, table.breaker_policy, needs_tools=needs_tools)
    if chosen is None:
        _give_up(lane, task_id, failed)
    assert table is not None
    resolved = table[chosen]
    entry = _entry(resolved, lane, attempt=len(failed) + 1)
    where = {"lane": chosen.value, "endpoint": resolved.endpoint, "model": resolved.model}
    breaker = breaker_for(resolved.endpoint, table.breaker_policy)
    started = time.perf_counter()
    try:
        # HTTP models are built on the loop (their async client belongs to it); the
        # in-process one may assemble the embedded model: file I/O, so off the loop.
        if resolved.in_process:
            model = await asyncio.to_thread(_build, resolved, lane)
        else:
            model = _build(resolved, lane)
        entry["prompt_tokens"] = await asyncio.to_thread(check_fits, resolved, messages, **where)
        async with limiter_for(resolved).slot(resolved), gate_for(resolved.endpoint).shared():
            reply = await invoke(model, messages, schema, parse_as)
        output, usage, cut = reply.output, reply.usage, reply.cut
    except Exception as exc:
        error = classify(exc, **where)
        if error is None:
            raise
        entry["latency_ms"] = _ms(started)
        entry["error"] = f"{type(error).__name__}: {error.detail}"
        _record_failure(breaker, error)
        if isinstance(error, BadLaneRequest) or task_id is None:
            if task_id:
                ledger.pop(task_id)
            raise error from exc
        ledger.add(task_id, Attempt(chosen, entry, error))
        if not remaining(lane, ledger.failed(task_id), table, needs_tools=needs_tools):
            _give_up(lane, task_id, ledger.failed(task_id))
        raise error from exc
    entry["latency_ms"] = _ms(started)
    if reply.dialect:
        entry["dialect"] = reply.dialect
    if usage:
        entry["prompt_tokens"] = usage.get("input_tokens", entry["prompt_tokens"])
        entry["completion_tokens"] = usage.get("output_tokens")
    if cut is not None:
        entry["error"] = f"IncompleteAnswer: {cut}"
        breaker.record_failure()
    else:
        breaker.record_success()
    history = [a.trace for a in ledger.pop(task_id)] if task_id else []
    return LaneCall(output=output, trace=[*history, entry])


def _record_failure(breaker: CircuitBreaker, error: LaneError) -> None:
    """Count what says the endpoint is unwell; OOM, hangs and Retry-After open it at once.

    A prompt that is too long, a rejected request, or our own full queue say nothing
    about the endpoint's health.
    """
    if isinstance(error, LaneOutOfMemory):
        breaker.record_failure(open_now=True)
    elif isinstance(error, LaneUnavailable) and not error.busy:
        # A Retry-After is the server saying how long to stay away: honour it exactly.
        told_to_wait = error.retry_after is not None
        breaker.record_failure(
            open_now=error.timed_out or told_to_wait, cooldown_s=error.retry_after
        )


def _give_up(primary: Lane, task_id: str | None, failed: list[Attempt]) -> NoReturn:
    if task_id:
        ledger.pop(task_id)
    raise AllLanesFailed(primary.value, [(a.lane.value, a.error) for a in failed])


def _build(resolved: ResolvedLane, primary: Lane) -> BaseChatModel:
    fallback_from = primary if resolved.lane is not primary else None
    return build_chat_model(resolved, fallback_from=fallback_from)


def _entry(resolved: ResolvedLane, primary: Lane, *, attempt: int) -> TraceEntry:
    return TraceEntry(
        lane=resolved.lane.value,
        backend=resolved.backend.value,
        model=resolved.model,
        fallback_from=primary.value if resolved.lane is not primary else None,
        attempt=attempt,
        latency_ms=0.0,
        prompt_tokens=None,
        completion_tokens=None,
        error=None,
    )


def _task_id() -> str | None:
    """The running graph task's id (stable across its retries), or None outside a graph."""
    try:
        get_config()
        info = get_runtime().execution_info
    except (RuntimeError, KeyError, AttributeError):
        return None
    return info.task_id if info is not None else None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
