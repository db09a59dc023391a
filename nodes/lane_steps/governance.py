"""Governance lane: a verdict on a spec or PRD against the policy rules in ``prompts/``."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Literal, NotRequired

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from langgraph.types import interrupt
from pydantic import BaseModel, Field

from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.defaults import deps
from nodes.plumbing.context import Context
from nodes.plumbing.lane_result import lane_output, with_context
from nodes.plumbing.review_decision import InvalidDecision, parse_decision
from nodes.plumbing.state import LaneOutput, LaneTask
from prompts import governance as p
from prompts.orchestrator import DEPENDENCY_CONTEXT
from stores.records import save_record
from stores.vectors import DEFAULT_PROJECT


class Finding(BaseModel):
    """One way the document breaks (or may break) a policy."""

    severity: Literal["low", "medium", "high"]
    rule: str
    quote: str = Field(max_length=200)


class Verdict(BaseModel):
    """The governance lane's decision on a document."""

    status: Literal["pass", "fail", "needs_review"]
    findings: list[Finding] = Field(max_length=4)


class GovernanceState(LaneTask):
    """The governance subgraph's private state."""

    verdict: NotRequired[dict[str, Any]]
    check_trace: NotRequired[list[TraceEntry]]
    decision: NotRequired[dict[str, Any]]


@functools.cache
def policies() -> list[dict[str, str]]:
    """The policy rules, kept as data in ``prompts/data/policies.json``."""
    text = resources.files("prompts").joinpath("data/policies.json").read_text()
    return list(json.loads(text))


def verdict_schema() -> dict[str, Any]:
    """``Verdict`` whose finding rules must be real policy ids."""
    schema = Verdict.model_json_schema()
    schema["$defs"]["Finding"]["properties"]["rule"] = {"enum": [r["id"] for r in policies()]}
    return schema


async def check(state: GovernanceState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Check the document against every policy and record the verdict."""
    rules = "\n".join(p.POLICY_LINE.format(**rule) for rule in policies())
    request = p.CHECK_REQUEST.format(
        task=state["task"], context=with_context(state, DEPENDENCY_CONTEXT)
    )
    messages = [SystemMessage(p.CHECK_SYSTEM.format(policies=rules)), HumanMessage(request)]
    parts = await deps(runtime)
    call = await parts.call(Lane.GOVERNANCE, messages, schema=verdict_schema(), parse_as=Verdict)
    verdict: Verdict = call.output
    return {"verdict": verdict.model_dump(), "check_trace": call.trace}


def route_governance(state: GovernanceState) -> Literal["human_review", "report"]:
    """Risky steps wait for a person's decision before the verdict is final."""
    return "human_review" if state.get("risky") else "report"


def human_review(state: GovernanceState) -> dict[str, Any]:
    """Pause the run until a person approves or rejects the verdict.

    Resume with ``Command(resume=...)``: ``True``, ``"approve"`` or
    ``{"approved": true, "note": "..."}`` approve; ``False``, ``"reject"`` or
    ``{"approved": false}`` reject. Anything else approves nothing: the run stays paused
    and the new question says what is accepted.
    """
    verdict = state.get("verdict", {})
    step_id = state.get("step_id", "s1")
    question = p.REVIEW_QUESTION.format(step_id=step_id, status=verdict.get("status"))
    payload: dict[str, Any] = {"question": question, "step_id": step_id, "verdict": verdict}
    while True:
        # Each interrupt() call on a re-run returns the resume values in order, so an
        # invalid answer is followed by a fresh pause rather than a decision.
        answer = interrupt(payload)
        try:
            return {"decision": parse_decision(answer)}
        except InvalidDecision as exc:
            payload = {**payload, "error": str(exc)}


async def report(state: GovernanceState, runtime: Runtime[Context]) -> LaneOutput:
    """Hand the verdict (and the reviewer's decision, if any) to the supervisor."""
    verdict = Verdict.model_validate(state.get("verdict", {}))
    lines = [f"Verdict: {verdict.status}"]
    lines += [f'- [{f.severity}] {f.rule}: "{f.quote}"' for f in verdict.findings]
    data: dict[str, Any] = verdict.model_dump()
    if decision := state.get("decision"):
        data["decision"] = decision
        outcome = "approved" if decision["approved"] else "rejected"
        note = f" ({decision['note']})" if decision.get("note") else ""
        lines.append(f"Reviewer {outcome} this verdict{note}.")
    record = {"task": state["task"], **data}
    task_id = runtime.execution_info.task_id if runtime.execution_info else None
    await save_record(state.get("project", DEFAULT_PROJECT), "verdicts", record, key=task_id)
    return lane_output(
        state, Lane.GOVERNANCE, "\n".join(lines), trace=state.get("check_trace", []), data=data
    )
