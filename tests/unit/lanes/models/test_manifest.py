"""A manifest named by ARGOS_MODELS_MANIFEST is read bounded: special and huge files end at once."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from lanes.core.bounded_read import MB
from lanes.core.errors import ConfigError
from lanes.models.manifest import MANIFEST_VARIABLE, load_manifest


def _refused(path: str) -> str:
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_manifest(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    assert caught.value.variable == MANIFEST_VARIABLE
    return message


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    path = tmp_path / "manifest.fifo"
    os.mkfifo(path)
    return str(path)


def test_dev_zero_and_a_fifo_are_refused_before_reading(fifo: str) -> None:
    assert "not a regular file" in _refused("/dev/zero")
    assert "not a regular file" in _refused(fifo)


def test_a_sparse_gigabyte_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "models.json"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "larger than 1 MB" in _refused(str(big))


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
