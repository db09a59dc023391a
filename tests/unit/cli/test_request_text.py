"""``cortex ask -`` reads at most one request's worth of stdin."""

from __future__ import annotations

import io
import sys

import pytest

from cli import inputs
from lanes.core.bounded_read import UnreadableInput


class Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_over_the_limit_is_refused_in_one_line(monkeypatch):
    monkeypatch.setattr(inputs, "MAX_REQUEST_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", Stdin(b"x" * 5000))
    with pytest.raises(UnreadableInput, match="larger than 1,000 bytes; split it"):
        inputs.request_text("-")
    monkeypatch.setattr(sys, "stdin", Stdin(b"what is blocked?\n"))
    assert inputs.request_text("-") == "what is blocked?"
