from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from nodes.pm.intent import read_intent
from nodes.pm.notes.due_dates import find_due
from nodes.pm.notes.evaluation import read_set, score
from nodes.pm.notes.reading import read_by_rules
from nodes.pm.notes.rules import clauses, merge, rule_reading
from tests.integration.notes_eval import evaluate

TODAY = date(2026, 11, 23)  # a Monday
EXAMPLE = (
    "Noor will fix the login timeout by Friday; Tomasz owns the 2.3 release notes; "
    "we still need CSV export for invoices"
)
SET = Path(__file__).resolve().parents[4] / "data" / "meeting_notes.jsonl"


def test_the_issue_example_gives_three_items_two_owners_one_due_date():
    items = [rule_reading(c, TODAY) for c in clauses(EXAMPLE)]
    assert [(i.title, i.owner, i.due) for i in items if i] == [
        ("Fix the login timeout", "Noor", date(2026, 11, 27)),
        ("2.3 release notes", "Tomasz", None),
        ("CSV export for invoices", None, None),
    ]


@pytest.mark.parametrize(
    ("clause", "owner", "title"),
    [
        ("Lee: migrate the billing DB to Postgres 16", "Lee", "Migrate the billing DB to Postgres 16"),
        ("@kim please update the onboarding docs", "Kim", "Update the onboarding docs"),
        ("Rotate the API keys (owner: Priya)", "Priya", "Rotate the API keys"),
        ("Sam is looking into the flaky CI job", "Sam", "Look into the flaky CI job"),
        ("TODO: archive the old dashboards", None, "Archive the old dashboards"),
        ("Assigned to Lee: CSV export", "Lee", "CSV export"),
        ("Lee and Sam will migrate the cron jobs", "Lee", "Migrate the cron jobs"),
    ],
)  # fmt: skip
def test_rules_read_the_shapes_action_items_take(clause, owner, title):
    item = rule_reading(clause, TODAY)
    assert item is not None and (item.owner, item.title) == (owner, title)


@pytest.mark.parametrize(
    "clause", ["The demo went well", "Sales reported strong numbers", "We decided on Postgres"]
)
def test_statements_are_not_action_items(clause):
    assert rule_reading(clause, TODAY) is None


def test_a_label_and_comma_separated_owners_give_one_clause_per_owner():
    text = "From today's standup: Lee will deploy the hotfix tonight, Ana needs to update the page"
    assert clauses(text) == ["Lee will deploy the hotfix tonight", "Ana needs to update the page"]
    assert clauses("Assigned to Lee: CSV export") == ["Assigned to Lee: CSV export"]


def test_headers_and_bullets_are_not_clauses():
    text = "Standup notes\nAttendees: Ann, Bo\nAction items\n- [ ] Ann to ship it\n2) Bo: test it"
    assert clauses(text) == ["Ann to ship it", "Bo: test it"]


def test_the_models_owner_counts_only_when_written_in_the_clause():
    clause = "The importer needs a retry for rows with empty dates"
    made_up = {"action": True, "owner": "Alice", "task": "fix the importer"}
    item = merge(clause, None, made_up, TODAY)
    assert item is not None and item.owner is None  # "Alice" is not in the clause
    grounded = merge("Ravi should check the importer", None, {**made_up, "owner": "Ravi"}, TODAY)
    assert grounded is not None and grounded.owner == "Ravi"


def test_the_model_alone_cannot_make_a_statement_an_action_item():
    verdict = {"action": True, "owner": "", "task": "celebrate the launch"}
    assert merge("The launch went smoothly", None, verdict, TODAY) is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("ship it by Friday", date(2026, 11, 27)),
        ("ship it by next Friday", date(2026, 12, 4)),
        ("renew it before 14 December", date(2026, 12, 14)),
        ("due 2027-01-05", date(2027, 1, 5)),
        ("cancel the seats by end of month", date(2026, 11, 30)),
        ("done (Wed)", date(2026, 11, 25)),
        ("no date here", None),
    ],
)
def test_due_dates_as_people_write_them(text, due):
    assert find_due(text, TODAY)[0] == due


def test_rules_alone_hold_the_floor_on_the_fit_split():
    rows = read_set(SET, "fit")
    found = [[i for i in (rule_reading(c, TODAY) for c in clauses(r["notes"])) if i] for r in rows]
    result = score(rows, found)
    print(f"rules, fit split: {result.share:.3f} with the right owner, {result.extra} extra")
    assert result.share >= 0.85 and result.extra <= 2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("move CORE-12 to done", "move"),
        ("assign the CSV export to Lee", "assign"),
        ("what is blocked?", "blocked"),
        ("what is Noor working on?", "owner_work"),
        ("draft a roadmap for the next two quarters from our open epics", "roadmap"),
        (EXAMPLE, "notes"),
        ("close CORE-1, CORE-2 and CORE-3", "close_many"),
        ("delete CORE-4", "delete"),
        ("status of the project?", "status"),
        ("Noor will fix the login timeout by Friday.", "notes"),
    ],
)
def test_project_management_requests_are_read_by_rule(text, kind):
    intent = read_intent(text, TODAY)
    assert intent is not None and intent.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Check CORE-12 against the code",
        "Review this code: def add(a, b): return a - b",
        "What does the README say about fallback chains?",
        "Summarise this log for errors",
        "Can you review this PR? Lee will deploy it tomorrow",
        "Review the payment code and then update the roadmap",
        # Addressed to the assistant: its handle is not an owner.
        "@assistant every file in services/ (~600) - find the SQL built by concat and fix it",
        "@bot whole repo attached. explain the architecture + the worst code smells",
    ],
)
def test_other_requests_are_not_project_management(text):
    assert read_intent(text, TODAY) is None


def test_rules_read_the_blind_fit_split_of_notes_as_teams_write_them():
    """The blind set's fit split (tests/data/meeting_notes_blind): the rules alone."""
    figures = asyncio.run(evaluate("fit", model=False))
    print(f"\nblind notes, fit split, rules only:\n{figures.table()}")
    # The fit split grows with every blind batch; each scored 52-57% before it was fitted,
    # so these floors hold what the rules reach on all of them, not the issue's goals.
    assert figures.total("right") >= 0.74 * figures.total("actions")
    assert figures.total("chatter") <= 0.05 * figures.total("non_actions")
    assert figures.total("unmatched") <= 0.45 * figures.total("notes")


def test_the_reader_keeps_the_teams_own_notes_right():
    """The first, team-written set (tests/data/meeting_notes.jsonl), both splits."""
    for split in ("fit", "report"):
        rows = read_set(SET, split)
        result = score(rows, [read_by_rules(r["notes"], TODAY).items for r in rows])
        assert result.share >= 0.95 and result.extra <= 1, (split, result.misses)
