"""The chat parser: notes to action items, by the rules and the orchestrator's model together."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.context import Deps
from nodes.pm.notes.rules import ActionItem, clauses, merge, rule_reading
from prompts import pm as p

# Clauses the model reads in one call: each verdict is about 25 tokens of JSON, and the
# embedded model's replies stop at 512.
MODEL_CLAUSES = 16


def notes_schema(count: int) -> dict[str, Any]:
    """One verdict per numbered clause, in order; no clause text in the schema."""
    verdict = {
        "type": "object",
        "properties": {
            "action": {"type": "boolean"},
            "owner": {"type": "string", "maxLength": 40},
            "task": {"type": "string", "maxLength": 100},
        },
        "required": ["action", "owner", "task"],
    }
    return {
        "title": "ActionItems",
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "prefixItems": [verdict] * count,
                "minItems": count,
                "maxItems": count,
                "items": False,
            }
        },
        "required": ["items"],
    }


async def read_notes(
    text: str, parts: Deps, today: date
) -> tuple[list[ActionItem], list[TraceEntry]]:
    """The action items in ``text``, and the trace of the model call (if it was made).

    The model's verdicts add to the rules'; when the model fails or replies with
    nonsense, the rules' reading stands alone.
    """
    found = clauses(text)
    rules = [rule_reading(clause, today) for clause in found]
    verdicts: list[dict[str, Any] | None] = [None] * len(found)
    trace: list[TraceEntry] = []
    shown = found[:MODEL_CLAUSES]
    if shown:
        lines = "\n".join(p.NOTES_LINE.format(n=i, clause=c) for i, c in enumerate(shown, 1))
        messages = [
            SystemMessage(p.NOTES_SYSTEM),
            HumanMessage(p.NOTES_REQUEST.format(lines=lines)),
        ]
        try:
            call = await parts.call(
                Lane.ORCHESTRATOR, messages, schema=notes_schema(len(shown)), fallback=False
            )
            trace = call.trace
            items = call.output.get("items") if isinstance(call.output, dict) else None
            if isinstance(items, list):
                for i, item in enumerate(items[: len(shown)]):
                    verdicts[i] = item if isinstance(item, dict) else None
        except CortexError:
            pass  # the rules' reading stands; the lane's failure is in its own trace
    items = []
    for clause, rule, verdict in zip(found, rules, verdicts, strict=True):
        item = merge(clause, rule, verdict, today)
        if item is not None:
            items.append(item)
    return items, trace
