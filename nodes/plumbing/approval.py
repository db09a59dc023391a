"""Pause a run until a person decides: the one way a node waits for an approval.

An answer that is not a decision pauses again, with the question saying what is
accepted (fails closed). Each pause and each answer is reported
(:mod:`lanes.telemetry.events`), so an operator sees how many runs wait for a person.
"""

from __future__ import annotations

from typing import Any

from langgraph.errors import GraphInterrupt
from langgraph.types import interrupt

from lanes.telemetry import events
from nodes.plumbing.review_decision import InvalidDecision, parse_decision


def wait_for_decision(payload: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """The person's decision on ``payload``'s question (``kind``: verdict, ticket...).

    Each ``interrupt()`` on a re-run returns the resume values in order: the first value
    this run of the node sees is the answer to the pause before it (counted once), and
    the run either decides or pauses again.
    """
    answered = False
    while True:
        try:
            answer = interrupt(payload)
        except GraphInterrupt:
            events.approval_paused(kind)
            raise
        if not answered:
            answered = True
            events.approval_answered(kind)
        try:
            return parse_decision(answer)
        except InvalidDecision as exc:
            payload = {**payload, "error": str(exc)}
