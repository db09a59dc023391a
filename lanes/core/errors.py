"""Error types that callers, retry policies and the CLI match on."""

from __future__ import annotations

from lanes.core.redact import redact, redact_url


class CortexError(Exception):
    """Base class for every error Cortex Lanes raises on purpose.

    Its text never carries a secret: keys, URL passwords and tokens are masked.
    """

    def __str__(self) -> str:
        return redact(super().__str__())


class ShownToCaller(CortexError, ValueError):
    """An error whose message a server run's caller must read to act on it.

    A ``ValueError`` because both servers show a run's ``ValueError`` message to its
    caller and hide any other's ("An internal error occurred").
    """


class ConfigError(CortexError):
    """A setting has a value Cortex cannot use.

    The message names the variable, the bad value and what would be accepted, so the
    CLI can print it as one line without a traceback.
    """

    def __init__(self, variable: str, value: object, accepted: str) -> None:
        self.variable = variable
        self.value = value
        self.accepted = accepted
        shown = "(empty)" if value in (None, "") else repr(value)
        super().__init__(f"{variable}={shown} is not valid: {accepted}")


class EmbeddedModelError(CortexError):
    """The embedded model files could not be found or assembled."""


class LaneError(CortexError):
    """A lane's model call failed; names the lane, endpoint and model, never the key."""

    def __init__(
        self, message: str, *, lane: str = "?", endpoint: str = "?", model: str | None = None
    ) -> None:
        self.lane = lane
        self.endpoint = redact_url(endpoint) or "?"
        self.model = model
        self.detail = redact(message)
        super().__init__(
            f"{lane} lane ({model or 'default model'} at {self.endpoint}): {self.detail}"
        )


class LaneUnavailable(LaneError):
    """The lane cannot answer now: refused, reset, timed out, 5xx, 429, or cut off early.

    ``timed_out`` marks a hang (the breaker opens at once, so a hang costs one timeout per
    cooldown); ``busy`` marks our own queue being full (the endpoint is not at fault).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        timed_out: bool = False,
        busy: bool = False,
        **where: str | None,
    ) -> None:
        self.retry_after = retry_after
        self.timed_out = timed_out
        self.busy = busy
        super().__init__(message, **where)  # type: ignore[arg-type]


class ContextOverflow(LaneError):
    """The prompt (plus the completion budget) does not fit the lane's context window."""


class LaneOutOfMemory(LaneError):
    """The backend ran out of memory (GPU or host) serving the request."""


class BadLaneRequest(LaneError):
    """The backend rejected the request itself (401, 403, 404, 422...); never retried."""


class InvalidModelOutput(LaneError):
    """The model's reply is not valid against the schema asked for (untrusted output).

    The endpoint is healthy (no breaker counts it); another lane may do better.
    """


class InvalidSchema(BadLaneRequest):
    """A structured-output schema cannot be turned into a grammar; nothing was sent."""


class AllLanesFailed(ShownToCaller):
    """Every lane in a fallback chain failed; lists each lane and its error.

    Shown to a server run's caller, who otherwise read "An internal error occurred"
    when the model servers were down. Each error's detail only: never an endpoint.
    """

    def __init__(self, primary: str, failures: list[tuple[str, LaneError]]) -> None:
        self.primary = primary
        self.failures = failures
        chain = " -> ".join(lane for lane, _ in failures)
        lines = "; ".join(f"{lane}: {type(e).__name__}: {e.detail}" for lane, e in failures)
        super().__init__(f"every lane failed for {primary} ({chain}): {lines}")
