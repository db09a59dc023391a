"""The test side of ``board_worker``: start worker processes, open rounds, collect codes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROUND_WAIT_S = 60.0


class Gate:
    """Opens rounds for the worker processes and waits for every worker to finish one."""

    def __init__(self, path: Path, workers: list[subprocess.Popen[bytes]]) -> None:
        self.path, self.workers = path, workers

    async def round(self, phase: str, number: int) -> list[str]:
        (self.path / f"go-{phase}-{number}").touch()
        deadline = time.monotonic() + ROUND_WAIT_S
        done = [self.path / f"done-{phase}-{number}-{w}" for w in range(len(self.workers))]
        while not all(d.exists() for d in done):
            dead = [w.args for w in self.workers if w.poll() is not None]
            assert not dead, f"a worker died: {dead}\n{self.log()[-3000:]}"
            assert time.monotonic() < deadline, f"round {phase} {number} did not end"
            await asyncio.sleep(0.01)
        return [d.read_text() for d in done]

    def log(self) -> str:
        return (self.path / "workers.log").read_text(errors="replace")


@contextmanager
def worker_gate(folder: Path, workers: int, env: dict[str, str]) -> Iterator[Gate]:
    """``workers`` board_worker processes with ``env``, stopped when the block ends."""
    log = (folder / "workers.log").open("wb")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.integration.board_worker", str(folder), str(w)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for w in range(workers)
    ]
    try:
        yield Gate(folder, processes)
    finally:
        (folder / "stop").touch()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
