"""The chat parser: notes to action items, by rules first and the orchestrator's model as judge."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.plumbing.context import Deps
from nodes.pm.notes.action_model import without_chatter
from nodes.pm.notes.reading import NO_WORK, Reading, read_by_rules
from nodes.pm.notes.rules import ActionItem, has_cue, merge
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


async def read_notes(text: str, parts: Deps, today: date) -> tuple[Reading, list[TraceEntry]]:
    """The action items in ``text``, what was read as context, and the model call's trace.

    The rules read the note first, and the tickets the notes model finds are not work
    are read as context (:mod:`nodes.pm.notes.action_model`). A served orchestrator
    model then judges, one verdict
    per clause, only the clauses the rules found no sign of work in (the embedded model
    does not: see ``Deps.judges_notes``); a clause it calls work
    becomes an item only when the clause itself shows a cue, with an owner written in
    it. When the model fails or replies with nonsense, the rules' reading stands alone.
    """
    reading = await without_chatter(read_by_rules(text, today), await parts.embeddings())
    if not parts.judges_notes:
        return reading, []
    undecided = [clause for clause, why in reading.context if why == NO_WORK and has_cue(clause)]
    shown = undecided[:MODEL_CLAUSES]
    if not shown:
        return reading, []
    lines = "\n".join(p.NOTES_LINE.format(n=i, clause=c) for i, c in enumerate(shown, 1))
    messages = [SystemMessage(p.NOTES_SYSTEM), HumanMessage(p.NOTES_REQUEST.format(lines=lines))]
    try:
        call = await parts.call(
            Lane.ORCHESTRATOR, messages, schema=notes_schema(len(shown)), fallback=False
        )
    except CortexError:
        return reading, []  # the rules' reading stands; the lane's failure is in its own trace
    verdicts = call.output.get("items") if isinstance(call.output, dict) else None
    for clause, verdict in zip(shown, verdicts if isinstance(verdicts, list) else [], strict=False):
        item = merge(clause, None, verdict if isinstance(verdict, dict) else None, today)
        if item is not None:
            reading.items.append(item)
            reading.context = [(c, why) for c, why in reading.context if c != clause]
    return reading, call.trace


def read_notes_by_rules(text: str, today: date) -> list[ActionItem]:
    """The action items in ``text`` by the rules alone (no model call)."""
    return read_by_rules(text, today).items
