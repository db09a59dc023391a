"""A reviewer's answer to a paused governance step: explicit, or no decision at all."""

from __future__ import annotations

from typing import Any

from lanes.core.bounded_read import short
from lanes.core.errors import CortexError


class InvalidDecision(CortexError):
    """A resume value that is neither an explicit approval nor an explicit rejection."""


_APPROVE = {"approve", "approved"}
_REJECT = {"reject", "rejected"}
ACCEPTED = (
    'resume with true, "approve" or {"approved": true, "note": "..."} to approve; '
    'false, "reject" or {"approved": false} to reject (the words in any case)'
)


def parse_decision(answer: object) -> dict[str, Any]:
    """A reviewer's decision; only an explicit approval approves (fails closed).

    The words (``approve``/``approved``, ``reject``/``rejected``) count in any case and
    with spaces around them; ``approved`` inside an object must be a JSON boolean.

    Raises:
        InvalidDecision: for anything that is not clearly an approval or a rejection
            (``123``, ``"no"``, ``{"approved": "false"}``, ...).

    """
    note: object = ""
    value = answer
    if isinstance(answer, dict):
        if set(answer) - {"approved", "note"} or "approved" not in answer:
            raise InvalidDecision(f"{short(answer)} is not a decision: {ACCEPTED}")
        value, note = answer["approved"], answer.get("note", "")
        if not isinstance(value, bool):
            raise InvalidDecision(f"approved must be true or false, not {short(value)}: {ACCEPTED}")
        if not isinstance(note, str):
            raise InvalidDecision(f"note must be text, not {short(note)}: {ACCEPTED}")
    if value is True or (isinstance(value, str) and value.strip().lower() in _APPROVE):
        return {"approved": True, "note": str(note)[:500]}
    if value is False or (isinstance(value, str) and value.strip().lower() in _REJECT):
        return {"approved": False, "note": str(note)[:500]}
    raise InvalidDecision(f"{short(answer)} is not a decision: {ACCEPTED}")
