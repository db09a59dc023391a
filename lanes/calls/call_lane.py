"""Call a lane's model: choose the lane, guard the call, classify failures, trace it all.

Every attempt is reported (:mod:`lanes.telemetry.events`: a metric and a log line), and
so is every move to another lane.

Inside a graph node (given the task id), a failure raises a lane error for the node's
``LANE_FALLBACK`` retry policy, and the next run of the node lands on the next viable
lane (see :mod:`lanes.calls.failover`). Without a task id there is no retry: the lane error
is raised.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from lanes.backends.structured_output import Schema
from lanes.calls.classify import classify
from lanes.calls.failover import Attempt, next_lane, remaining
from lanes.calls.gateway import LaneGateway
from lanes.calls.invoke_model import invoke
from lanes.calls.precheck import check_fits
from lanes.config.lane_table import LaneTable
from lanes.config.resolved_lane import ResolvedLane
from lanes.core.errors import (
    AllLanesFailed,
    BadLaneRequest,
    LaneError,
    LaneOutOfMemory,
    LaneUnavailable,
)
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from lanes.endpoint.state import EndpointState
from lanes.telemetry import events


@dataclass(frozen=True)
class LaneCall:
    """What a lane returned (a message, or the parsed object) and every attempt's trace."""

    output: Any
    trace: list[TraceEntry]


async def call_lane(
    gateway: LaneGateway,
    lane: Lane,
    messages: Sequence[BaseMessage],
    *,
    task_id: str | None = None,
    schema: Schema | None = None,
    needs_tools: bool = False,
    fallback: bool = True,
    parse_as: type[BaseModel] | None = None,
    sampling: Mapping[str, Any] | None = None,
) -> LaneCall:
    """Run ``messages`` on ``lane`` (or the lane standing in for it) through ``gateway``.

    ``task_id`` is the graph task's id (stable across its retries); with it, a failed
    attempt is remembered so the retry goes to the next lane. ``parse_as`` validates a
    structured reply into that model; a reply that does not validate is an
    ``InvalidModelOutput`` and the work moves to the next lane. ``fallback=False``
    makes one attempt and raises its lane error, for optional work the caller can do
    without (the planner: the router's plan stands in for it). ``sampling``
    (``temperature``, ``max_tokens``) applies to a text reply, not a structured one.

    Raises:
        LaneUnavailable | ContextOverflow | LaneOutOfMemory: this attempt failed and
            another lane remains (the node's retry policy moves on to it).
        BadLaneRequest: the request itself was rejected; never retried.
        AllLanesFailed: no lane is left; the message lists each lane's error.

    """
    table = gateway.table
    ledger = gateway.attempts
    task = task_id if fallback else None
    failed = ledger.failed(task) if task else []
    chosen = await next_lane(lane, failed, table, gateway.state_of, needs_tools=needs_tools)
    if chosen is None:
        _give_up(gateway, lane, task, failed)
    if failed or chosen is not lane:
        _report_move(lane, chosen, failed, table, needs_tools=needs_tools)
    resolved = table[chosen]
    entry = _entry(resolved, lane, attempt=len(failed) + 1)
    where = {"lane": chosen.value, "endpoint": resolved.endpoint, "model": resolved.model}
    state = gateway.endpoint(resolved)
    started = time.perf_counter()
    try:
        model = await gateway.model(resolved, lane)
        if resolved.in_process:  # the model's own tokenizer: off the loop
            entry["prompt_tokens"] = await asyncio.to_thread(
                check_fits, resolved, messages, gateway.models, where
            )
        else:
            entry["prompt_tokens"] = check_fits(resolved, messages, None, where)
        async with state.guard(where) as outcome:
            reply = await invoke(
                model, messages, schema, parse_as, gateway.dialects, sampling=sampling
            )
            # A whole answer closes the breaker, in the same step that frees the slot.
            outcome.succeeded = reply.cut is None
        output, usage, cut = reply.output, reply.usage, reply.cut
    except Exception as exc:
        error = classify(exc, **where)
        entry["latency_ms"] = _ms(started)
        if error is None:
            events.lane_call(entry, resolved.endpoint, outcome="Unexpected")
            if task:
                ledger.pop(task)
            raise
        entry["error"] = f"{type(error).__name__}: {error.detail}"
        state.record(entry["latency_ms"], entry["error"])
        events.lane_call(entry, resolved.endpoint, outcome=type(error).__name__)
        if isinstance(error, LaneUnavailable) and error.busy:
            events.refused(resolved.endpoint, resolved.backend.value)
        await _record_failure(state, error)
        if isinstance(error, BadLaneRequest) or task is None:
            if task:
                ledger.pop(task)
            raise error from exc
        ledger.add(task, Attempt(chosen, entry, error))
        if not remaining(lane, ledger.failed(task), table, needs_tools=needs_tools):
            _give_up(gateway, lane, task, ledger.failed(task))
        raise error from exc
    except BaseException:  # cancelled: the task will not be retried
        entry["latency_ms"] = _ms(started)
        events.lane_call(entry, resolved.endpoint, outcome="Cancelled")
        if task:
            ledger.pop(task)
        raise
    entry["latency_ms"] = _ms(started)
    if reply.dialect:
        entry["dialect"] = reply.dialect
    if reply.stopped:  # a healthy endpoint's reply that ended early, kept and marked
        entry["stopped"] = reply.stopped
    if usage:
        entry["prompt_tokens"] = usage.get("input_tokens", entry["prompt_tokens"])
        entry["completion_tokens"] = usage.get("output_tokens")
    if reply.first_token_s is not None:
        entry["first_token_ms"] = round(reply.first_token_s * 1000, 1)
    if cut is not None:
        entry["error"] = f"IncompleteAnswer: {cut}"
        await state.record_failure()
    state.record(entry["latency_ms"], entry["error"])
    ended = "ok" if cut is None else "IncompleteAnswer"
    events.lane_call(entry, resolved.endpoint, outcome=ended, first_token_s=reply.first_token_s)
    history = [a.trace for a in ledger.pop(task)] if task else []
    return LaneCall(output=output, trace=[*history, entry])


async def _record_failure(state: EndpointState, error: LaneError) -> None:
    """Count what says the endpoint is unwell; OOM, hangs and Retry-After open it at once.

    A prompt that is too long, a rejected request, or our own full queue say nothing
    about the endpoint's health.
    """
    if isinstance(error, LaneOutOfMemory):
        await state.record_failure(open_now=True)
    elif isinstance(error, LaneUnavailable) and not error.busy:
        # A Retry-After is the server saying how long to stay away: honour it exactly.
        told_to_wait = error.retry_after is not None
        await state.record_failure(
            open_now=error.timed_out or told_to_wait, cooldown_s=error.retry_after
        )


def _report_move(
    primary: Lane, chosen: Lane, failed: list[Attempt], table: LaneTable, *, needs_tools: bool
) -> None:
    """Work left a lane: the last attempt failed, or the primary was passed over."""
    if failed:
        left, reason = failed[-1].lane, type(failed[-1].error).__name__
    else:
        left = primary
        no_tools = needs_tools and not table[primary].supports_tools
        reason = "NoToolSupport" if no_tools else "BreakerOpen"
    events.fallback(left.value, chosen.value, reason, primary=primary.value)


def _give_up(
    gateway: LaneGateway, primary: Lane, task_id: str | None, failed: list[Attempt]
) -> NoReturn:
    if task_id:
        gateway.attempts.pop(task_id)
    raise AllLanesFailed(primary.value, [(a.lane.value, a.error) for a in failed])


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


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
