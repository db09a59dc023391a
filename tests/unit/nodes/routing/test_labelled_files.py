"""Labelled routing sets (``cortex route --eval``) are read bounded and checked line by line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lanes.core.bounded_read import MB
from lanes.core.errors import CortexError
from nodes.routing.offline.evaluation import read_labelled


def _refused(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(CortexError) as caught:
        read_labelled(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    return message


def test_special_and_huge_files_end_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "set.jsonl"
    os.mkfifo(fifo)
    big = tmp_path / "big.jsonl"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "not a regular file" in _refused(Path("/dev/zero"))
    assert "not a regular file" in _refused(fifo)
    assert "larger than 50 MB" in _refused(big)


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ('{"text": "a", "lanes": ' + "[" * 100_000, "nested"),
        ('["a", "coder"]', "expected"),
        ('{"text": "a", "lanes": [{"x": 1}]}', "expected"),
        ('{"text": "a", "lanes": ["' + "n" * 10_000 + '"]}', "(10,000 characters) is not a lane"),
        ("not json", "not valid JSON"),
    ],
)
def test_a_bad_line_is_named_with_its_number(tmp_path: Path, line: str, hint: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "a", "lanes": ["coder"]}\n\n' + line + "\n")
    message = _refused(path)
    assert f"{path}:3" in message and hint in message
