"""Which paths an ingest refuses before it reads anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanes.core.errors import CortexError
from stores.ingest import resolve_target


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/", "the whole file system"),
        ("/proc", "under /proc"),
        ("/proc/self/status", "under /proc"),
        ("/dev/zero", "under /dev"),
        ("/sys/kernel", "under /sys"),
    ],
)
def test_the_whole_file_system_and_the_systems_live_files_are_refused(path, says):
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist on this machine")
    with pytest.raises(CortexError, match=says) as refused:
        resolve_target(Path(path), [])
    assert "ingest a project's folder" in str(refused.value)


def test_a_folder_is_resolved_and_a_missing_one_named(tmp_path):
    (tmp_path / "docs").mkdir()
    assert resolve_target(tmp_path / "docs" / ".." / "docs", []) == (tmp_path / "docs").resolve()
    with pytest.raises(CortexError, match="no such file or directory"):
        resolve_target(tmp_path / "gone", [])


def test_ingest_roots_that_name_no_folder_are_refused_not_read_as_no_restriction(tmp_path):
    from lanes.core.errors import ConfigError
    from stores.ingest import parse_roots

    assert parse_roots(None) == [] and parse_roots("") == []  # unset: any path
    assert parse_roots(f"{tmp_path}::") == [tmp_path.resolve()]
    with pytest.raises(ConfigError, match="ARGOS_INGEST_ROOTS='::' is not valid: names no folder"):
        parse_roots("::")
