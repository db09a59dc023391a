"""Code reviews and compliance verdicts on sets written blind, per bug kind and control.

``python -m tests.integration.review_eval [fit|report|all]`` prints, for the code set
(``tests/data/code_review``): buggy snippets whose review names the bug (one of the
words a reviewer who found it would use), and clean snippets given a high-severity
finding; for the compliance set (``tests/data/compliance``): verdicts right. Both with
the evidence code computes (analyzers; detectors and the fitted compliance model,
:mod:`nodes.lane_steps.governance_model`; the verdict rules), no language model: what
every review starts from, whatever lane serves it.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lanes.config.policy_rules import packaged_policies
from nodes.code_review.analyzers import analyze
from nodes.code_review.findings import Finding, worst
from nodes.code_review.report import finding_lines
from nodes.code_review.snippets import Snippet
from nodes.lane_steps.governance_checks import check_verdict
from nodes.lane_steps.governance_detect import detected
from nodes.lane_steps.governance_model import with_model_finding
from nodes.lane_steps.governance_verdict import Verdict
from stores.embeddings import MiniLMEmbeddings
from tests.integration.eval_args import eval_parser

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(pattern: str, split: str) -> list[dict[str, Any]]:
    """The rows of the files ``tests/data/<pattern>`` in ``split`` (``all`` for every one)."""
    files = sorted(DATA.glob(pattern))
    found = [json.loads(line) for f in files for line in f.read_text().splitlines()]
    return [r for r in found if split == "all" or r["split"] == split]


def code_reviews(code: list[dict[str, Any]]) -> dict[str, tuple[bool, str]]:
    """Per snippet id, (right, review text): a bug named, or a clean snippet with no high
    finding. All snippets go through the analyzers in one call (one semgrep start)."""
    evidence = analyze([Snippet(row["code"], row["language"]) for row in code])
    by_snippet: dict[int, list[Finding]] = defaultdict(list)
    for finding in evidence.findings:
        by_snippet[finding.snippet].append(finding)
    reviews = {}
    for number, row in enumerate(code, start=1):
        found = by_snippet[number]
        text = "\n".join(finding_lines(found, 1)).lower()
        named = any(word in text for word in row["words"])
        reviews[row["id"]] = (named if row["buggy"] else worst(found) != "high", text)
    return reviews


def compliance(row: dict[str, Any]) -> tuple[bool, str]:
    """(right, status): the verdict code reaches from the detectors and the compliance model."""
    rules = packaged_policies()
    found = with_model_finding(rules, row["text"], detected(rules, row["text"]), _embeddings())
    verdict, _ = check_verdict(Verdict(status="pass", findings=found[:4]), rules, row["text"])
    return verdict.status == row["verdict"], verdict.status


@functools.cache
def _embeddings() -> MiniLMEmbeddings:
    return MiniLMEmbeddings()


@dataclass(frozen=True)
class Figures:
    """The three figures issue 22's floors are about."""

    named: float  # buggy snippets whose review names the bug
    clean_high: float  # clean snippets given a high-severity finding
    verdicts: float  # compliance verdicts right


def tables(split: str) -> tuple[str, Figures]:
    """Per kind and per control, then the three figures the floors hold."""
    lines: list[str] = []
    by: dict[str, list[bool]] = defaultdict(list)
    code = rows("code_review/snippets*.jsonl", split)
    right = {key: value[0] for key, value in code_reviews(code).items()}
    for row in code:
        by[row["kind"]].append(right[row["id"]])
    lines += [f"{kind:<26} {sum(v)} / {len(v)}" for kind, v in sorted(by.items())]
    named = [right[r["id"]] for r in code if r["buggy"]]
    clean = [not right[r["id"]] for r in code if not r["buggy"]]
    controls: dict[str, list[bool]] = defaultdict(list)
    cases = rows("compliance/cases*.jsonl", split)
    for row in cases:
        controls[f"{row['control']} ({row['verdict']})"].append(compliance(row)[0])
    lines += [f"{c:<44} {sum(v)} / {len(v)}" for c, v in sorted(controls.items())]
    verdicts = [v for values in controls.values() for v in values]
    lines.append(
        f"bugs named {sum(named)}/{len(named)} ({sum(named) / len(named):.0%}); clean snippets "
        f"with a high finding {sum(clean)}/{len(clean)}; compliance verdicts right "
        f"{sum(verdicts)}/{len(verdicts)} ({sum(verdicts) / len(verdicts):.0%})"
    )
    figures = Figures(
        sum(named) / len(named), sum(clean) / len(clean), sum(verdicts) / len(verdicts)
    )
    return "\n".join(lines), figures


if __name__ == "__main__":
    print(tables(eval_parser(__doc__).parse_args().split)[0])
