"""Findings tempered by a guard the code shows: an allowlisted column, a checked path.

A scanner flags ``f"ORDER BY {column}"`` whether ``column`` came from the request or
from ``SORT_COLUMNS.get(key)``, and ``path.resolve(base, name)`` whether or not the next
line checks that the result stays under ``base``. On code that shows such a guard, a
finding of that kind is medium, not high, and says what to check: a reviewer still
looks, but a correct snippet is not called dangerous. The kinds, their rules and the
guards are data (``guards`` in ``prompts/data/code_rules.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from nodes.code_review.findings import Finding, code_rules_data
from nodes.code_review.snippets import Snippet


@dataclass(frozen=True)
class Guard:
    """A kind of finding (its rule codes or prefixes) and the code that guards against it."""

    kind: str
    rules: tuple[str, ...]
    guard: re.Pattern[str]
    note: str


@cache
def guards() -> tuple[Guard, ...]:
    """The guards in ``prompts/data/code_rules.json``."""
    return tuple(
        Guard(g["kind"], tuple(g["rules"]), re.compile(g["guard"], re.MULTILINE), g["note"])
        for g in code_rules_data().get("guards", [])
    )


def tempered(findings: list[Finding], snippets: list[Snippet]) -> list[Finding]:
    """``findings`` with each high one that its snippet's code guards made medium."""
    out = []
    for finding in findings:
        code = snippets[finding.snippet - 1].code if 0 < finding.snippet <= len(snippets) else ""
        guard = next(
            (
                g
                for g in guards()
                if finding.severity == "high"
                and finding.rule.startswith(g.rules)
                and g.guard.search(code)
            ),
            None,
        )
        if guard is not None:
            finding = replace(
                finding, severity="medium", message=f"{finding.message} ({guard.note})"
            )
        out.append(finding)
    return out
