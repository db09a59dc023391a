"""Reads with a limit: special files, big files and deep JSON end at once, in one line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lanes.core.bounded_read import MB, UnreadableInput, depth, loads_json, read_text, short
from tests.refusals import refused


def _refused(path: Path | str, limit: int = 50 * MB) -> str:
    return refused(lambda: read_text(path, limit=limit, what="import"), UnreadableInput, 300)


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused("/dev/zero")
    assert "not a regular file" in _refused(fifo)
    assert "is a directory" in _refused(tmp_path)
    assert "cannot open" in _refused(tmp_path / "missing.csv")


def test_a_sparse_gigabyte_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "larger than 50 MB; split it" in _refused(big)


def test_text_within_the_limit_is_read_and_bad_bytes_named(tmp_path: Path) -> None:
    good = tmp_path / "ok.csv"
    good.write_bytes(b"\xef\xbb\xbftitle\nx\n")
    assert read_text(good, limit=100) == "title\nx\n"
    bad = tmp_path / "latin.csv"
    bad.write_bytes(b"caf\xe9")
    assert "not UTF-8" in _refused(bad)


def test_deep_json_is_refused_before_parsing_and_strings_do_not_count() -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableInput, match="nested 100000 levels deep"):
        loads_json("[" * 100_000 + "]" * 100_000)
    assert time.monotonic() - started < 5
    assert depth('{"a": "[[[[{{", "b": [1, {"c": "\\"]"}]}') == 3
    assert loads_json('[{"a": 1}]') == [{"a": 1}]
    with pytest.raises(UnreadableInput, match="line 1 column"):
        loads_json("[1,")


def test_a_long_value_is_shown_as_a_short_prefix() -> None:
    shown = short("x" * 100_000)
    assert len(shown) < 100 and "100,000 characters" in shown
    assert short("abc") == "'abc'"
