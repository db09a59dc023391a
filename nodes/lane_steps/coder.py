"""Coder lane: structured code analysis, and ticket-vs-code gap analysis."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from typing import Annotated, Any, Literal

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from langgraph.store.base import BaseStore
from pydantic import BaseModel, Field

from lanes.core.lane import Lane
from nodes.code_review.analyzers import Evidence, analyze
from nodes.code_review.report import finding_lines, points_at_code, review_text
from nodes.code_review.snippets import snippets, without_code
from nodes.defaults import deps
from nodes.plumbing.context import Context
from nodes.plumbing.lane_result import lane_output, with_context
from nodes.plumbing.state import LaneOutput, LaneTask
from nodes.pm.intent import TICKET_CHECK, TICKET_ID
from prompts import coder as p
from prompts.orchestrator import DEPENDENCY_CONTEXT
from stores.board import Board, BoardError, Ticket
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
    """Whether the code meets one acceptance criterion, and where the code is."""

    criterion: str
    status: Literal["implemented", "partial", "missing"]
    evidence: str = _Text
    file: str | None = None
    chunk: str | None = None


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
# Asked for in so many words, code pasted or not.
_GAP_REQUEST = re.compile(
    r"acceptance criteri|\bgap analysis\b|\bgaps?\b.{0,40}\b(?:ticket|story|spec|requirements?)\b",
    re.IGNORECASE,
)
# About a ticket, with no code pasted: the project's code is what it is checked against.
_ABOUT_TICKET = re.compile(r"\bticket\b|\bgaps?\b", re.IGNORECASE)
_CRITERION = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)]|AC\d*[:.)])\s*(.+)$", re.MULTILINE)


def route_coder(task: LaneTask) -> Literal["gap_analysis", "analyze_code"]:
    """Gap analysis for tasks about a ticket; code analysis otherwise.

    Read from what the person wrote, not from the code they pasted: a helpdesk's
    ``close_ticket()`` or a ``gap`` variable is code to review. With code pasted, only a
    ticket checked against it or a gap analysis asked for in so many words is one.
    """
    text = task["task"]
    pasted = bool(snippets(text))
    prose = without_code(text) if pasted else text
    if TICKET_CHECK.search(prose) or _GAP_REQUEST.search(prose):
        return "gap_analysis"
    if not pasted and _ABOUT_TICKET.search(prose):
        return "gap_analysis"
    return "analyze_code"


async def analyze_code(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Review the code in the task: analyzers' findings first, then the model's review.

    The code's analyzers (:mod:`nodes.code_review.analyzers`) run first, off the event
    loop; the model is shown their findings and asked for a ``CodeAnalysis``; the review
    leads with the findings (:mod:`nodes.code_review.report`).
    """
    code = snippets(task["task"])
    evidence = await asyncio.to_thread(analyze, code) if code else Evidence()
    found = finding_lines(evidence.findings, len(code))
    request = p.ANALYSIS_REQUEST.format(
        task=task["task"], context=with_context(task, DEPENDENCY_CONTEXT)
    ) + (p.ANALYZER_EVIDENCE.format(findings="\n".join(found)) if found else "")
    messages = [SystemMessage(p.ANALYSIS_SYSTEM), HumanMessage(request)]
    parts = await deps(runtime)
    call = await parts.call(Lane.CODER, messages, schema=CodeAnalysis)
    analysis: CodeAnalysis = call.output
    findings = [dataclasses.asdict(f) for f in evidence.findings]
    data = {**analysis.model_dump(), "findings": findings, "checked": evidence.checked}
    project = task.get("project", DEFAULT_PROJECT)
    await save_record(project, "analyses", {"task": task["task"], **data}, key=parts.task_id)
    if not code:
        return lane_output(task, Lane.CODER, render_analysis(analysis), trace=call.trace, data=data)
    source = "\n".join(s.code for s in code)
    notes = [
        note
        for note in [*analysis.security_concerns, *analysis.refactoring_suggestions,
                     *analysis.performance_optimizations]
        if points_at_code(note, source)
    ]  # fmt: skip
    text = review_text(evidence, len(code), analysis.quality_assessment, notes)
    return lane_output(task, Lane.CODER, text, trace=call.trace, data=data)


async def gap_analysis(task: LaneTask, runtime: Runtime[Context]) -> LaneOutput:
    """Compare a ticket's criteria with the project's code; a status per criterion.

    A ticket named by id (``CORE-12``) and stored on the project's board brings its own
    acceptance criteria, and gets the gap notes stored on it; otherwise the criteria are
    read from the request.
    """
    project = task.get("project", DEFAULT_PROJECT)
    parts = await deps(runtime)
    stored = await stored_ticket(task["task"], runtime.store, project)
    if stored is not None:
        criteria = (stored.acceptance_criteria or [stored.title])[:MAX_CRITERIA]
        ticket = "\n".join(
            [f"{stored.id}: {stored.title}", stored.description, *(f"- {c}" for c in criteria)]
        )
    else:
        ticket = task["task"]
        criteria = ([m.strip() for m in _CRITERION.findall(ticket)] or [ticket])[:MAX_CRITERIA]
    store = await parts.store(project)
    hits = await store.asearch(ticket, k=4)
    code = "\n\n".join(p.CODE_CHUNK.format(source=h.source, text=h.text) for h in hits)
    request = p.GAP_REQUEST.format(ticket=ticket, code=code or p.NO_CODE)
    call = await parts.call(
        Lane.CODER,
        [SystemMessage(p.GAP_SYSTEM), HumanMessage(request)],
        schema=_gap_schema(len(criteria)),
        parse_as=_GapReply,
    )
    reply: _GapReply = call.output
    notes = GapNotes(
        criteria=[
            CriterionGap(criterion=c, status=r.status, evidence=r.evidence, **_located(c, hits))
            for c, r in zip(criteria, reply.criteria, strict=False)
        ],
        summary=reply.summary,
    )
    record = {"ticket": stored.id if stored else ticket, **notes.model_dump()}
    await save_record(project, "gap_notes", record, key=parts.task_id)
    if stored is not None and runtime.store is not None:
        await Board(runtime.store, project).update(
            stored.id, {"gap_notes": {**notes.model_dump(), "at": time.time()}}, by="cortex:coder"
        )
    lines = [
        p.GAP_LINE.format(
            criterion=c.criterion, status=p.GAP_STATUS[c.status], evidence=c.evidence.strip()
        )
        for c in notes.criteria
    ]
    text = "\n".join([notes.summary.strip(), *lines]).strip()
    data = {**notes.model_dump(), "ticket": stored.id if stored else None}
    return lane_output(task, Lane.CODER, text, trace=call.trace, data=data)


async def stored_ticket(text: str, store: BaseStore | None, project: str) -> Ticket | None:
    """The stored ticket ``text`` names by id, if the run has a store and the ticket exists."""
    match = TICKET_ID.search(text)
    if match is None or store is None:
        return None
    try:
        return await Board(store, project).ticket(match.group())
    except BoardError:
        return None


def _located(criterion: str, hits: list[Any]) -> dict[str, str | None]:
    """The retrieved chunk sharing most words with the criterion: its file and chunk id."""
    words = set(re.findall(r"[a-z0-9]+", criterion.lower()))
    best = max(
        hits,
        key=lambda h: len(words & set(re.findall(r"[a-z0-9]+", h.text.lower()))),
        default=None,
    )
    return {"file": best.source, "chunk": best.id} if best is not None else {}


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
