"""A .env that is not a small regular file stops start-up at once, in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lanes.config.settings import load_settings
from lanes.core.bounded_read import MB
from lanes.core.errors import ConfigError
from tests.refusals import refused


def _refused(env_file: Path | str) -> str:
    message = refused(lambda: load_settings(env_file), ConfigError, max_chars=300)
    assert message.startswith(f"{env_file}=") and "or remove it" in message
    return message


def test_a_fifo_does_not_hang_and_is_named(tmp_path: Path) -> None:
    fifo = tmp_path / ".env"
    os.mkfifo(fifo)
    assert "'a FIFO'" in _refused(fifo)


def test_dev_zero_and_a_directory_are_refused() -> None:
    assert "'a device or socket'" in _refused("/dev/zero")
    os.mkdir(".env")  # the test's own empty working directory
    assert "'a directory'" in _refused(".env")


def test_a_sparse_gigabyte_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / ".env"
    with big.open("wb") as f:
        f.truncate(1024 * MB)
    assert "1,073,741,824 bytes" in _refused(big) and "at most 1 MB" in _refused(big)


def test_a_small_env_is_read_and_a_missing_one_is_fine(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("ARGOS_LLM_MODEL=tiny\n")
    assert load_settings(env).global_.llm_model == "tiny"
    assert load_settings(tmp_path / "missing.env").global_.llm_model is None


def test_a_line_dotenv_cannot_parse_is_named_without_its_value(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text('ARGOS_LLM_DEFAULT_LANE=coder\nARGOS_LLM_API_KEY="sk-unterminated\n')
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    message = str(error.value)
    assert message.startswith(f"{env} line 2='ARGOS_LLM_API_KEY' is not valid")
    assert "quotes closed" in message and "sk-" not in message
