"""The lane trace: one entry per model call, as Studio and the CLI show it."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class TraceEntry(TypedDict):
    """One model call: which lane served it, how, how long, and whether it failed."""

    lane: str
    backend: str
    model: str | None
    fallback_from: str | None
    attempt: int
    latency_ms: float
    prompt_tokens: int | None
    completion_tokens: int | None
    error: str | None
    dialect: NotRequired[str]  # structured calls: native, json_schema, json_object or prompt
    stopped: NotRequired[str]  # a whole reply that ended early: length or content_filter
    first_token_ms: NotRequired[float]  # a streamed reply: time to its first token


def check_entry(lane: str, check: str, message: str) -> TraceEntry:
    """A trace entry for a check in code, not a model call (``backend`` names the check)."""
    return TraceEntry(
        lane=lane, backend=check, model=None, fallback_from=None, attempt=0, latency_ms=0.0,
        prompt_tokens=None, completion_tokens=None, error=message,
    )  # fmt: skip
