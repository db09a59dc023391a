"""The events an operator follows, each counted in Prometheus and written as one log line.

A lane call (every attempt, ok or failed), a fallback (work moving to another lane), a
breaker transition, a routing decision, an approval pause and its answer. Each function
here updates :mod:`lanes.telemetry.metrics` and logs one line on the ``cortex.lanes``
logger (or ``cortex.routing``, ``cortex.approvals``) whose fields
:mod:`lanes.telemetry.log_format` renders. The run and thread ids come from the running
graph's config, when there is one.
"""

from __future__ import annotations

import logging
from typing import Any

from langgraph.config import get_config

from lanes.core.redact import redact
from lanes.core.trace import TraceEntry
from lanes.telemetry import metrics
from lanes.telemetry.log_format import EVENTS_LOGGER

# A library's manners: without a configured handler the lines go nowhere, not to stderr.
logging.getLogger(EVENTS_LOGGER).addHandler(logging.NullHandler())
lanes_log = logging.getLogger("cortex.lanes")
routing_log = logging.getLogger("cortex.routing")
approvals_log = logging.getLogger("cortex.approvals")

BREAKER_LEVEL = {"closed": 0, "half_open": 1, "open": 2}
# Confidence buckets of a routing decision: what an operator can chart without a histogram.
CONFIDENT, UNSURE = 0.8, 0.5


def endpoint_label(endpoint: str) -> str:
    """An endpoint as metrics and logs name it: never a key or a password."""
    return redact(endpoint)


def lane_call(
    entry: TraceEntry, endpoint: str, *, outcome: str, first_token_s: float | None = None
) -> None:
    """One attempt of a lane call ended: ``outcome`` is ok, or the error type."""
    where = (entry["lane"], endpoint_label(endpoint), entry["backend"])
    metrics.LANE_CALLS.labels(*where, outcome).inc()
    metrics.LANE_LATENCY.labels(*where).observe(entry["latency_ms"] / 1000)
    if first_token_s is not None:
        metrics.FIRST_TOKEN.labels(*where).observe(first_token_s)
    for kind, tokens in (
        ("prompt", entry["prompt_tokens"]),
        ("completion", entry["completion_tokens"]),
    ):
        if isinstance(tokens, int) and tokens > 0:
            metrics.TOKENS.labels(*where, kind).inc(tokens)
    _line(
        lanes_log,
        logging.INFO if outcome == "ok" else logging.WARNING,
        "lane call",
        event="lane_call",
        lane=entry["lane"],
        endpoint=where[1],
        backend=entry["backend"],
        model=entry["model"],
        attempt=entry["attempt"],
        fallback_from=entry["fallback_from"],
        latency_ms=entry["latency_ms"],
        first_token_ms=None if first_token_s is None else round(first_token_s * 1000, 1),
        prompt_tokens=entry["prompt_tokens"],
        completion_tokens=entry["completion_tokens"],
        outcome=outcome,
        error_type=None if outcome == "ok" else outcome,
        error=entry["error"],
    )


def refused(endpoint: str, backend: str) -> None:
    """A request got no slot on ``endpoint`` in time (every slot stayed busy)."""
    metrics.REFUSED.labels(endpoint_label(endpoint), backend).inc()


def fallback(from_lane: str, to_lane: str, reason: str, *, primary: str) -> None:
    """Work for ``primary`` left ``from_lane`` for ``to_lane`` because of ``reason``."""
    metrics.FALLBACKS.labels(from_lane, to_lane, reason).inc()
    _line(lanes_log, logging.WARNING, "fallback", event="fallback", primary=primary,
          from_lane=from_lane, to_lane=to_lane, reason=reason)  # fmt: skip


def breaker_transition(endpoint: str, backend: str, before: str, after: str) -> None:
    """An endpoint's breaker went from ``before`` to ``after`` (closed, half_open, open)."""
    name = endpoint_label(endpoint)
    metrics.BREAKER_TRANSITIONS.labels(name, backend, before, after).inc()
    metrics.BREAKER_STATE.labels(name, backend).set(BREAKER_LEVEL[after])
    level = logging.WARNING if after == "open" else logging.INFO
    _line(lanes_log, level, "breaker transition", event="breaker", endpoint=name,
          backend=backend, from_state=before, to_state=after)  # fmt: skip


def breaker_state(endpoint: str, backend: str, state: str) -> None:
    """The breaker's state as read now (a scrape refreshes it: half-open comes with time)."""
    metrics.BREAKER_STATE.labels(endpoint_label(endpoint), backend).set(BREAKER_LEVEL[state])


def route(lanes: list[str], method: str, confidence: float) -> None:
    """The router chose ``lanes`` by ``method`` with ``confidence``."""
    bucket = "high" if confidence >= CONFIDENT else "medium" if confidence >= UNSURE else "low"
    lane_set = "+".join(sorted(lanes)) or "none"
    metrics.ROUTES.labels(lane_set, method, bucket).inc()
    _line(routing_log, logging.INFO, "route", event="route", lanes=lane_set, method=method,
          confidence=round(confidence, 3))  # fmt: skip


def approval_paused(kind: str) -> None:
    """A run paused for a person's approval (``kind``: verdict, ticket)."""
    metrics.APPROVAL_PAUSES.labels(kind).inc()
    metrics.APPROVALS_WAITING.labels(kind).inc()
    _line(approvals_log, logging.INFO, "approval paused", event="approval", kind=kind,
          state="waiting")  # fmt: skip


def approval_answered(kind: str) -> None:
    """A person answered a paused run (it goes on, or asks again)."""
    metrics.APPROVALS_WAITING.labels(kind).dec()
    _line(approvals_log, logging.INFO, "approval answered", event="approval", kind=kind,
          state="answered")  # fmt: skip


def _line(logger: logging.Logger, level: int, message: str, *, event: str, **fields: Any) -> None:
    """One event line: its name, the run's ids, then ``fields``."""
    logger.log(level, message, extra={"fields": {"event": event, **run_ids(), **fields}})


def run_ids() -> dict[str, str | None]:
    """The running graph's run and thread ids (None outside a run, or where unset)."""
    try:
        config = get_config()
    except RuntimeError:  # not inside a graph run
        return {"run_id": None, "thread_id": None}
    configurable = config.get("configurable") or {}
    metadata = config.get("metadata") or {}
    run = configurable.get("run_id") or metadata.get("run_id")
    thread = configurable.get("thread_id") or metadata.get("thread_id")
    return {
        "run_id": None if run is None else str(run),
        "thread_id": None if thread is None else str(thread),
    }
