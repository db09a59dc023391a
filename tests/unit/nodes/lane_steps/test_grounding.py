"""An answer passes only when its numbers, names, quotes and words are in its sources."""

from __future__ import annotations

import pytest

from nodes.lane_steps.grounding import grounded

SOURCE = (
    "--max-time <fractional seconds>\n    Maximum time in seconds that you allow the whole "
    "operation to take. The default is 300 seconds. See GIT_EDITOR and core.editor."
)


@pytest.mark.parametrize(
    "answer",
    [
        "Use --max-time to set the maximum time in seconds [1].",
        "The default is 300 seconds [1].",
        "Set GIT_EDITOR or core.editor [1].",
        'The maximum time for "the whole operation" [1].',
    ],
)
def test_answers_made_of_the_source_pass(answer):
    assert grounded(answer, [SOURCE]).ok


@pytest.mark.parametrize(
    ("answer", "check", "missing"),
    [
        ("The default is 30 seconds [1].", "numbers", "30"),
        ("Use --timeout to limit it [1].", "identifiers", "--timeout"),
        ("Set VISUAL first [1].", "identifiers", "VISUAL"),
        ('It is "the entire transfer" [1].', "quotes", "the entire transfer"),
        ("The Search team, led by Ana, owns search [1].", "content words", "ana"),
        ("[1]", "empty", None),
    ],
)
def test_a_fact_the_source_does_not_hold_fails_and_is_named(answer, check, missing):
    result = grounded(answer, [SOURCE])
    assert (result.ok, result.check) == (False, check)
    assert missing is None or missing in result.missing
    assert str(result).startswith(f"not grounded: {check}")
