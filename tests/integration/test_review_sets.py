"""Code review and compliance on the blind sets' report split: what code alone finds.

The evidence every review starts from (analyzers, detectors, verdict rules), no model:
a floor under it, so it cannot silently get worse. Issue 22's goals (80% of bugs named,
at most 10% of clean snippets given a high finding, 85% of verdicts right) are above
these; the model's part is not measured here.
"""

from __future__ import annotations

from tests.integration.review_eval import code_review, compliance, rows, tables

NAMED_FLOOR = 0.15  # buggy snippets whose review names the bug
CLEAN_HIGH_CEILING = 0.15  # clean snippets given a high-severity finding
VERDICT_FLOOR = 0.65  # compliance verdicts right


def test_report_split_floors_for_reviews_and_verdicts():
    print("\n" + tables("report"))
    code = rows("code_review/snippets.jsonl", "report")
    named = [code_review(r)[0] for r in code if r["buggy"]]
    clean_high = [not code_review(r)[0] for r in code if not r["buggy"]]
    verdicts = [compliance(r)[0] for r in rows("compliance/cases.jsonl", "report")]
    assert sum(named) / len(named) >= NAMED_FLOOR
    assert sum(clean_high) / len(clean_high) <= CLEAN_HIGH_CEILING
    assert sum(verdicts) / len(verdicts) >= VERDICT_FLOOR
