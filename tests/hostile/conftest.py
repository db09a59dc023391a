"""The hostile suite runs real processes: the cortex CLI, a fault server, langgraph dev."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import embedded_gguf  # noqa: F401 - a shared fixture
from tests.integration.servers import fault_server

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/hostile" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def fault_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fault server on a free loopback port."""
    with fault_server(tmp_path_factory.mktemp("fault"), REPO) as url:
        yield url
