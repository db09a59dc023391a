"""How a review lists its findings."""

from __future__ import annotations

from nodes.code_review.findings import Finding
from nodes.code_review.report import MAX_FINDING_LINES, finding_lines


def test_a_whole_file_pasted_gives_the_worst_findings_and_a_count() -> None:
    many = [Finding("ruff", "F811", n, "redefined", "low", "rename it") for n in range(1, 400)]
    many.append(Finding("ruff", "S608", 500, "SQL built from a string", "high", "bind it"))
    lines = finding_lines(many, 1)
    assert len(lines) == MAX_FINDING_LINES + 1
    assert "S608" in lines[0]
    assert lines[-1].startswith("- and 375 more findings (375 low)")
