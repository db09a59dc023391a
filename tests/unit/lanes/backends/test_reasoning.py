"""A thinking model's reasoning never reaches an answer or a JSON parser."""

from __future__ import annotations

import pytest

from lanes.backends.reasoning import without_reasoning
from lanes.backends.structured_output import json_text


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("<think>The user wants X.</think>\n\nThe answer is 42.", "The answer is 42."),
        ("Reasoning the template opened\n</think>\nThe answer is 42.", "The answer is 42."),
        ("<THINK>a</THINK>One<think>b</think> two", "One two"),
        ("<think>cut off while thinking about", ""),
        ("The answer is 42.", "The answer is 42."),
        ("Use <thinking> tags? No: <b>bold</b>.", "Use <thinking> tags? No: <b>bold</b>."),
    ],
)
def test_reasoning_is_cut_from_the_text(reply, answer):
    assert without_reasoning(reply) == answer


def test_json_after_reasoning_with_braces_in_it_is_the_reply():
    reply = '<think>maybe {"verdict": "pass"}? no.</think>\n```json\n{"verdict": "fail"}\n```'
    assert json_text(reply) == '{"verdict": "fail"}'
