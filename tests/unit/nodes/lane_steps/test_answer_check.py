"""A source on the right topic must also mention what the question asks about."""

from __future__ import annotations

from nodes.lane_steps.answer_check import focus_covered, stem, terms

BERLIN = ("offices/berlin-office.md", "# Berlin office\n\nThe Berlin office opens at 8:00.")
VACATION = ("vacation.md", "# Vacation\n\nRequests go in two weeks ahead.")
ONCALL = ("oncall.md", "# On-call\n\nThe rota changes every Monday.")


def test_the_topic_alone_does_not_answer():
    assert not focus_covered("What is the dress code at the Berlin office?", [BERLIN])


def test_a_mention_of_what_is_asked_does():
    assert focus_covered("What time does the Berlin office open?", [BERLIN])
    assert focus_covered("When does the on-call rota change?", [ONCALL])


def test_another_topics_page_does_not_lend_its_words():
    # "week" is in the vacation page, but the question is about on-call.
    assert not focus_covered("How much is the on-call allowance per week?", [ONCALL, VACATION])


def test_a_question_with_nothing_beyond_the_topic_is_left_to_the_model():
    assert focus_covered("What is the Berlin office?", [BERLIN])


def test_stems_match_inflections():
    assert stem("owns") == stem("owned") == "own"
    assert stem("listens") == stem("listen")
    assert terms("Who owns the billing service?") == {"own", "bill", "servic"}
