"""The model lanes a request can be routed to."""

from __future__ import annotations

from enum import StrEnum

from lanes.core.errors import ConfigError


class Lane(StrEnum):
    """A model lane: a role with its own model, endpoint and fallback chain."""

    ORCHESTRATOR = "orchestrator"
    CODER = "coder"
    SUPER_READER = "super_reader"
    FAST_RAG = "fast_rag"
    GOVERNANCE = "governance"

    @property
    def env_prefix(self) -> str:
        """Prefix of this lane's settings, e.g. ``ARGOS_LANE_CODER_``."""
        return f"ARGOS_LANE_{self.name}_"


LANE_NAMES = ", ".join(lane.value for lane in Lane)


def parse_lane(value: str, *, variable: str) -> Lane:
    """Parse a lane name (case-insensitive, ``-`` accepted for ``_``).

    Raises:
        ConfigError: naming ``variable`` when ``value`` is not a lane.

    """
    name = value.strip().lower().replace("-", "_")
    try:
        return Lane(name)
    except ValueError:
        raise ConfigError(variable, value, f"use one of {LANE_NAMES}") from None
