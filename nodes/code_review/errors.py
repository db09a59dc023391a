"""Errors of the code-review room that callers match on."""

from __future__ import annotations

from lanes.core.errors import CortexError


class AnalyzerMissing(CortexError):
    """An analyzer ``make`` installs is not there; the message says how to install it."""
