"""Which coder step a task gets: a gap analysis of a ticket, or a review of the code."""

from __future__ import annotations

import pytest

from nodes.lane_steps.coder import route_coder

HELPDESK = (
    "can you review this before I merge?\n```python\n"
    "def close_ticket(db, ticket_id, user):\n"
    "    db.execute(f\"UPDATE tickets SET closed_by = '{user}' WHERE id = {ticket_id}\")\n"
    "```"
)
GAP_VARIABLE = (
    "anything wrong here?\n```go\nfunc gap(a, b int) int {\n\tgap := b - a\n\treturn gap\n}\n```"
)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        # The word is in the pasted code, not in the request: review the code.
        (HELPDESK, "analyze_code"),
        (GAP_VARIABLE, "analyze_code"),
        (
            "Review this for the ticket I'm closing today:\n```js\nconst x = eval(req.query.q);\n```",
            "analyze_code",
        ),
        # A ticket checked against code, or a gap analysis asked for in so many words.
        ("Check CORE-1 against the code", "gap_analysis"),
        (
            "Does our code meet the acceptance criteria of the password reset ticket?",
            "gap_analysis",
        ),
        (
            "Compare this with PAY-3's acceptance criteria:\n```python\ndef pay(): pass\n```",
            "gap_analysis",
        ),
        ("what are the gaps between this story and the code?", "gap_analysis"),
        # No code pasted, about a ticket: the project's code is what it is checked against.
        ("is the ticket about session timeouts done in the code yet?", "gap_analysis"),
        # A review with no ticket in sight.
        ("review auth.py for security problems", "analyze_code"),
    ],
)
def test_the_coder_step_is_read_from_the_request_not_the_pasted_code(text, step):
    assert route_coder({"task": text}) == step  # type: ignore[typeddict-item]
