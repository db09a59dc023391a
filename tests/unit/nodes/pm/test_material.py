"""Questions about pasted material are not notes; notes that name documents still are."""

from __future__ import annotations

from datetime import date

from nodes.pm.intent import read_intent
from nodes.pm.notes.material import asks_about_material

TODAY = date(2026, 11, 23)


def test_notes_that_mention_reviews_and_runbooks_stay_notes():
    notes = (
        "Platform sync\n- Priya will rotate the database credentials by Thursday\n"
        "- Marco to write the runbook for the load balancer\n- The incident review went fine"
    )
    assert not asks_about_material(notes)
    assert read_intent(notes, TODAY).kind == "notes"
    header = "Meeting notes: does the config comply? Ana will check retention_days: 30"
    assert not asks_about_material(header)  # it says it is notes


def test_a_question_about_pasted_code_or_a_policy_is_not_notes():
    asked = "Review this, Ben will merge it:\n```python\ndef f(x=[]):\n    return x\n```"
    assert asks_about_material(asked)
    policy = "Does this policy comply? Ana owns the chat logs; Ben will purge them yearly."
    assert asks_about_material(policy)
    intent = read_intent(policy, TODAY)
    assert intent is None or intent.kind != "notes"


def test_code_that_says_minutes_is_still_a_question_about_code():
    # Go's Duration.Minutes() once read as a "minutes" header: the code became tickets.
    asked = (
        "quick review pls, prod bug somewhere in here\npackage scheduling\n\n"
        "type Report struct {\n\tTechnicianID string\n\tBookedMinutes int\n}\n\n"
        "func Build(s Slot) int {\n\treturn int(s.End.Sub(s.Start).Minutes())\n}\n"
    )
    assert asks_about_material(asked)
    intent = read_intent(asked, TODAY)
    assert intent is None or intent.kind != "notes"
    minutes = "Minutes of the platform sync\n- Priya will review the config by Friday"
    assert read_intent(minutes, TODAY).kind == "notes"


POSTMORTEM = (
    "Postmortem: checkout 502s on 14 Feb\n- 14:02 deploy of payments 4.2\n"
    "- card numbers were logged in full by the retry handler\n"
    "Action items\n- Ben will roll back the logger by Friday"
)


def test_a_compliance_question_over_a_pasted_document():
    from nodes.pm.notes.material import asks_for_compliance

    assert asks_for_compliance(f"Does this comply with our policies?\n{POSTMORTEM}")
    assert asks_for_compliance(f"{POSTMORTEM}\n\nany policy problems here?")
    assert asks_for_compliance(f"Check this against our privacy and security rules\n{POSTMORTEM}")
    # a heading is not a question; a one-liner names no material; more asked is a plan
    assert not asks_for_compliance(f"Compliance sync notes\n{POSTMORTEM}")
    assert not asks_for_compliance("Is it compliant to keep chat logs for seven years?")
    assert not asks_for_compliance(f"Does this comply? Then file tickets for it\n{POSTMORTEM}")
    # two tasks in a list, the second a compliance check: a plan for two lanes
    assert not asks_for_compliance(
        "- Review auth.py for hard-coded secrets\n- Check the auth spec against the security policy"
    )


def test_a_question_about_pasted_code_is_one_task_unless_more_is_asked():
    from nodes.pm.notes.material import asks_only_about_material

    code = "def f(x=[]):\n    x.append(1)\n    return x\n"
    assert asks_only_about_material(f"Can you review this?\n{code}")
    assert not asks_only_about_material(f"Review this and then file tickets for the bugs\n{code}")
    assert not asks_only_about_material("Review the upload handler for bugs")  # nothing pasted


def test_a_compliance_question_without_a_document_word_is_not_notes():
    # "Compliance check please" names no policy or spec: it once became tickets.
    asked = (
        "Compliance check please:\nFinance will pull invoices from the portal every Monday\n"
        "Ops keeps the exports on the shared drive"
    )
    assert asks_about_material(asked)
    intent = read_intent(asked, TODAY)
    assert intent is None or intent.kind != "notes"


def test_a_compliance_question_over_one_paragraph_or_a_postmortem_is_not_notes():
    from nodes.pm.notes.material import asks_for_compliance

    # One pasted paragraph is material too: it once became tickets ("Marc will add a cron").
    paragraph = (
        "Recap from the checkout sync: we store full card numbers in a debug table; "
        "Marc will add a cron job to clean it out. Ship target is Thursday."
    )
    for asked in (
        f"is this ok from a compliance pov?\n{paragraph}",
        f"Compliance check please:\n{paragraph}",
        f"Does this comply with our policies?\n\n{POSTMORTEM}",  # has "Action items"
    ):
        assert asks_for_compliance(asked)
        intent = read_intent(asked, TODAY)
        assert intent is None or intent.kind != "notes", asked


def test_a_document_id_checked_against_a_policy_is_not_a_tickets_gap_analysis():
    from nodes.pm.intent import checks_ticket

    assert checks_ticket("check CORE-12 against the code")
    assert checks_ticket("does PAY-7 meet its acceptance criteria?")
    assert not checks_ticket("check the loyalty PRD (PRD-33) against the retention policy")
    assert not checks_ticket("compare RFC-9 and ADR-4 against our API policy")
    assert checks_ticket("compare PRD-3 with what PAY-7 implemented")  # a ticket is named too
