"""Start real server processes on free loopback ports, with bounded waits."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.integration.keys import KEYS, make_admin_key


def free_port() -> int:
    """A loopback port nobody is listening on right now (never a fixed one: 2024 is taken)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_REFUSING: list[socket.socket] = []


def refusing_port() -> int:
    """A loopback port that refuses every connection for the rest of this test process.

    The socket is bound, never listening, and without SO_REUSEADDR, so no server started
    later can take the port. A dead lane on a port from free_port() can come back to
    life: the next server started may be given that port, and the "dead" lane then
    answers 401 (a CI run of test_server_lanes failed so).
    """
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    _REFUSING.append(held)
    return int(held.getsockname()[1])


def wait_for_http(
    url: str, *, process: subprocess.Popen[bytes], log: Path, timeout_s: float
) -> None:
    """Poll ``url`` until it answers 200, the process dies, or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout_s}s:\n{_tail(log)}")


@contextmanager
def serve(
    command: list[str], *, ready_url: str, log: Path, timeout_s: float = 120, **popen: Any
) -> Iterator[Path]:
    """Run ``command`` until the block ends, once ``ready_url`` answers; yields its log."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    try:
        wait_for_http(ready_url, process=process, log=log, timeout_s=timeout_s)
        yield log
    finally:
        stop(process)


@contextmanager
def llama_cpp_server(
    model: Path, log_dir: Path, *, n_ctx: int = 2048, port: int | None = None
) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` serving ``model``; yields its ``/v1`` base URL."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        # No --chat_format: the server applies the GGUF's own chat template.
    ]  # fmt: skip
    with serve(command, ready_url=f"{base_url}/models", log=log_dir / f"llama-{port}.log"):
        yield base_url


def stop(process: subprocess.Popen[bytes], timeout_s: float = 10) -> None:
    """Terminate, then kill if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout_s)


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def langgraph_dev(
    log_dir: Path, repo: Path, *, host: str = "127.0.0.1", keyed: bool = False, **env: str
) -> Iterator[str]:
    """A real ``langgraph dev`` serving ``repo``'s graphs on ``host``; yields its base URL.

    ``keyed``: with an admin key made first (:mod:`tests.integration.keys`).
    """
    import os

    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    clean |= {
        "ARGOS_DATA_DIR": str(log_dir / "data"),
        "LANGSMITH_TRACING": "false",
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
        **env,
    }
    cli = str(Path(sys.executable).with_name("langgraph"))
    command = [
        cli,
        "dev",
        "--no-browser",
        "--no-reload",
        "--n-jobs-per-worker",  # as the README says to run it: not one run at a time
        "10",
        "--host",
        host,
        "--port",
        str(port),
    ]
    url = f"http://127.0.0.1:{port}"
    log = log_dir / "langgraph-dev.log"
    if keyed:
        KEYS[url] = make_admin_key(clean, log_dir)
    try:
        with serve(command, ready_url=f"{url}/ok", log=log, cwd=repo, env=clean):
            yield url
    finally:
        KEYS.pop(url, None)
    # The blocking-call detector logs instead of failing the run in some paths.
    text = log.read_text(errors="replace")
    assert "BlockingError" not in text, text[-3000:]


@contextmanager
def fault_server(log_dir: Path, repo: Path) -> Iterator[str]:
    """The fault server (tests/integration/fault_server.py) on a free port; yields its URL."""
    port = free_port()
    # A hang mode holds its request open for good: shut down without waiting for it.
    command = [sys.executable, "-m", "uvicorn", "tests.integration.fault_server:app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--timeout-graceful-shutdown", "1"]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with serve(command, ready_url=f"{url}/ok/v1/models", log=log_dir / "fault.log", cwd=repo,
               timeout_s=30):  # fmt: skip
        yield url
