from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lanes.config.settings import GlobalSettings
from lanes.models.embedded import embedded_model_path, ensure_embedded_model
from tests.integration.postgres_server import PostgresServer
from tests.integration.servers import fault_server, langgraph_dev, llama_cpp_server

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def embedded_gguf() -> Path:
    """The embedded GGUF where lanes with no ARGOS_* settings look for it."""
    default_dir = GlobalSettings.model_fields["models_dir"].default
    return ensure_embedded_model(embedded_model_path(default_dir))


@pytest.fixture(scope="session")
def llama_server(embedded_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OpenAI-compatible server (llama-cpp-python's) serving the embedded model."""
    with llama_cpp_server(embedded_gguf, tmp_path_factory.mktemp("logs")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def fault_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fault server (one failure per URL prefix: ``/ok/v1``, ``/500/v1``...), per module."""
    with fault_server(tmp_path_factory.mktemp("fault"), REPO) as url:
        yield url


@pytest.fixture(scope="session")
def team_server_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the shared ``langgraph dev``: its log, and ``data`` (ARGOS_DATA_DIR)."""
    return tmp_path_factory.mktemp("langgraph")


@pytest.fixture(scope="session")
def server(team_server_dir: Path, embedded_gguf: Path) -> Iterator[str]:
    """A real ``langgraph dev`` on default settings, shared by the modules that need no others."""
    with langgraph_dev(team_server_dir, REPO, keyed=True) as url:  # access control on
        yield url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL for the session (``postgres.new_database()`` per test)."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.close()
