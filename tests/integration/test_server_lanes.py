"""Lane state on a real `langgraph dev`: GET /lanes and GET /lanes/health over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.keys import admin_client, headers
from tests.integration.redis_server import RedisServer
from tests.integration.servers import langgraph_dev, refusing_port

REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-lanes-health-secret"
REDIS_PASSWORD = "redis-pw-4417"


@pytest.fixture(scope="module")
def dead_coder() -> str:
    # Nothing listens here, ever: the coder lane is down from the start.
    return f"http://ops:hunter2pw@127.0.0.1:{refusing_port()}/v1"


@pytest.fixture(scope="module")
def redis(tmp_path_factory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"), password=REDIS_PASSWORD)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedded_gguf: Path, dead_coder: str, redis) -> Iterator[str]:
    with langgraph_dev(
        tmp_path_factory.mktemp("langgraph-lanes"),
        REPO,
        keyed=True,
        ARGOS_REDIS_URL=redis.url,
        ARGOS_LANE_CODER_URL=dead_coder,
        ARGOS_LANE_CODER_API_KEY=SECRET,
        ARGOS_BREAKER_FAILURES="1",
        ARGOS_BREAKER_COOLDOWN="600",
    ) as url:
        yield url


async def test_lanes_lists_the_table_without_secrets(server):
    response = httpx.get(f"{server}/lanes", headers=headers(server), timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert body["default_lane"] == "orchestrator"
    by_lane = {lane["lane"]: lane for lane in body["lanes"]}
    assert set(by_lane) == {"orchestrator", "coder", "super_reader", "fast_rag", "governance"}
    assert by_lane["coder"]["base_url"].startswith("http://***@127.0.0.1:")
    assert SECRET not in response.text and "hunter2pw" not in response.text


async def _coder_run(server: str, task: str) -> dict:
    """One run of the coder graph on a new thread, as an admin, waited for."""
    client = admin_client(server)
    thread = await client.threads.create()
    return await client.runs.wait(thread["thread_id"], "coder", input={"task": task})


async def test_health_shows_the_dead_lane_open_and_the_serving_one_busy(server):
    run = await _coder_run(server, "Review: def add(a, b): return a - b")
    failed, served = run["trace"]
    assert failed["lane"] == "coder" and failed["error"].startswith("LaneUnavailable")
    assert served["fallback_from"] == "coder" and served["error"] is None

    response = httpx.get(f"{server}/lanes/health", headers=headers(server), timeout=30)
    assert response.status_code == 200
    assert SECRET not in response.text and "hunter2pw" not in response.text
    assert REDIS_PASSWORD not in response.text
    shared = response.json()["shared"]
    assert (shared["backend"], shared["error"]) == ("redis", None)
    assert shared["redis_url"].startswith("redis://***@127.0.0.1:")
    endpoints = {tuple(e["lanes"]): e for e in response.json()["endpoints"]}
    coder = endpoints[("coder",)]
    assert coder["breaker"] == "open" and 0 < coder["reopens_in_s"] <= 600
    assert "connection failed" in coder["last_error"]
    assert (coder["calls"], coder["failures"], coder["in_flight"], coder["queued"]) == (1, 1, 0, 0)
    # Every other lane is on the embedded model: one endpoint, one slot, one call served.
    (embedded,) = [e for lanes, e in endpoints.items() if "orchestrator" in lanes]
    assert set(embedded["lanes"]) == {"orchestrator", "super_reader", "fast_rag", "governance"}
    assert embedded["breaker"] == "closed" and embedded["max_parallel"] == 1
    assert embedded["calls"] >= 1 and embedded["latency_ms"]["p50"] > 0
    assert embedded["last_error"] is None and not embedded["burst_held"]


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_metrics_on_langgraph_dev_are_for_admins_and_show_the_dead_lane(server):
    """The route under langgraph dev's own custom-route auth (the team server's: team tests)."""
    await _coder_run(server, "Review: x = 1")
    response = httpx.get(f"{server}/lanes/metrics", headers=headers(server), timeout=30)
    assert response.status_code == 200
    text = response.text
    assert SECRET not in text and "hunter2pw" not in text
    samples = [s for f in text_string_to_metric_families(text) for s in f.samples]
    calls = {(s.labels["lane"], s.labels["outcome"]): s.value for s in samples
             if s.name == "cortex_lane_calls_total"}  # fmt: skip
    assert calls[("coder", "LaneUnavailable")] >= 1
    moved = [s for s in samples if s.name == "cortex_lane_fallbacks_total"]
    assert {s.labels["from_lane"] for s in moved} == {"coder"}
    assert httpx.get(f"{server}/lanes/metrics", timeout=30).status_code in (401, 403)


async def _open_coder_breaker(server: str) -> None:
    """The dead coder's breaker open: one coder run, unless an earlier test already made one."""
    body = httpx.get(f"{server}/lanes/health", headers=headers(server), timeout=30).json()
    coder = next(e for e in body["endpoints"] if e["lanes"] == ["coder"])
    if coder["breaker"] != "open":
        await _coder_run(server, "Review: x = 1")


async def test_health_says_when_redis_is_away_and_when_it_is_back(server, redis):
    await _open_coder_breaker(server)
    redis.kill()
    try:
        response = httpx.get(f"{server}/lanes/health", headers=headers(server), timeout=30)
        assert response.status_code == 200
        body = response.json()
        assert body["shared"]["backend"] == "local" and body["shared"]["error"]
        assert REDIS_PASSWORD not in response.text
        coder = next(e for e in body["endpoints"] if e["lanes"] == ["coder"])
        # This worker's own record of the dead coder still stands while Redis is away.
        assert (coder["shared"], coder["breaker"]) == ("local", "open")
    finally:
        redis.start()
    for _ in range(40):  # shared state resumes by itself (bounded: 40 x 0.25 s)
        body = httpx.get(f"{server}/lanes/health", headers=headers(server), timeout=30).json()
        if body["shared"]["backend"] == "redis":
            break
        await asyncio.sleep(0.25)
    assert body["shared"]["backend"] == "redis"
    coder = next(e for e in body["endpoints"] if e["lanes"] == ["coder"])
    assert (coder["shared"], coder["breaker"]) == ("redis", "closed")  # Redis restarted empty
