"""Code reviews and compliance verdicts through ``cortex ask`` on the embedded defaults.

`test_review_sets` holds floors under what the analyzers and detectors find; this holds
them under what a user gets: the request worded as people write it ("thoughts?", the
code then "any issues with the above?"), routed, the code or document cut out of it,
analyzed, and answered by the embedded model, on the first blind sets' report split
(the later sets' report halves are measured by `test_review_sets` alone: at about 12 s a
request, all of them would take half an hour). Nothing asked here may change the board.
Kept in ``make eval``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.integration.cli import cortex
from tests.integration.review_eval import rows

NAMED_FLOOR = 0.55  # measured 13/21 through cortex ask
CLEAN_HIGH_CEILING = 0.25  # measured 1/8
VERDICT_FLOOR = 0.70  # measured 16/17 with the compliance model (12/17 without)

CODE_ASKS = (
    "thoughts?\n{code}",
    "LGTM? merging after lunch\n\n{code}",
    "why does this crash sometimes\n```\n{code}\n```",
    "can u check this pr, Ana wrote it and Ben will deploy it friday\n{code}",
    "{code}\n\nany issues with the above?",
    "Review needed before release:\n{code}",
)
COMPLIANCE_ASKS = (
    "Does this comply with our policies?\n\n{text}",
    "is this ok from a compliance pov?\n{text}",
    "Compliance check please:\n{text}",
    "{text}\n\nany policy problems here?",
    "Can you check this doc against our privacy and security rules?\n---\n{text}\n---",
)
_VERDICT = re.compile(r"\bVerdict: (pass|needs_review|fail)\b")


def answer(tmp_path: Path, text: str) -> str:
    done = cortex("ask", "--yes", "--json", "-", cwd=tmp_path, stdin=text)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return str(json.loads(done.stdout)["answer"])


@pytest.fixture(scope="module")
def asked(tmp_path_factory, embedded_gguf) -> tuple[list[bool], list[bool], list[bool], list]:
    """Every report-split request through cortex ask once: (named, clean_high, verdicts, board)."""
    folder = tmp_path_factory.mktemp("asked")
    named, clean_high, verdicts = [], [], []
    for i, row in enumerate(rows("code_review/snippets.jsonl", "report")):
        text = answer(folder, CODE_ASKS[i % len(CODE_ASKS)].format(code=row["code"]))
        if row["buggy"]:
            named.append(any(word in text.lower() for word in row["words"]))
        else:
            clean_high.append(", high]" in text)
    for i, row in enumerate(rows("compliance/cases.jsonl", "report")):
        text = answer(folder, COMPLIANCE_ASKS[i % len(COMPLIANCE_ASKS)].format(text=row["text"]))
        found = _VERDICT.search(text)
        verdicts.append(bool(found) and found.group(1) == row["verdict"])
    board = cortex("tickets", "--json", cwd=folder)
    assert board.returncode == 0, board.stderr
    return named, clean_high, verdicts, json.loads(board.stdout)


@pytest.mark.eval
@pytest.mark.timeout(1800)  # 46 requests of about 13 s each
def test_report_split_reviews_and_verdicts_through_cortex_ask(asked):
    named, clean_high, verdicts, _ = asked
    print(
        f"\nthrough cortex ask, report split: bugs named {sum(named)}/{len(named)}, clean "
        f"with a high finding {sum(clean_high)}/{len(clean_high)}, verdicts right "
        f"{sum(verdicts)}/{len(verdicts)}"
    )
    assert sum(named) / len(named) >= NAMED_FLOOR
    assert sum(clean_high) / len(clean_high) <= CLEAN_HIGH_CEILING
    assert sum(verdicts) / len(verdicts) >= VERDICT_FLOOR


@pytest.mark.eval
@pytest.mark.timeout(1800)
def test_questions_through_cortex_ask_leave_the_board_unchanged(asked):
    assert asked[3] == []
