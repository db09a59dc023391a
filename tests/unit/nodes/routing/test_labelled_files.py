"""Labelled routing sets (``cortex route --eval``) are read bounded and checked line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodes.routing.offline.evaluation import read_labelled
from tests.refusals import hostile_files, refused


def _refused(path: Path) -> str:
    return refused(lambda: read_labelled(path))


def test_special_and_huge_files_end_at_once(tmp_path: Path) -> None:
    files = hostile_files(tmp_path, "set.jsonl")
    assert "not a regular file" in _refused(files.device)
    assert "not a regular file" in _refused(files.fifo)
    assert "larger than 50 MB" in _refused(files.sparse)


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
