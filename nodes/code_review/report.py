"""How a code review reads: the analyzers' findings first, then the model's explanation.

The model's word is untrusted: with a high- or medium-severity finding its overall
assessment is replaced by a plain "not ready" or "needs changes" (a 0.5B model called an
SQL injection "well structured", and a mass assignment it was shown "not an issue"),
and when the request carries code, a note of the model counts only if it points at that
code (a quoted fragment that is there, or a line that exists).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from nodes.code_review.analyzers import Evidence
from nodes.code_review.findings import Finding, worst
from prompts import coder as p

MAX_FINDING_LINES = 25  # the worst; the rest are counted
_QUOTED = re.compile(r"`([^`]{2,})`")
_LINE = re.compile(r"\bline (\d+)", re.IGNORECASE)


def finding_lines(findings: Sequence[Finding], snippets: int) -> list[str]:
    """One line per finding, worst first, then by line; past ``MAX_FINDING_LINES``, a count.

    A whole file pasted can give thousands of findings: the review (and the model's
    prompt, which shows these lines) keeps the worst, and the rest are in the data.
    """
    order = {"high": 0, "medium": 1, "low": 2}
    template = p.FINDING_LINE_IN if snippets > 1 else p.FINDING_LINE
    ranked = sorted(findings, key=lambda f: (order[f.severity], f.snippet, f.line))
    lines = [
        template.format(
            snippet=f.snippet,
            line=f.line,
            rule=f.rule,
            severity=f.severity,
            message=f.message.rstrip("."),
            fix=f.fix or "see the rule",
        )  # fmt: skip
        for f in ranked[:MAX_FINDING_LINES]
    ]
    rest = ranked[MAX_FINDING_LINES:]
    if rest:
        counts = Counter(f.severity for f in rest)
        said = ", ".join(f"{counts[s]} {s}" for s in order if counts[s])
        lines.append(p.MORE_FINDINGS.format(count=len(rest), severities=said))
    return lines


def points_at_code(note: str, code: str) -> bool:
    """Whether a model's note quotes this code or names one of its lines."""
    lines = code.count("\n") + 1
    if any(fragment.strip() in code for fragment in _QUOTED.findall(note)):
        return True
    return any(1 <= int(n) <= lines for n in _LINE.findall(note))


def review_text(evidence: Evidence, snippets: int, assessment: str, model_notes: list[str]) -> str:
    """The review: findings (or what was checked), the verdict on them, the model's notes."""
    parts = []
    tools = ", ".join(evidence.checked) or "no analyzer"
    if evidence.findings:
        parts.append(
            "\n".join(
                [
                    p.FINDINGS_HEADING.format(tools=tools),
                    *finding_lines(evidence.findings, snippets),
                ]
            )  # fmt: skip
        )
    elif evidence.checked:
        parts.append(p.CHECKED_CLEAN.format(tools=tools))
    if evidence.skipped:
        parts.append(p.NOT_CHECKED.format(why="; ".join(evidence.skipped)))
    severest = worst(evidence.findings)
    if severest in ("high", "medium"):  # the verdict follows the findings, not the model
        count = sum(f.severity == severest for f in evidence.findings)
        parts.append((p.NOT_SAFE if severest == "high" else p.NEEDS_CHANGES).format(count=count))
    else:
        parts.append(assessment.strip())
    if model_notes:
        parts.append(
            "\n".join([p.MODEL_NOTES, *(f"- {n.strip().rstrip('.')}." for n in model_notes)])
        )
    return "\n\n".join(part for part in parts if part)
