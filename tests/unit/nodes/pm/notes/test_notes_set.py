"""Labelled meeting notes are read bounded and checked line by line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lanes.core.bounded_read import MB
from lanes.core.errors import CortexError
from nodes.pm.notes.evaluation import read_set


def _refused(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(CortexError) as caught:
        read_set(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    return message


def test_special_and_huge_files_end_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.jsonl"
    os.mkfifo(fifo)
    big = tmp_path / "big.jsonl"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "not a regular file" in _refused(Path("/dev/zero"))
    assert "not a regular file" in _refused(fifo)
    assert "larger than 50 MB" in _refused(big)


@pytest.mark.parametrize(
    "line",
    [
        "[1, 2]",
        '{"notes": "n"}',
        '{"notes": "n", "items": [{"words": ["a"]}]}',
        '{"notes": "n", "items": [{"owner": 5, "words": ["a"]}]}',
        '{"notes": "n", "items": [' + "[" * 10_000 + "]}",
    ],
)
def test_a_row_of_the_wrong_shape_is_named_with_its_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "notes.jsonl"
    good = '{"notes": "Lee will ship it", "items": [{"owner": "Lee", "words": ["ship"]}]}'
    path.write_text(good + "\n" + line + "\n")
    assert f"{path}:2" in _refused(path)
    path.write_text(good + "\n")
    assert read_set(path)[0]["items"][0]["owner"] == "Lee"
