"""A thread survives its process being SIGKILLed mid-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from graphs.supervisor import builder
from tests.integration.cli import CORTEX, cortex

TWO_LANES = (
    "What does the README say about fallback chains? "
    "Then review this code: def add(a, b): return a - b"
)
# The orchestrator's plan and synthesis are prose: 64 tokens of it prove as much as 512.
SHORT = {"ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS": "64"}


def checkpoints(db: Path, thread: str) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        query = "SELECT count(*) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ''"
        return int(conn.execute(query, (thread,)).fetchone()[0])


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_sigkill_mid_run_then_the_next_ask_resumes_from_the_last_checkpoint(
    tmp_path, embedded_gguf
):
    first = cortex(
        "ask", "Plan the next sprint for the payments team", "--json", cwd=tmp_path, **SHORT
    )
    assert first.returncode == 0, first.stderr
    thread = json.loads(first.stdout)["thread_id"]
    db = tmp_path / ".cortex" / "checkpoints.sqlite"
    done_turn = checkpoints(db, thread)

    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")} | SHORT
    running = subprocess.Popen(
        [CORTEX, "ask", TWO_LANES, "--thread", thread, "--json"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    # Kill once the turn's input and its routing step are saved, while lanes still run.
    while checkpoints(db, thread) < done_turn + 2 and time.monotonic() < deadline:
        assert running.poll() is None, "the run finished before it could be killed"
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=10)
    assert running.returncode == -signal.SIGKILL

    resumed = cortex("ask", "--thread", thread, "--json", cwd=tmp_path, **SHORT)
    assert resumed.returncode == 0, resumed.stderr
    out = json.loads(resumed.stdout)
    assert out["thread_id"] == thread
    assert out["answer"].strip()
    assert len(out["lanes"]) == 2

    async with AsyncSqliteSaver.from_conn_string(str(db)) as saver:
        state = await builder.compile(checkpointer=saver).aget_state(
            {"configurable": {"thread_id": thread}}
        )
    texts = [m.content for m in state.values["messages"]]
    assert len(texts) == 4  # first turn's question and answer, then this turn's
    assert texts[0] == "Plan the next sprint for the payments team"
    assert texts[2] == TWO_LANES
    assert texts[3] == out["answer"]
    assert not state.next  # the run is finished

    nothing = cortex("ask", "--thread", thread, cwd=tmp_path, **SHORT)
    assert nothing.returncode == 1
    assert "has no stopped run to finish" in nothing.stderr
