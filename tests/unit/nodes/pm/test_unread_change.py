"""A board change in words no rule reads gets the list of changes, not a model's answer."""

from __future__ import annotations

import pytest

from nodes.pm.unread_change import unread_board_change


@pytest.mark.parametrize(
    "text",
    [
        "move all blocked tickets to todo",
        "please tag CORE-3 as frontend",
        "link CORE-2 to CORE-5",
        "add a label urgent to all open tickets",
        "Can you archive the done tickets from last sprint",
    ],
)
def test_a_change_to_tickets_no_rule_reads_is_one(text):
    assert unread_board_change(text)


@pytest.mark.parametrize(
    "text",
    [
        "move the ticket validation into a helper",  # code, not the board
        "update the README",
        "how do I move all tickets?",  # a question: the model may answer it
        "plan the next sprint",
        "close the browser tabs",
        "write a summary of our open tickets",
        "move `tickets` to a new module; keep CORE-3's tests",
        "Standup:\nmove CORE-3 to review\nLee: tag all open tickets",  # notes, not a command
    ],
)
def test_other_requests_are_not(text):
    assert not unread_board_change(text)
