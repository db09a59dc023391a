"""Breakers, slots and bursts shared by separate processes through a real ``redis-server``.

Each test starts its own Redis on a free loopback port. Workers are real processes
(``tests/integration/shared_worker.py``), each with its own gateway, talking to the
fault server, whose per-mode counters tell how many requests reached an endpoint.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langchain_core.messages import HumanMessage

from lanes.calls.call_lane import call_lane
from lanes.calls.gateway import LaneGateway
from lanes.config.settings import load_settings
from lanes.core.errors import LaneUnavailable
from lanes.core.lane import Lane
from lanes.endpoint.breaker import BreakerState
from nodes.plumbing.context import Context
from tests.integration.one_call import one_call
from tests.integration.redis_server import RedisServer
from tests.integration.servers import refusing_port

REPO = Path(__file__).resolve().parents[2]
ASK = [HumanMessage("Say hello.")]
LEASE = 1.5  # seconds a dead worker's slot or burst lasts, in the tests that kill one


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def env(tmp_path, redis, fault_url, monkeypatch) -> dict[str, str]:
    """Settings every process of the test shares (a fresh key prefix per test)."""
    values = {
        "ARGOS_REDIS_URL": redis.url,
        "ARGOS_REDIS_PREFIX": f"test-{uuid.uuid4().hex[:8]}:",
        "ARGOS_DATA_DIR": str(tmp_path / "data"),
        "ARGOS_LANE_CODER_URL": f"{fault_url}/500/v1",
        "ARGOS_LANE_ORCHESTRATOR_URL": f"{fault_url}/ok/v1",
        "ARGOS_BREAKER_COOLDOWN": "8",  # long enough for process B to call, and the checks
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def hits(fault_url: str, mode: str) -> int:
    return int(httpx.get(f"{fault_url}/{mode}/count").json()["count"])


class Worker:
    """A worker process that is ready (gateway built) and waits for ``go()``."""

    def __init__(self, env: dict[str, str], action: str, times: int = 1) -> None:
        base = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.shared_worker", action, str(times)],
            cwd=REPO,
            env={**base, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
        assert self.process.stdout.readline().strip() == "ready"

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def result(self, timeout_s: float = 60) -> dict:
        out, _ = self.process.communicate(timeout=timeout_s)
        assert self.process.returncode == 0, out
        return json.loads(out.strip().splitlines()[-1])

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


def run_worker(env: dict[str, str], action: str, times: int = 1) -> dict:
    worker = Worker(env, action, times)
    worker.go()
    return worker.result()


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_a_breaker_opened_by_one_process_is_open_in_another_then_one_probe(env, fault_url):
    before = hits(fault_url, "500")
    # Every later process is started (and ready) before the breaker opens: on a loaded
    # machine starting them would take longer than the cooldown.
    later_b, first, second = Worker(env, "call"), Worker(env, "call"), Worker(env, "call")
    # Process A: three failures in the window open the coder's breaker.
    assert run_worker(env, "fail", 3)["errors"] == ["LaneUnavailable"] * 3
    assert hits(fault_url, "500") == before + 3

    # Process B never called the coder, yet goes straight to the fallback.
    later_b.go()
    b = later_b.result()
    assert b["lanes"] == [["orchestrator", None]]
    assert hits(fault_url, "500") == before + 3
    # So does this process, and it sees why.
    gateway = LaneGateway.from_settings(load_settings())
    state = gateway.endpoint(gateway.table[Lane.CODER])
    breaker, reopens = await state.breaker_state()
    assert breaker is BreakerState.OPEN and 0 < reopens <= 8

    # After the cooldown, two processes ask at once: exactly one probes the coder.
    await asyncio.sleep(reopens + 0.2)
    assert (await state.breaker_state())[0] is BreakerState.HALF_OPEN
    first.go()
    second.go()
    traces = sorted([first.result()["lanes"], second.result()["lanes"]], key=len)
    assert hits(fault_url, "500") == before + 4
    assert traces[0] == [["orchestrator", None]]
    assert [lane for lane, _ in traces[1]] == ["coder", "orchestrator"]
    # The probe failed: open again, for everyone.
    assert (await state.breaker_state())[0] is BreakerState.OPEN


async def test_a_killed_process_gives_its_slot_back_after_the_lease(env, fault_url, monkeypatch):
    lease = LEASE
    settings = {
        **env,
        "ARGOS_LANE_CODER_URL": f"{fault_url}/hang/v1",
        "ARGOS_LANE_CODER_MAX_PARALLEL": "1",
        "ARGOS_LANE_CODER_QUEUE_TIMEOUT": "0.3",
        "ARGOS_REDIS_LEASE": str(lease),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    gateway = LaneGateway.from_settings(load_settings())
    state = gateway.endpoint(gateway.table[Lane.CODER])
    holder = Worker(settings, "hold")
    try:
        holder.go()
        await wait_until(lambda: in_flight(state, 1), timeout_s=20)
        # The request outlives its lease: renewed, the slot stays taken.
        await asyncio.sleep(lease * 1.5)
        assert (await state.snapshot())["in_flight"] == 1
        with pytest.raises(LaneUnavailable, match="all 1 slots busy across workers"):
            async with state.guard({"lane": "coder", "endpoint": state.endpoint, "model": "m"}):
                pass
        holder.kill()
        killed = time.monotonic()
    finally:
        holder.kill()
    await wait_until(lambda: in_flight(state, 0), timeout_s=lease + 5)
    assert time.monotonic() - killed <= lease + 1.0
    async with state.guard({"lane": "coder", "endpoint": state.endpoint, "model": "m"}):
        assert (await state.snapshot())["in_flight"] == 1


async def test_redis_down_then_back_calls_keep_working_and_health_says_so(env, redis, fault_url):
    os.environ["ARGOS_LANE_CODER_URL"] = f"{fault_url}/ok/v1"
    gateway = LaneGateway.from_settings(load_settings())
    call = await call_lane(gateway, Lane.CODER, ASK)
    assert call.trace[-1]["lane"] == "coder"
    assert gateway.shared_status()["backend"] == "redis"
    assert {e["shared"] for e in await gateway.status()} == {"redis"}

    redis.kill()
    started = time.monotonic()
    for _ in range(3):
        call = await call_lane(gateway, Lane.CODER, ASK)
        assert [(e["lane"], e["error"]) for e in call.trace] == [("coder", None)]
    assert time.monotonic() - started < 3.0  # one failed connect, then local state at once
    status = gateway.shared_status()
    assert status["backend"] == "local" and "Connection" in status["error"]
    assert {e["shared"] for e in await gateway.status()} == {"local"}
    assert status["redis_url"] == env["ARGOS_REDIS_URL"]

    redis.start()

    async def shared_again() -> bool:
        await call_lane(gateway, Lane.CODER, ASK)
        return gateway.shared_status()["backend"] == "redis"

    await wait_until(shared_again, timeout_s=10)
    assert {e["shared"] for e in await gateway.status()} == {"redis"}


async def test_a_burst_on_another_machine_makes_calls_here_wait_then_fall_back(
    env, fault_url, tmp_path, monkeypatch
):
    # Another data folder: no flock is shared, as on another machine; only Redis is.
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", f"{fault_url}/redis-burst/v1")
    monkeypatch.setenv("ARGOS_LANE_CODER_QUEUE_TIMEOUT", "1")
    monkeypatch.setenv("ARGOS_REDIS_LEASE", str(LEASE))
    elsewhere = {
        **env,
        "ARGOS_REDIS_LEASE": str(LEASE),
        "ARGOS_LANE_CODER_URL": f"{fault_url}/redis-burst/v1",
        "ARGOS_DATA_DIR": str(tmp_path / "other-machine"),
    }
    holder = Worker(elsewhere, "burst", 6)
    try:
        holder.go()
        assert holder.process.stdout is not None
        assert json.loads(holder.process.stdout.readline()) == {"burst": "held"}
        before = hits(fault_url, "redis-burst")
        gateway = LaneGateway.from_settings(load_settings())
        started = time.perf_counter()
        out = await one_call.ainvoke({}, context=Context(gateway=gateway))
        waited = time.perf_counter() - started
        failed, served = out["trace"]
        assert failed["lane"] == "coder"
        assert failed["error"] == (
            "LaneUnavailable: held by a burst (deep ingest) on another worker for over 1s"
        )
        assert (served["lane"], served["fallback_from"]) == ("orchestrator", "coder")
        assert 1.0 <= waited < 5.0
        assert hits(fault_url, "redis-burst") == before  # nothing reached the held endpoint
        snapshot = await gateway.endpoint(gateway.table[Lane.CODER]).snapshot()
        assert snapshot["burst_held"] and snapshot["breaker"] == "closed"
        holder.kill()  # mid-burst: its gate outlives it by the lease at most
        killed = time.monotonic()
    finally:
        holder.kill()
    state = gateway.endpoint(gateway.table[Lane.CODER])
    await wait_until(lambda: burst_gone(state), timeout_s=LEASE + 5)
    assert time.monotonic() - killed <= LEASE + 1.0
    again = await one_call.ainvoke({}, context=Context(gateway=gateway))
    assert [(e["lane"], e["error"]) for e in again["trace"]] == [("coder", None)]


async def test_a_redis_that_never_answers_costs_one_timeout_then_calls_go_on(
    fault_url, tmp_path, monkeypatch
):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("ARGOS_REDIS_URL", f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        monkeypatch.setenv("ARGOS_REDIS_TIMEOUT", "0.2")
        monkeypatch.setenv("ARGOS_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("ARGOS_LANE_CODER_URL", f"{fault_url}/ok/v1")
        gateway = LaneGateway.from_settings(load_settings())
        started = time.monotonic()
        for _ in range(3):
            call = await call_lane(gateway, Lane.CODER, ASK)
            assert [(e["lane"], e["error"]) for e in call.trace] == [("coder", None)]
        assert time.monotonic() - started < 2.0
        status = gateway.shared_status()
        assert status["backend"] == "local" and "Timeout" in status["error"]


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_cortex_lanes_json_shows_the_breaker_another_process_opened(env, redis):
    dead = f"http://127.0.0.1:{refusing_port()}/v1"
    settings = {**env, "ARGOS_LANE_GOVERNANCE_URL": dead}
    base = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}

    def cortex_lanes(*args: str) -> str:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "cortex"), "lanes", *args],
            env={**base, **settings},
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
        # --check exits 1 when a lane is unhealthy, and governance's endpoint is dead
        assert done.returncode == (1 if "--check" in args else 0), done.stderr
        return done.stdout

    def cortex(*args: str) -> dict[str, dict]:
        return {row["lane"]: row for row in json.loads(cortex_lanes("--json", *args))}

    before = cortex()
    assert (before["governance"]["breaker"], before["governance"]["shared"]) == ("closed", "redis")
    checked = cortex("--check")
    assert checked["governance"]["healthy"] is False
    after = cortex()  # a new process, no probe: what Redis recorded
    assert (after["governance"]["breaker"], after["governance"]["shared"]) == ("open", "redis")
    assert after["orchestrator"]["breaker"] == "closed"

    redis.kill()
    table = cortex_lanes()
    assert "is unreachable" in table and "this process's own" in table


async def burst_gone(state) -> bool:
    return not (await state.snapshot())["burst_held"]


async def in_flight(state, count: int) -> bool:
    return (await state.snapshot())["in_flight"] == count


async def wait_until(check, *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not true within {timeout_s}s")
