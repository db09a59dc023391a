"""The passage that holds the question is found inside long chunks; none when none does."""

from __future__ import annotations

from nodes.lane_steps.extractive import MAX_PASSAGE_CHARS, best_passage, passages

MANUAL = """\
OPTIONS
       --connect-timeout <seconds>
              Maximum time in seconds that you allow curl's connection to take.

       -m, --max-time <fractional seconds>
              Maximum time in seconds that you allow the whole operation to take.
              This is useful for preventing your batch jobs from hanging for hours.

       --retry <num>
              If a transient error is returned when curl tries to perform a transfer,
              it will retry this number of times before giving up.
"""


def test_a_man_page_option_is_one_passage_with_its_description():
    found = passages(MANUAL)
    assert any(p.startswith("-m, --max-time") and "batch jobs" in p for p in found)
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in passages("A sentence. " * 200))


def test_the_option_that_answers_is_chosen_from_its_words():
    best = best_passage("how do I stop batch jobs hanging for hours", ["intro text", MANUAL])
    assert best is not None and best.chunk == 1 and "--max-time" in best.text
    retry = best_passage("how many times does it retry a transient error", [MANUAL])
    assert retry is not None and retry.text.startswith("--retry")


def test_no_passage_holds_an_unrelated_question():
    assert best_passage("which proxy authentication methods are supported", [MANUAL]) is None
    assert best_passage("", [MANUAL]) is None
