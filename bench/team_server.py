"""Team server benchmark: runs per second through ``cortex serve`` at 1, 2 and 4 workers.

Every lane points at the loopback OpenAI-compatible stub (bench/stub_openai.py, 20 ms a
reply); the server runs on a real PostgreSQL and Redis started here. Two measurements:

  scaling   RUNS supervisor runs through ``langgraph_sdk`` (``runs.stream``, no thread),
            CONCURRENCY at a time, at 1, 2 and 4 workers: runs/s, p50 and p95,
            and each count's runs/s over one worker's
  cost      one run at a time, interleaved round by round: through the server (2
            workers; streamed, and with ``runs.wait``) and the same graph invoked in
            this process (``graph.ainvoke``, same stub); p50 of each, and the ratios

Prints a table and writes bench/results/team_server.json. The machine is shared and
noisy (2 cores here: more workers than cores cannot scale): compare ratios within a run.

    make bench-server      # or: .venv/bin/python bench/team_server.py [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from langchain_core.messages import HumanMessage  # noqa: E402
from langgraph_sdk import get_client  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lanes.telemetry.percentiles import percentile  # noqa: E402
from tests.integration.postgres_server import PostgresServer  # noqa: E402
from tests.integration.redis_server import RedisServer  # noqa: E402
from tests.integration.servers import free_port, serve  # noqa: E402
from tests.integration.team_server import team_server  # noqa: E402

WORKER_COUNTS = (1, 2, 4)
SHORT_STREAMS: list[int] = []  # runs whose stream ended without the answer (counted)
CONCURRENCY = 32
COST_ROUNDS = 40
WARMUP = 5
REQUESTS = (
    "Plan the next sprint for the payments team",
    "Sequence the mobile app work for the next two quarters",
    "Which epics should we schedule before the March release?",
    "Break the onboarding redesign into milestones with owners",
)


def _stub_env(stub: str) -> dict[str, str]:
    return {
        "ARGOS_LLM_BASE_URL": f"{stub}/v1",
        "ARGOS_LLM_MODEL": "stub",
        "ARGOS_ROUTER_PLANNER": "never",
    }


async def _waited_run(url: str, number: int) -> float:
    """``runs.wait``: aegra polls for the end of a run every 2 s (worker_executor.py)."""
    client = get_client(url=url)
    started = time.perf_counter()
    said: Any = {"messages": [{"role": "user", "content": REQUESTS[number % len(REQUESTS)]}]}
    result = await client.runs.wait(None, "supervisor", input=said)
    assert isinstance(result, dict) and result.get("answer"), result
    return (time.perf_counter() - started) * 1000


async def _server_run(url: str, number: int) -> float:
    client = get_client(url=url)
    started = time.perf_counter()
    said: Any = {"messages": [{"role": "user", "content": REQUESTS[number % len(REQUESTS)]}]}
    last: Any = None
    async for part in client.runs.stream(None, "supervisor", input=said, stream_mode="values"):
        if part.event == "values":
            last = part.data
    assert isinstance(last, dict) and last.get("results"), last
    if not last.get("answer"):  # the stream ended before the final state's event
        SHORT_STREAMS.append(number)
    return (time.perf_counter() - started) * 1000


async def _scaling(url: str, runs: int) -> dict[str, float]:
    for number in range(WARMUP):
        await _server_run(url, number)
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(number: int) -> float:
        async with limit:
            return await _server_run(url, number)

    started = time.perf_counter()
    times = await asyncio.gather(*(one(n) for n in range(runs)))
    seconds = time.perf_counter() - started
    return {
        "runs": runs,
        "runs_per_s": runs / seconds,
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
    }


async def _cost(url: str) -> dict[str, list[float]]:
    from graphs.supervisor import graph

    samples: dict[str, list[float]] = {
        "through the server": [],
        "in-process graph": [],
        "server, runs.wait": [],
    }
    for round_ in range(COST_ROUNDS + WARMUP):
        server_ms = await _server_run(url, round_)
        waited_ms = await _waited_run(url, round_)
        started = time.perf_counter()
        text = REQUESTS[round_ % len(REQUESTS)]
        out = await graph.ainvoke({"messages": [HumanMessage(text)]})
        assert out.get("answer"), out
        local_ms = (time.perf_counter() - started) * 1000
        if round_ >= WARMUP:
            samples["through the server"].append(server_ms)
            samples["in-process graph"].append(local_ms)
            samples["server, runs.wait"].append(waited_ms)
    return samples


async def main(runs: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-team-"))
    stub_port = free_port()
    stub = f"http://127.0.0.1:{stub_port}"
    stub_command = [sys.executable, "-m", "uvicorn", "bench.stub_openai:app", "--host",
                    "127.0.0.1", "--port", str(stub_port), "--log-level", "warning"]  # fmt: skip
    postgres = PostgresServer()
    redis = RedisServer(folder)
    results: dict[str, Any] = {"scaling": {}, "cost": {}}
    with serve(stub_command, ready_url=f"{stub}/v1/models", log=folder / "stub.log", cwd=REPO):
        os.environ.update(_stub_env(stub))  # the in-process graph's lanes, and the servers'
        try:
            postgres.start()
            redis.start()
            for workers in WORKER_COUNTS:
                database = postgres.new_database()
                with team_server(
                    folder, database, redis.url, workers=workers, settings=_stub_env(stub)
                ) as (url, _):
                    results["scaling"][workers] = await _scaling(url, runs)
                    if workers == 2:
                        results["cost"] = await _cost(url)
        finally:
            redis.close()
            postgres.close()
    return results


def report(results: dict[str, Any]) -> dict[str, Any]:
    console = Console()
    one = results["scaling"][1]["runs_per_s"]
    table = Table(title=f"cortex serve, supervisor runs on the 20 ms stub, {CONCURRENCY} at once")
    for column in ("workers", "runs/s", "x one worker", "p50 ms", "p95 ms"):
        table.add_column(column, justify="right")
    for workers, figures in results["scaling"].items():
        figures["x_one_worker"] = figures["runs_per_s"] / one
        table.add_row(
            str(workers), f"{figures['runs_per_s']:.1f}", f"{figures['x_one_worker']:.2f}",
            f"{figures['p50_ms']:.0f}", f"{figures['p95_ms']:.0f}",
        )  # fmt: skip
    console.print(table)
    server = statistics.median(results["cost"]["through the server"])
    local = statistics.median(results["cost"]["in-process graph"])
    cost = Table(title=f"one run at a time, {COST_ROUNDS} rounds interleaved (2 workers)")
    for column in ("case", "p50 ms", "x in-process"):
        cost.add_column(column, justify="right")
    cost.add_row("in-process graph", f"{local:.0f}", "1.00")
    cost.add_row("through the server (streamed)", f"{server:.0f}", f"{server / local:.2f}")
    waited = statistics.median(results["cost"]["server, runs.wait"])
    cost.add_row("through the server (runs.wait)", f"{waited:.0f}", f"{waited / local:.2f}")
    console.print(cost)
    console.print(f"streams that ended before the final state's event: {len(SHORT_STREAMS)}")
    summary = {
        "scaling": results["scaling"],
        "cost": {
            "server_p50_ms": server,
            "in_process_p50_ms": local,
            "ratio": server / local,
            "runs_wait_p50_ms": waited,
        },
        "cores": os.cpu_count(),
        "streams_without_the_final_state": len(SHORT_STREAMS),
    }
    out = REPO / "bench" / "results" / "team_server.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    console.print(f"wrote {out.relative_to(REPO)}")
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per worker count")
    report(asyncio.run(main(parser.parse_args().runs)))
