"""A governance verdict held to its evidence, in code: the model's judgement is untrusted.

In order:

1. A finding must cite an active policy rule; one citing an unknown id is dropped.
2. A finding's quote must appear in the material under review (compared with Unicode
   compatibility forms, case and runs of whitespace folded); an invented one is dropped.
3. A finding's severity is its rule's: the policy file, not the model, says how serious
   a breach is.
4. The status follows from the findings left, not from the model's word: any high
   finding -> fail; any medium one -> needs_review; only low ones, or none -> pass. A
   dropped medium or high finding (unverified) asks for a person: needs_review, never
   fail. A ``fail`` or ``needs_review`` no verified finding supports becomes what the
   findings call for, with the dropped findings on record.

Every change is a :class:`Correction` saying which check made it and why.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, Literal, NotRequired, TypedDict

from lanes.config.policy_rules import PolicyRule, Severity
from nodes.lane_steps.governance_verdict import Finding, Status, Verdict

_RANK: dict[Status, int] = {"pass": 0, "needs_review": 1, "fail": 2}
_FLOOR: dict[Severity, Status] = {"high": "fail", "medium": "needs_review", "low": "pass"}
_QUOTE_MARKS = "\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb "


class Correction(TypedDict):
    """One change code made to the model's verdict, and why."""

    check: Literal["rule", "quote", "severity", "status"]
    reason: str
    finding: NotRequired[dict[str, Any]]


def normalise(text: str) -> str:
    """``text`` as quotes are compared: compatibility forms, case and whitespace folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def quoted_in(quote: str, material: str) -> bool:
    """Whether ``quote`` (its surrounding quote marks aside) appears in ``material``."""
    needle = normalise(quote).strip(_QUOTE_MARKS)
    return any(c.isalnum() for c in needle) and needle in normalise(material)


def check_verdict(
    verdict: Verdict, rules: Sequence[PolicyRule], material: str
) -> tuple[Verdict, list[Correction]]:
    """``verdict`` with unsupported findings dropped and its status made to agree."""
    by_id = {rule.id: rule for rule in rules}
    kept: list[Finding] = []
    unverified: list[Finding] = []
    corrections: list[Correction] = []
    for finding in verdict.findings:
        rule = by_id.get(finding.rule)
        if rule is None:
            reason = f"dropped a finding citing {finding.rule!r}, which is no active policy rule"
            corrections.append(_noted("rule", reason, finding))
            unverified.append(finding)
            continue
        rated = finding.model_copy(update={"severity": rule.severity})
        if not quoted_in(finding.quote, material):
            reason = (
                f"dropped a {rule.id} finding: its quote {finding.quote!r} "
                "is not in the material under review"
            )
            corrections.append(_noted("quote", reason, finding))
            unverified.append(rated)
            continue
        if finding.severity != rule.severity:
            reason = f"{rule.id} is a {rule.severity} rule; the model said {finding.severity}"
            corrections.append(_noted("severity", reason, finding))
        kept.append(rated)
    status, why = agreeing_status(verdict.status, kept, unverified)
    if why:
        corrections.append(Correction(check="status", reason=why))
    return Verdict(status=status, findings=kept), corrections


def agreeing_status(
    status: Status, kept: Sequence[Finding], unverified: Sequence[Finding] = ()
) -> tuple[Status, str | None]:
    """The status the findings call for, and why it differs from ``status``, if it does."""
    floor: Status = "pass"
    why = ""
    for finding in kept:
        needed = _FLOOR[finding.severity]
        if _RANK[needed] > _RANK[floor]:
            floor = needed
            why = f"a {finding.severity} finding ({finding.rule}) cannot come with {status}"
    for finding in unverified:
        if finding.severity != "low" and _RANK[floor] < _RANK["needs_review"]:
            floor = "needs_review"
            why = f"a {finding.severity} finding ({finding.rule}) was dropped: a person should look"
    if floor == status:
        return status, None
    if _RANK[floor] < _RANK[status]:  # the model's word alone does not fail a document
        return floor, f"status {status} -> {floor}: no verified finding supports {status}"
    return floor, f"status {status} -> {floor}: {why}"


def _noted(
    check: Literal["rule", "quote", "severity"], reason: str, finding: Finding
) -> Correction:
    return Correction(check=check, reason=reason, finding=finding.model_dump())
