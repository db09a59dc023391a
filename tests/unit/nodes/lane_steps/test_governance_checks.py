"""A verdict must agree with its findings, and every finding's quote must be in the material."""

from __future__ import annotations

import pytest

from lanes.config.policy_rules import PolicyRule
from nodes.lane_steps.governance_checks import check_verdict, quoted_in
from nodes.lane_steps.governance_verdict import Verdict

RULES = (
    PolicyRule("PRIV-2", "Secrets are never stored in plain text.", "high"),
    PolicyRule("SEC-2", "Untrusted input is validated.", "medium"),
    PolicyRule("A11Y-1", "Accessibility requirements are stated.", "low"),
)
PRD = """Login PRD.
We keep user passwords   in plain text
so support can read them. The form takes any input."""


def verdict(status: str, *findings: tuple[str, str, str]) -> Verdict:
    return Verdict.model_validate(
        {
            "status": status,
            "findings": [{"severity": s, "rule": r, "quote": q} for s, r, q in findings],
        }
    )


def test_a_pass_with_high_findings_becomes_fail_and_says_why():
    given = verdict(
        "pass",
        ("high", "PRIV-2", "user passwords in plain text"),
        ("high", "PRIV-2", "support can read them"),
    )
    checked, corrections = check_verdict(given, RULES, PRD)
    assert checked.status == "fail"
    assert checked.findings == given.findings  # the evidence is kept
    assert corrections == [
        {
            "check": "status",
            "reason": "status pass -> fail: a high finding (PRIV-2) cannot come with pass",
        }
    ]


def test_a_medium_finding_needs_at_least_review_and_a_low_one_may_pass():
    medium = verdict("pass", ("medium", "SEC-2", "The form takes any input."))
    assert check_verdict(medium, RULES, PRD)[0].status == "needs_review"
    low = verdict("pass", ("low", "A11Y-1", "Login PRD"))
    assert check_verdict(low, RULES, PRD) == (low, [])


def test_the_models_word_alone_fails_nothing():
    strict = verdict("fail", ("low", "A11Y-1", "Login PRD"))
    checked, (correction,) = check_verdict(strict, RULES, PRD)
    assert checked == verdict("pass", ("low", "A11Y-1", "Login PRD"))
    assert correction["reason"] == "status fail -> pass: no verified finding supports fail"
    checked, _ = check_verdict(verdict("needs_review"), RULES, PRD)
    assert checked == verdict("pass")


def test_an_invented_quote_is_dropped_and_named():
    given = verdict(
        "fail",
        ("high", "PRIV-2", "passwords are emailed to admins"),  # not in the PRD
        ("high", "PRIV-2", "in plain text"),
    )
    checked, corrections = check_verdict(given, RULES, PRD)
    assert checked == verdict("fail", ("high", "PRIV-2", "in plain text"))
    (dropped,) = corrections
    assert dropped["check"] == "quote"
    assert dropped["finding"]["quote"] == "passwords are emailed to admins"
    assert "is not in the material under review" in dropped["reason"]


def test_dropping_findings_comes_first_then_the_status_rule():
    # The only high finding is invented: it cannot fail the PRD, but a person should look.
    given = verdict("pass", ("high", "PRIV-2", "we sell the passwords"))
    checked, corrections = check_verdict(given, RULES, PRD)
    assert checked == verdict("needs_review")
    assert [c["check"] for c in corrections] == ["quote", "status"]
    assert corrections[1]["reason"] == (
        "status pass -> needs_review: a high finding (PRIV-2) was dropped: a person should look"
    )
    invented_low = verdict("pass", ("low", "A11Y-1", "no alt text anywhere"))
    assert check_verdict(invented_low, RULES, PRD)[0] == verdict("pass")


@pytest.mark.parametrize(
    "quote",
    [
        "user passwords in plain text",  # the PRD has three spaces and a line break
        "WE KEEP USER PASSWORDS IN PLAIN TEXT\nSO SUPPORT",
        "  \u201cpasswords\tin plain text\u201d ",  # curly quote marks around it, a tab
        "passwords\u00a0in plain text",  # a no-break space
    ],
)
def test_whitespace_case_and_quote_marks_do_not_matter(quote):
    assert quoted_in(quote, PRD)


@pytest.mark.parametrize("quote", ["", "   ", '""', "...", "passwords in plaintext"])
def test_an_empty_or_reworded_quote_is_not_found(quote):
    assert not quoted_in(quote, PRD)


def test_a_finding_citing_an_unknown_rule_is_dropped():
    given = verdict("needs_review", ("high", "GDPR-99", "plain text"))
    checked, corrections = check_verdict(given, RULES, PRD)
    assert checked == verdict("needs_review")
    assert corrections[0]["check"] == "rule" and "'GDPR-99'" in corrections[0]["reason"]


def test_a_findings_severity_is_its_rules():
    # A model cannot talk a high breach down to low to keep its pass.
    given = verdict("pass", ("low", "PRIV-2", "plain text"))
    checked, corrections = check_verdict(given, RULES, PRD)
    assert checked == verdict("fail", ("high", "PRIV-2", "plain text"))
    assert [c["check"] for c in corrections] == ["severity", "status"]
    assert corrections[0]["reason"] == "PRIV-2 is a high rule; the model said low"
