"""A breaker's thresholds, as the settings give them; the endpoint's breaker applies them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BreakerPolicy:
    """Thresholds (``ARGOS_BREAKER_FAILURES``, ``_WINDOW``, ``_COOLDOWN``)."""

    failures: int = 3
    window_s: float = 60.0
    cooldown_s: float = 30.0
