"""Coder lane: structured code analysis, and ticket-vs-code gap analysis."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from lanes.lane import Lane
from nodes.context import Context, deps
from nodes.lane_result import lane_output, with_context
from nodes.state import LaneOutput, LaneTask
from prompts import coder as p
from prompts.orchestrator import DEPENDENCY_CONTEXT
from stores.projects import DEFAULT_PROJECT
from stores.records import save_record

# Bounded lengths keep grammar-constrained output inside the token budget.
Note = Annotated[str, Field(min_length=3, max_length=160)]
_Text = Field(max_length=240)
# Criteria judged per ticket; a longer list is cut (and the summary says how many).
MAX_CRITERIA = 8


class CodeAnalysis(BaseModel):
    """The coder lane's review of a piece of code."""

    quality_assessment: str = Field(min_length=3, max_length=300)
    refactoring_suggestions: list[Note] = Field(max_length=3)
    security_concerns: list[Note] = Field(max_length=3)
    performance_optimizations: list[Note] = Field(max_length=3)


class CriterionGap(BaseModel):
    """Whether the code meets one acceptance criterion."""

    criterion: str
    status: Literal["implemented", "partial", "missing"]
    evidence: str = _Text


class GapNotes(BaseModel):
    """Gap notes for a ticket: one status per acceptance criterion."""

    criteria: list[CriterionGap] = Field(max_length=MAX_CRITERIA)
    summary: str = _Text


class _CriterionStatus(BaseModel):
    """What the model fills in per numbered criterion (the criterion is attached after)."""

    status: Literal["implemented", "partial", "missing"]
    evidence: str = _Text


class _GapReply(BaseModel):
    criteria: list[_CriterionStatus] = Field(max_length=MAX_CRITERIA)
    summary: str = _Text


# A task that names a ticket or acceptance criteria asks for gap analysis.
_GAP_REQUEST = re.compile(r"\bticket\b|acceptance criteri|\bgap\b", re.IGNORECASE)
_CRITERION = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)]|AC\d*[:.)])\s*(.+)$", re.MULTILINE)


def route_coder(task: LaneTask) -> Literal["gap_analysis", "analyze_code"]:
    """Gap analysis for tasks about a ticket; code analysis otherwise."""
    return "gap_analysis" if _GAP_REQUEST.search(task["task"]) else "analyze_code"


async def analyze_code(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Review the code in the task and return a structured ``CodeAnalysis``."""
    request = p.ANALYSIS_REQUEST.format(
        task=task["task"], context=with_context(task, DEPENDENCY_CONTEXT)
    )
    messages = [SystemMessage(p.ANALYSIS_SYSTEM), HumanMessage(request)]
    parts = await deps(runtime)
    call = await parts.call(Lane.CODER, messages, schema=CodeAnalysis)
    analysis: CodeAnalysis = call.output
    project = task.get("project", DEFAULT_PROJECT)
    await save_record(project, "analyses", {"task": task["task"], **analysis.model_dump()})
    return lane_output(
        task, Lane.CODER, render_analysis(analysis), trace=call.trace, data=analysis.model_dump()
    )


async def gap_analysis(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Compare the ticket's criteria with the project's code; a status per criterion."""
    ticket = task["task"]
    criteria = ([m.strip() for m in _CRITERION.findall(ticket)] or [ticket])[:MAX_CRITERIA]
    parts = await deps(runtime)
    store = await parts.store(task.get("project", DEFAULT_PROJECT))
    hits = await store.asearch(ticket, k=4)
    code = "\n\n".join(p.CODE_CHUNK.format(source=h.source, text=h.text) for h in hits)
    schema = _gap_schema(len(criteria))
    request = p.GAP_REQUEST.format(ticket=ticket, code=code or p.NO_CODE)
    call = await parts.call(
        Lane.CODER,
        [SystemMessage(p.GAP_SYSTEM), HumanMessage(request)],
        schema=schema,
        parse_as=_GapReply,
    )
    reply: _GapReply = call.output
    notes = GapNotes(
        criteria=[
            CriterionGap(criterion=c, status=r.status, evidence=r.evidence)
            for c, r in zip(criteria, reply.criteria, strict=False)
        ],
        summary=reply.summary,
    )
    record = {"ticket": ticket, **notes.model_dump()}
    await save_record(task.get("project", DEFAULT_PROJECT), "gap_notes", record)
    lines = [
        p.GAP_LINE.format(
            criterion=c.criterion, status=p.GAP_STATUS[c.status], evidence=c.evidence.strip()
        )
        for c in notes.criteria
    ]
    text = "\n".join([notes.summary.strip(), *lines]).strip()
    return lane_output(task, Lane.CODER, text, trace=call.trace, data=notes.model_dump())


def _gap_schema(n: int) -> dict[str, object]:
    """One status per numbered criterion, in order, so none is skipped.

    The criteria themselves stay out of the schema: user text in a grammar is unsafe.
    """
    schema = _GapReply.model_json_schema()
    item = schema["$defs"]["_CriterionStatus"]
    schema["properties"]["criteria"] = {
        "type": "array",
        "prefixItems": [item] * n,
        "minItems": n,
        "maxItems": n,
        "items": False,
    }
    del schema["$defs"]
    schema["title"] = "GapNotes"
    return schema


def render_analysis(analysis: CodeAnalysis) -> str:
    """The review as a reviewer would write it: an assessment, then what to change."""
    parts = [analysis.quality_assessment.strip()]
    for heading, items in (
        (p.REVIEW_REFACTOR, analysis.refactoring_suggestions),
        (p.REVIEW_SECURITY, analysis.security_concerns),
        (p.REVIEW_PERFORMANCE, analysis.performance_optimizations),
    ):
        notes = [item.strip().rstrip(".") for item in items if item.strip()]
        if notes:
            parts.append(heading + "\n" + "\n".join(f"- {note}." for note in notes))
    if len(parts) == 1:
        parts.append(p.REVIEW_NOTHING)
    return "\n\n".join(part for part in parts if part)
