"""ARGOS_ROUTER_EXAMPLES is read bounded: special and huge files end at once, in one line."""

from __future__ import annotations

import json
from pathlib import Path

from lanes.config.team_examples import read_team_examples
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from tests.refusals import hostile_files, refused


def _refused(path: Path) -> str:
    message = refused(lambda: read_team_examples(path), ConfigError)
    assert message.startswith("ARGOS_ROUTER_EXAMPLES=")
    return message


def test_special_and_huge_files_are_refused_before_reading(tmp_path: Path) -> None:
    files = hostile_files(tmp_path, "team.json")
    assert "not a regular file" in _refused(files.device)
    assert "not a regular file" in _refused(files.fifo)
    assert "larger than 4 MB" in _refused(files.sparse)


def test_a_long_lane_name_is_shown_as_a_short_prefix(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"x" * 10_000: ["hello"]}))
    assert "(10,000 characters) is not a lane" in _refused(path)


def test_good_examples_are_read(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"coder": [" Review this diff "]}))
    assert read_team_examples(path) == {Lane.CODER: ["Review this diff"]}
