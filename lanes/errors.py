"""Error types that callers, retry policies and the CLI match on."""

from __future__ import annotations


class CortexError(Exception):
    """Base class for every error Cortex Lanes raises on purpose."""


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
