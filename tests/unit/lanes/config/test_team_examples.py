"""ARGOS_ROUTER_EXAMPLES is read bounded: special and huge files end at once, in one line."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from lanes.config.team_examples import read_team_examples
from lanes.core.bounded_read import MB
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane


def _refused(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        read_team_examples(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    assert message.startswith("ARGOS_ROUTER_EXAMPLES=")
    return message


def test_special_and_huge_files_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "team.fifo"
    os.mkfifo(fifo)
    big = tmp_path / "team.json"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "not a regular file" in _refused(Path("/dev/zero"))
    assert "not a regular file" in _refused(fifo)
    assert "larger than 4 MB" in _refused(big)


def test_a_long_lane_name_is_shown_as_a_short_prefix(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"x" * 10_000: ["hello"]}))
    assert "(10,000 characters) is not a lane" in _refused(path)


def test_good_examples_are_read(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"coder": [" Review this diff "]}))
    assert read_team_examples(path) == {Lane.CODER: ["Review this diff"]}
