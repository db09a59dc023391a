"""A source on the right topic must also mention what the question asks about."""

from __future__ import annotations

import pytest

from nodes.lane_steps.answer_check import focus_covered, name_words, stem, terms, topic_terms
from nodes.lane_steps.passage_features import subject

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


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("docs/ssh_config.txt", ["ssh", "config"]),
        ("black-CHANGES.md", ["black", "changes"]),
        ("openssh-NEWS.Debian.txt", ["openssh", "news", "debian"]),
        ("README", ["readme"]),
        (".coveragerc", []),
    ],
)
def test_a_file_name_is_read_as_the_words_it_is_made_of(source, words):
    assert name_words(source) == words


def test_the_passage_ranker_and_the_focus_check_read_a_file_name_alike():
    # One reading of "what a document is about" for both (they once split names apart).
    assert subject("§ docs/ssh_config.txt > Host") == name_words("ssh_config.txt")[0]
    assert topic_terms("ssh_config.txt", "") == terms("ssh config")
