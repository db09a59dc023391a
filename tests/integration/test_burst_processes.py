"""Burst mode across processes: a deep ingest elsewhere holds an endpoint, calls here wait.

Two real processes on one ``ARGOS_DATA_DIR``: a child holds the coder's endpoint in
burst mode (as a deep ingest does), and this process's interactive call to the coder
waits its queue timeout, then falls back; once the child lets go, the coder serves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lanes.core.lane import Lane
from nodes.defaults import default_gateway
from tests.integration.one_call import one_call

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import asyncio, sys
from lanes.calls.gateway import LaneGateway
from lanes.config.settings import load_settings
from lanes.core.lane import Lane

async def main():
    gateway = LaneGateway.from_settings(load_settings())
    async with gateway.burst(Lane.CODER):
        print("held", flush=True)
        await asyncio.sleep(float(sys.argv[1]))

asyncio.run(main())
"""


@pytest.fixture
def shared_data_dir(tmp_path, fault_url, monkeypatch) -> dict[str, str]:
    env = {
        "ARGOS_DATA_DIR": str(tmp_path / "data"),
        "ARGOS_LANE_CODER_URL": f"{fault_url}/burst-coder/v1",
        "ARGOS_LANE_CODER_QUEUE_TIMEOUT": "1",
        "ARGOS_LANE_ORCHESTRATOR_URL": f"{fault_url}/burst-orchestrator/v1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def hold_burst(settings: dict[str, str], *, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the coder's endpoint in burst mode for ``seconds``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(seconds)],
        cwd=REPO,
        env={**env, **settings},
        stdout=subprocess.PIPE,
        text=True,
    )


def hits(fault_url: str, mode: str) -> int:
    return int(httpx.get(f"{fault_url}/{mode}/count").json()["count"])


async def test_a_burst_in_another_process_makes_calls_here_wait_then_fall_back(
    shared_data_dir, fault_url
):
    holder = hold_burst(shared_data_dir, seconds=6)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = hits(fault_url, "burst-coder")
        started = time.perf_counter()
        out = await one_call.ainvoke({})
        waited = time.perf_counter() - started
        failed, served = out["trace"]
        assert failed["lane"] == "coder"
        assert failed["error"] == "LaneUnavailable: held by a burst (deep ingest) for over 1s"
        assert (served["lane"], served["fallback_from"]) == ("orchestrator", "coder")
        assert 1.0 <= waited < 5.0  # its queue timeout, then the fallback's answer
        assert hits(fault_url, "burst-coder") == before  # nothing reached the held server
        gateway = default_gateway()
        assert (await gateway.endpoint(gateway.table[Lane.CODER]).snapshot())["burst_held"]
    finally:
        holder.wait(timeout=30)
    assert holder.returncode == 0
    # A queue timeout is our own back-pressure, not the server's ill health: the coder's
    # breaker stayed closed, and with the burst over the coder serves again at once.
    again = await one_call.ainvoke({})
    assert [(e["lane"], e["error"]) for e in again["trace"]] == [("coder", None)]


async def test_a_killed_burst_frees_the_endpoint(shared_data_dir):
    holder = hold_burst(shared_data_dir, seconds=600)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    out = await one_call.ainvoke({})  # the kernel dropped the dead process's lock
    assert [(e["lane"], e["error"]) for e in out["trace"]] == [("coder", None)]
