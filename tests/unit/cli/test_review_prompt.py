"""The terminal's approval prompt takes the resume words in any case, and nothing else."""

from __future__ import annotations

import argparse
import io

import pytest
from langgraph.types import Interrupt
from rich.console import Console

from cli.review_prompt import ReviewPrompt


def _answer(typed: str) -> tuple[bool, str]:
    console = Console(file=io.StringIO(), force_terminal=False)
    decided = ReviewPrompt.ask("Approve?", console=console, stream=io.StringIO(typed))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    return decided, shown


@pytest.mark.parametrize(
    ("typed", "approved"),
    [("APPROVE\n", True), (" Approved \n", True), ("y\n", True), ("Y\n", True),
     ("reject\n", False), ("REJECTED\n", False), ("n\n", False)],
)  # fmt: skip
def test_the_words_count_in_any_case(typed, approved):
    assert _answer(typed)[0] is approved


def test_anything_else_asks_again_and_never_approves_by_default():
    approved, shown = _answer("\nyes\nno\nok\nreject\n")
    assert approved is False
    assert shown.count("Answer approve or reject") == 4
    assert "[approve/reject]" in shown


def test_closed_input_leaves_the_thread_paused(monkeypatch):
    from cli.ask_cmd import _decide

    def closed(*_args: object, **_kwargs: object) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", closed)
    monkeypatch.setattr("sys.stdin", type("Terminal", (), {"isatty": lambda self: True})())
    pending = [Interrupt(value={"question": "Approve?"})]
    assert _decide(pending, argparse.Namespace(yes=False, json=False)) is None
