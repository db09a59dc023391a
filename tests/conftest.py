"""Every test starts with no ARGOS_* settings, in an empty working directory (no .env)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from lanes.config.lane_table import LaneTable, build_lane_table
from lanes.config.settings import load_settings
from nodes.defaults import reset_default_gateway


@pytest.fixture(autouse=True)
def clean_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    for name in list(os.environ):
        if name.upper().startswith("ARGOS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    # Loaded weights outlive a test (loading the embedded model per test costs seconds);
    # everything else about the gateway starts afresh.
    reset_default_gateway(keep_models=True)
    yield
    reset_default_gateway(keep_models=True)


@pytest.fixture
def table_from_env(monkeypatch: pytest.MonkeyPatch) -> Callable[..., LaneTable]:
    """Set ARGOS_* variables (through monkeypatch) and resolve every lane from them."""

    def build(**env: str) -> LaneTable:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return build_lane_table(load_settings())

    return build
