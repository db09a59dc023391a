"""What the governance lane's model must return: a verdict and the findings behind it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from lanes.config.policy_rules import PolicyRule, packaged_policies

Status = Literal["pass", "fail", "needs_review"]
MAX_FINDINGS = 4


class Finding(BaseModel):
    """One way the document breaks (or may break) a policy."""

    severity: Literal["low", "medium", "high"]
    rule: str
    quote: str = Field(max_length=200)


class Verdict(BaseModel):
    """The governance lane's decision on a document."""

    status: Status
    findings: list[Finding] = Field(max_length=MAX_FINDINGS)


def verdict_schema(rules: Sequence[PolicyRule] | None = None) -> dict[str, Any]:
    """``Verdict`` whose finding rules must be the ids of ``rules`` (the packaged ones)."""
    rules = packaged_policies() if rules is None else rules
    schema = Verdict.model_json_schema()
    schema["$defs"]["Finding"]["properties"]["rule"] = {"enum": [r.id for r in rules]}
    return schema
