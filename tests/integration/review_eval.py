"""Code reviews and compliance verdicts on sets written blind, per bug kind and control.

``python -m tests.integration.review_eval [fit|report|all]`` prints, for the code set
(``tests/data/code_review``): buggy snippets whose review names the bug (one of the
words a reviewer who found it would use), and clean snippets given a high-severity
finding; for the compliance set (``tests/data/compliance``): verdicts right. Both with
the evidence code computes (analyzers, detectors, the verdict rules), no model: what
every review starts from, whatever lane serves it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from lanes.config.policy_rules import packaged_policies
from nodes.code_review.analyzers import analyze
from nodes.code_review.findings import worst
from nodes.code_review.report import finding_lines
from nodes.code_review.snippets import Snippet
from nodes.lane_steps.governance_checks import check_verdict
from nodes.lane_steps.governance_detect import detected
from nodes.lane_steps.governance_verdict import Verdict

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(name: str, split: str) -> list[dict[str, Any]]:
    """The rows of ``tests/data/<name>`` in ``split`` (``all`` for every one)."""
    found = [json.loads(line) for line in (DATA / name).read_text().splitlines()]
    return [r for r in found if split == "all" or r["split"] == split]


def code_review(row: dict[str, Any]) -> tuple[bool, str]:
    """(right, review text): a bug named, or a clean snippet with no high finding."""
    evidence = analyze([Snippet(row["code"], row["language"])])
    text = "\n".join(finding_lines(evidence.findings, 1)).lower()
    if row["buggy"]:
        return any(word in text for word in row["words"]), text
    return worst(evidence.findings) != "high", text


def compliance(row: dict[str, Any]) -> tuple[bool, str]:
    """(right, status): the verdict code reaches from the detectors alone."""
    rules = packaged_policies()
    found = detected(rules, row["text"])
    verdict, _ = check_verdict(Verdict(status="pass", findings=found[:4]), rules, row["text"])
    return verdict.status == row["verdict"], verdict.status


def tables(split: str) -> str:
    """Per kind and per control, then the three figures the floors hold."""
    lines: list[str] = []
    by: dict[str, list[bool]] = defaultdict(list)
    code = rows("code_review/snippets.jsonl", split)
    right = {row["id"]: code_review(row)[0] for row in code}  # each snippet analyzed once
    for row in code:
        by[row["kind"]].append(right[row["id"]])
    lines += [f"{kind:<22} {sum(v)} / {len(v)}" for kind, v in sorted(by.items())]
    named = [right[r["id"]] for r in code if r["buggy"]]
    clean = [not right[r["id"]] for r in code if not r["buggy"]]
    controls: dict[str, list[bool]] = defaultdict(list)
    cases = rows("compliance/cases.jsonl", split)
    for row in cases:
        controls[f"{row['control']} ({row['verdict']})"].append(compliance(row)[0])
    lines += [f"{c:<44} {sum(v)} / {len(v)}" for c, v in sorted(controls.items())]
    verdicts = [v for values in controls.values() for v in values]
    lines.append(
        f"bugs named {sum(named)}/{len(named)} ({sum(named) / len(named):.0%}); clean snippets "
        f"with a high finding {sum(clean)}/{len(clean)}; compliance verdicts right "
        f"{sum(verdicts)}/{len(verdicts)} ({sum(verdicts) / len(verdicts):.0%})"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(tables(sys.argv[1] if len(sys.argv) > 1 else "fit"))
