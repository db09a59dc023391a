"""Human approval fails closed: only an explicit approval approves."""

from __future__ import annotations

import pytest

from nodes.plumbing.review_decision import InvalidDecision, parse_decision


@pytest.mark.parametrize(
    "answer",
    [
        True,
        "approve",
        "Approved",
        " approve ",
        "APPROVE",
        " Approve ",
        "\tapproved\n",
        {"approved": True},
        {"approved": True, "note": "ok"},
    ],
)
def test_explicit_approvals_approve(answer):
    assert parse_decision(answer)["approved"] is True


@pytest.mark.parametrize(
    "answer", [False, "reject", "REJECTED", " Reject ", "rejected\n", {"approved": False}]
)
def test_explicit_rejections_reject(answer):
    assert parse_decision(answer)["approved"] is False


@pytest.mark.parametrize(
    "answer",
    [
        123,
        1,
        0,
        None,
        "no",
        "yes",
        "y",
        "",
        [],
        {"approved": "false"},
        {"approved": "no"},
        {"approved": "true"},
        {"approved": 1},
        {"approved": None},
        {},
        {"note": "looks fine"},
        {"approved": True, "admin": True},
        {"approved": True, "note": 5},
        "approve it",
        "not approved",
        "a p p r o v e",
        "APPROVE" * 10_000,
    ],
)
def test_anything_else_is_no_decision_and_says_what_is_accepted(answer):
    with pytest.raises(InvalidDecision) as err:
        parse_decision(answer)
    assert "true" in str(err.value) and "any case" in str(err.value)
    assert "\n" not in str(err.value) and len(str(err.value)) < 400


def test_the_note_is_kept_and_bounded():
    decision = parse_decision({"approved": True, "note": "x" * 5000})
    assert decision["note"] == "x" * 500
