"""A board change the request negates or asks about is not read as one."""

from __future__ import annotations

from datetime import date

import pytest

from nodes.pm.intent import read_intent

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "text",
    [
        "don't close CORE-3",
        "do not move CORE-3 to done",
        "no need to open a ticket: just fix it",
        "please do not create a ticket for this",
        "how do I move CORE-1 to done?",
        "how to add a ticket: a question about the syntax",
        "what happens if I delete CORE-4?",
        "Can you tell me whether 'add a ticket: foo' would create a ticket?",
        "is there a way to assign the CSV export to Lee?",
        "should we close RACE-2?",
        "should we delete RACE-4?",
        "did anyone close RACE-1 and assign it to Lee?",
        "why did we move CORE-2 to blocked?",
        "who should I assign CORE-5 to?",
        "do we need to delete CORE-4 before the release?",
        "would it make sense to close CORE-3 now",
        "Shall I add a ticket for the flaky test?",
        "Does this comply? def close_ticket(): close CORE-6 and delete CORE-7",
        "review this: `board.run('close CORE-6')`",
        "is this ok?\n```\nfunction f() { close CORE-6 }\n```",
        "const done = () => close CORE-6",
    ],
)
def test_negated_or_asked_about_is_no_board_change(text):
    intent = read_intent(text, TODAY)
    assert intent is None or intent.kind == "show"  # the tickets named, as they are


@pytest.mark.parametrize(
    ("text", "ids", "command"),
    [
        ("should we close RACE-2?", ["RACE-2"], "move RACE-2 to done"),
        ("should we delete RACE-4?", ["RACE-4"], "delete RACE-4"),
        ("don't close CORE-3", ["CORE-3"], None),  # said not to: no suggestion
        ("is RACE-3 done yet?", ["RACE-3"], None),
        ("what is the status of RACE-1?", ["RACE-1"], None),
        ("who owns CORE-2?", ["CORE-2"], None),
        ("status of core-1 and CORE-2", ["CORE-1", "CORE-2"], None),
        ("tell me about CORE-4", ["CORE-4"], None),
        ("is CORE-3 blocked?", ["CORE-3"], None),
    ],
)
def test_a_question_about_named_tickets_shows_them(text, ids, command):
    intent = read_intent(text, TODAY)
    assert intent is not None and intent.kind == "show"
    assert (intent.ids, intent.detail) == (ids, command)


@pytest.mark.parametrize(
    "text",
    ["what does the runbook say about CORE-3?", "review the code for CORE-3", "what is blocked?"],
)
def test_other_requests_naming_a_ticket_are_not_shows(text):
    intent = read_intent(text, TODAY)
    assert intent is None or intent.kind != "show"


@pytest.mark.parametrize(
    ("text", "kind", "title"),
    [
        ("can you add a ticket: fix login?", "add_ticket", "fix login"),
        ("add a ticket for flaky login tests", "add_ticket", "flaky login tests"),
        ('add a ticket: "Rotate keys"', "add_ticket", "Rotate keys"),
        ("if the build is not green, add a ticket: fix CI", "add_ticket", "fix CI"),
        ("add a ticket:", "add_ticket", None),
        ("add a ticket:  ?! ", "add_ticket", None),
        ("don't forget to add a ticket: rotate keys", "add_ticket", "rotate keys"),
        ("please do not forget to close CORE-3", "move", None),
        ("Here's how to fix it. Add a ticket: patch the parser", "add_ticket", "patch the parser"),
        ("check whether the export works, then add a ticket: fix it", "add_ticket", "fix it"),
        ("move CORE-1 to done", "move", None),
        ("could you close CORE-3?", "move", None),
        ("Done with the migration (finally): close CORE-3", "move", None),
        ("Update the status of ticket WEB-311 to blocked, waiting on legal", "move", None),
        ("will you close CORE-3?", "move", None),
        ("we should close CORE-3, it's done", "move", None),
        ("when the build is green, move CORE-1 to done", "move", None),
        ("CORE-3 is now blocked", "move", None),
    ],
)
def test_asked_changes_are_read_with_a_clean_title(text, kind, title):
    intent = read_intent(text, TODAY)
    assert intent is not None and intent.kind == kind and intent.title == title


@pytest.mark.parametrize(
    ("text", "owner", "epic", "unread"),
    [
        ("close all tickets", None, None, None),
        ("Please close all the remaining tasks.", None, None, None),
        ("close all of Lee's tickets", "Lee", None, None),
        ("close all open tickets assigned to Lee Park", "Lee Park", None, None),
        ("mark every ticket in EPIC-2 as done", None, "EPIC-2", None),
        ("close all tickets in epic-3 owned by Sam please", "Sam", "EPIC-3", None),
        ("close all tickets from last sprint", None, None, "from last sprint"),
    ],
)
def test_closing_all_of_a_set_reads_its_owner_and_epic(text, owner, epic, unread):
    intent = read_intent(text, TODAY)
    assert intent is not None and intent.kind == "close_all"
    assert (intent.owner, intent.ticket, intent.detail) == (owner, epic, unread)


@pytest.mark.parametrize(
    "text",
    ["should we close all tickets?", "don't close all tickets", "mark all tickets as blocked",
     "close all the tabs"],
)  # fmt: skip
def test_closing_all_asked_about_or_of_something_else_is_not_a_change(text):
    intent = read_intent(text, TODAY)
    assert intent is None or intent.kind not in ("close_all", "close_many", "move")


@pytest.mark.parametrize(
    ("text", "kind", "ticket", "words"),
    [
        ("set the due date of CORE-2 to Friday", "due", "CORE-2", "Friday"),
        ("change the deadline for core-2 to 2026-12-18.", "due", "CORE-2", "2026-12-18"),
        ("push CORE-4's due date to next week", "due", "CORE-4", "next week"),
        ("CORE-2 is now due by end of month", "due", "CORE-2", "end of month"),
        ("rename CORE-2 to Export as CSV", "rename", "CORE-2", "Export as CSV"),
        ("change the title of CORE-1 to: Fix SSO login", "rename", "CORE-1", "Fix SSO login"),
    ],
)
def test_a_due_date_or_title_change_names_its_ticket_and_value(text, kind, ticket, words):
    intent = read_intent(text, TODAY)
    assert intent is not None and (intent.kind, intent.ticket) == (kind, ticket)
    assert (intent.detail if kind == "due" else intent.title) == words


@pytest.mark.parametrize(
    "text", ["is CORE-2 due Friday?", "when is CORE-2 due?", "should we rename CORE-1 to Foo?"]
)
def test_asking_about_a_due_date_or_title_changes_nothing(text):
    intent = read_intent(text, TODAY)
    assert intent is not None and intent.kind == "show"
