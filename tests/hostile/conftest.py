"""The hostile suite runs real processes: the cortex CLI, a fault server, langgraph dev."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import embedded_gguf  # noqa: F401 - a shared fixture
from tests.integration.servers import free_port, serve

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/hostile" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def fault_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fault server (tests/integration/fault_server.py) on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "tests.integration.fault_server:app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("fault") / "fault.log"
    with serve(command, ready_url=f"{url}/ok/v1/models", log=log, cwd=REPO, timeout_s=30):
        yield url
