"""What a failed probe tells the operator: the reason in their words, no password."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lanes.backends.llama_registry import LlamaRegistry
from lanes.config.resolved_lane import ConfigSource, ResolvedLane
from lanes.core.backend import Backend
from lanes.core.lane import Lane
from lanes.endpoint.health import probe


def lane_at(url: str) -> ResolvedLane:
    return ResolvedLane(
        lane=Lane.CODER, backend=Backend.OPENAI, base_url=url, model="m", model_path=None,
        context_window=8192, timeout_s=5, max_parallel=1, temperature=0.0, max_tokens=64,
        supports_tools=False, fallback_chain=(), source=ConfigSource.LANE,
    )  # fmt: skip


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Refuses(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(401)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuses)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


async def test_nothing_listening_says_so_and_masks_the_password() -> None:
    health = await probe(lane_at(f"http://ops:hunter2@127.0.0.1:{dead_port()}/v1"), LlamaRegistry())
    assert not health.healthy
    assert "hunter2" not in health.detail
    assert "nothing answers at http://***@127.0.0.1:" in health.detail
    assert "is the server running" in health.detail


async def test_a_refused_key_is_named(refusing_server: int) -> None:
    health = await probe(lane_at(f"http://127.0.0.1:{refusing_server}/v1"), LlamaRegistry())
    assert not health.healthy
    assert health.detail.startswith("HTTP 401 from ") and "the key was refused" in health.detail
