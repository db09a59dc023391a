"""Labelled meeting notes are read bounded and checked line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodes.pm.notes.evaluation import read_set
from tests.refusals import hostile_files, refused


def _refused(path: Path) -> str:
    return refused(lambda: read_set(path))


def test_special_and_huge_files_end_at_once(tmp_path: Path) -> None:
    files = hostile_files(tmp_path, "notes.jsonl")
    assert "not a regular file" in _refused(files.device)
    assert "not a regular file" in _refused(files.fifo)
    assert "larger than 50 MB" in _refused(files.sparse)


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
