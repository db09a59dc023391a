"""A manifest named by ARGOS_MODELS_MANIFEST is read bounded: special and huge files end at once."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lanes.core.errors import ConfigError
from lanes.models.manifest import MANIFEST_VARIABLE, load_manifest
from tests.refusals import hostile_files, refused


def _refused(path: str) -> str:
    message = refused(lambda: load_manifest(path), ConfigError, max_chars=300)
    assert message.startswith(f"{MANIFEST_VARIABLE}=")
    return message


def test_special_and_huge_files_are_refused_before_reading(tmp_path: Path) -> None:
    files = hostile_files(tmp_path, "models.json")
    assert "not a regular file" in _refused(str(files.device))
    assert "not a regular file" in _refused(str(files.fifo))
    assert "larger than 1 MB" in _refused(str(files.sparse))


def test_the_variable_is_read_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MANIFEST_VARIABLE, "/dev/zero")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="ARGOS_MODELS_MANIFEST='/dev/zero'"):
        load_manifest()
    assert time.monotonic() - started < 5


def test_deep_nesting_and_a_missing_file_are_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    assert "nested 50000 levels deep" in _refused(str(deep))
    assert "no such file" in _refused(str(tmp_path / "missing.json"))


def test_a_small_manifest_still_loads(tmp_path: Path) -> None:
    entry = {"lane": "governance", "kind": "gguf", "name": "g", "repo": "a/b",
             "files": ["g.gguf"], "size_bytes": 1}  # fmt: skip
    path = tmp_path / "models.json"
    path.write_text(json.dumps({"models": [entry]}))
    assert [e.name for e in load_manifest(str(path))] == ["g"]


def test_the_wrong_shape_and_a_pattern_are_said_as_they_are(tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]")
    with pytest.raises(ConfigError, match=r'the file: must be a JSON object: \{"models"'):
        load_manifest(str(listed))
    named = tmp_path / "named.json"
    entry = {"lane": "x", "name": "a b", "repo": "x/y", "kind": "gguf", "files": ["a"]}
    named.write_text(json.dumps({"models": [{**entry, "size_bytes": 1}]}))
    with pytest.raises(ConfigError) as error:
        load_manifest(str(named))
    assert "models.0.name: string should match pattern '^[A-Za-z0-9]" in str(error.value)
