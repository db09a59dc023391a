"""A finding of an analyzer: rule, line, what is wrong, how to fix it, how severe.

Severities and fixes are data (``prompts/data/code_rules.json``), matched by rule code
or its prefix, the longest first, so a team can read and change them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Finding:
    """One problem an analyzer found, at a line of one snippet (1-based)."""

    tool: str
    rule: str
    line: int
    message: str
    severity: str
    fix: str
    snippet: int = 1


@cache
def code_rules_data() -> dict[str, Any]:
    """``prompts/data/code_rules.json``: rule severities and fixes, and guards."""
    text = resources.files("prompts").joinpath("data/code_rules.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def _rules() -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = code_rules_data()["rules"]
    return rules


def classified(tool: str, rule: str, line: int, message: str, snippet: int = 1) -> Finding:
    """A finding with the severity and fix its rule (or the rule's prefix) has."""
    rules = _rules()
    known = max((key for key in rules if rule.startswith(key)), key=len, default="")
    info = rules.get(known, {"severity": "low", "fix": ""})
    return Finding(tool, rule, line, message, info["severity"], info["fix"], snippet)


def worst(findings: list[Finding]) -> str | None:
    """The highest severity among ``findings``, or None when there are none."""
    found = {f.severity for f in findings}
    return next((s for s in SEVERITIES if s in found), None)
