"""Governance lane: a verdict on a spec or PRD against the policy rules, held to its evidence."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Literal, NotRequired

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime

from lanes.config.policy_rules import PolicyRule, active_policies
from lanes.config.settings import load_settings
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.defaults import deps
from nodes.lane_steps.governance_checks import check_verdict
from nodes.lane_steps.governance_detect import detected
from nodes.lane_steps.governance_model import with_model_finding
from nodes.lane_steps.governance_verdict import MAX_FINDINGS, Finding, Verdict, verdict_schema
from nodes.plumbing.approval import wait_for_decision
from nodes.plumbing.context import Context
from nodes.plumbing.lane_result import lane_output, with_context
from nodes.plumbing.state import LaneOutput, LaneTask
from prompts import governance as p
from prompts.orchestrator import DEPENDENCY_CONTEXT
from stores.records import save_record
from stores.vectors import DEFAULT_PROJECT

__all__ = ["Finding", "GovernanceState", "Verdict", "check", "policies", "verdict_schema"]


class GovernanceState(LaneTask):
    """The governance subgraph's private state."""

    verdict: NotRequired[dict[str, Any]]
    check_trace: NotRequired[list[TraceEntry]]
    decision: NotRequired[dict[str, Any]]


def policies() -> tuple[PolicyRule, ...]:
    """The rules in force: packaged, and ``ARGOS_POLICIES`` as ``ARGOS_POLICIES_MODE`` says."""
    settings = load_settings().global_
    return active_policies(settings.policies, settings.policies_mode)


def policy_lines(rules: Sequence[PolicyRule]) -> str:
    """The rules as the model reads them, each with its examples of a breach."""
    lines: list[str] = []
    for rule in rules:
        lines.append(p.POLICY_LINE.format(id=rule.id, severity=rule.severity, text=rule.text))
        lines += [p.POLICY_EXAMPLE.format(example=example) for example in rule.examples]
    return "\n".join(lines)


async def check(state: GovernanceState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Check the document against every policy; keep only the verdict its evidence allows."""
    rules = await asyncio.to_thread(policies)  # reads .env and the team's file
    context = with_context(state, DEPENDENCY_CONTEXT)
    request = p.CHECK_REQUEST.format(task=state["task"], context=context)
    messages = [
        SystemMessage(p.CHECK_SYSTEM.format(policies=policy_lines(rules))),
        HumanMessage(request),
    ]
    parts = await deps(runtime)
    call = await parts.call(
        Lane.GOVERNANCE, messages, schema=verdict_schema(rules), parse_as=Verdict
    )
    # Detectors' findings come first: they need no model, and a verdict holds four.
    reply: Verdict = call.output
    detectors = detected(rules, state["task"])
    # The compliance model reads what the detectors miss, unless the run turns it off.
    embeddings = await parts.embeddings() if parts.context.compliance_model else None
    found = await asyncio.to_thread(with_model_finding, rules, state["task"], detectors, embeddings)
    read = [f for f in found if f not in detectors]
    extra = [f for f in reply.findings if f.rule not in {d.rule for d in found}]
    advisory: list[Finding] = []
    if not parts.counts_model_findings:  # the embedded model's findings are only shown
        advisory, extra = extra, []
    merged = Verdict(status=reply.status, findings=[*found, *extra][:MAX_FINDINGS])
    # The material is what the model was shown: a quote from anywhere else is invented.
    verdict, corrections = check_verdict(merged, rules, request)
    checked: dict[str, Any] = verdict.model_dump()
    if corrections:
        checked["corrections"] = corrections
    if advisory:
        checked["advisory"] = [f.model_dump() for f in advisory]
    # Only a model finding the checks kept is one the answer may say the model read.
    by_model = {(f.rule, f.quote) for f in read}
    if kept := [f.rule for f in verdict.findings if (f.rule, f.quote) in by_model]:
        checked["model_read"] = kept
    return {"verdict": checked, "check_trace": call.trace}


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
    return {"decision": wait_for_decision(payload, kind="verdict")}


async def report(state: GovernanceState, runtime: Runtime[Context]) -> LaneOutput:
    """Hand the verdict (and the reviewer's decision, if any) to the supervisor."""
    checked = state.get("verdict", {})
    verdict = Verdict.model_validate(checked)
    lines = [f"Verdict: {verdict.status}"]
    lines += [f'- [{f.severity}] {f.rule}: "{f.quote}"' for f in verdict.findings]
    data: dict[str, Any] = verdict.model_dump()
    if corrections := checked.get("corrections"):
        data["corrections"] = corrections
        lines += [p.CORRECTION_LINE.format(reason=c["reason"]) for c in corrections]
    if model_read := checked.get("model_read"):
        data["model_read"] = model_read
        lines += [p.MODEL_READ_LINE.format(rule=rule) for rule in model_read]
    if advisory := checked.get("advisory"):
        data["advisory"] = advisory
        lines.append(p.ADVISORY_HEADING)
        lines += [f'- [{f["severity"]}] {f["rule"]}: "{f["quote"]}"' for f in advisory]
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
