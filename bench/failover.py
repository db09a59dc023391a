"""Failover benchmark: Cortex lanes against LiteLLM Router, in one run, on one machine.

Measures, against the fault server (tests/integration/fault_server.py) on loopback:
  a  a healthy lane call
  b  a call whose primary refuses connections, answered by the fallback
  c  the same once the primary's breaker is open
  d  LiteLLM Router with the equivalent fallback (num_retries=0), same dead primary
  e  LiteLLM Router on the healthy endpoint (reference for d)

LiteLLM pins openai 2.x and the project runs 3.x, so d and e run in a subprocess from
their own venv (``make bench`` makes it), in the same run against the same server.

Prints a table and writes bench/results/failover.json. This machine is shared and
noisy: compare the ratios within one run, not absolute numbers across runs.

    make bench      # or: .venv/bin/python bench/failover.py --peer-python PY [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lanes.telemetry.percentiles import percentile  # noqa: E402
from tests.integration.one_call import one_call  # noqa: E402
from tests.integration.servers import free_port, serve  # noqa: E402

MESSAGES = [{"role": "user", "content": "Say hello."}]


async def interleaved(
    calls: int, call: Callable[[], Awaitable[Any]], setups: dict[str, Callable[[], None]]
) -> dict[str, list[float]]:
    """Per-call latency in ms for each case, taking the cases in turn round by round.

    Interleaving spreads the machine's noise evenly over the cases; each case's setup
    runs outside the timed region. The first two rounds warm up and are dropped.
    """
    samples: dict[str, list[float]] = {name: [] for name in setups}
    for round_ in range(calls + 2):
        for name, setup in setups.items():
            setup()
            started = time.perf_counter()
            await call()
            if round_ >= 2:
                samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(percentile(ordered, 95) or 0.0, 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


async def run(calls: int, fault_url: str, dead: str) -> dict[str, dict[str, float]]:
    from lanes.calls.gateway import LaneGateway
    from lanes.config.lane_table import build_lane_table
    from lanes.config.settings import load_settings
    from nodes.plumbing.context import Context

    ok = f"{fault_url}/ok/v1"
    os.environ["ARGOS_LANE_ORCHESTRATOR_URL"] = ok
    os.environ["ARGOS_BREAKER_FAILURES"] = "10000"  # (b): never opens on its own (the maximum)
    graph = one_call
    current: dict[str, Context] = {}

    def coder_at(url: str, *, breaker_open: bool) -> Callable[[], None]:
        """One gateway per case, built once: each round runs with that case's gateway."""
        os.environ["ARGOS_LANE_CODER_URL"] = url
        gateway = LaneGateway(build_lane_table(load_settings()))
        if breaker_open:
            gateway.breaker(url).record_failure(open_now=True, cooldown_s=3600)
        context = Context(gateway=gateway)

        def setup() -> None:
            current["context"] = context

        return setup

    samples = await interleaved(
        calls,
        lambda: graph.ainvoke({}, context=current["context"]),
        {
            "a_healthy_lane": coder_at(ok, breaker_open=False),
            "b_primary_refuses": coder_at(dead, breaker_open=False),
            "c_breaker_open": coder_at(dead, breaker_open=True),
        },
    )
    return {name: summary(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200, help="timed calls per case")
    parser.add_argument("--peer-python", required=True, help="python of the LiteLLM venv")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "uvicorn", "tests.integration.fault_server:app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens here: connection refused
    with serve(command, ready_url=f"{url}/ok/v1/models", log=out_dir / "fault.log", cwd=REPO):
        results = asyncio.run(run(args.calls, url, dead))
        peer = subprocess.run(
            [args.peer_python, str(REPO / "bench" / "litellm_peer.py"),
             "--dead", dead, "--ok", f"{url}/ok/v1", "--calls", str(args.calls)],
            capture_output=True, text=True, check=True, timeout=1800,
            env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},  # no internet here
        )  # fmt: skip
    for name, samples in json.loads(peer.stdout.strip().splitlines()[-1]).items():
        results[name] = summary(samples)
    a, b, c, d = (
        results[k]["p50_ms"]
        for k in (
            "a_healthy_lane",
            "b_primary_refuses",
            "c_breaker_open",
            "d_litellm_primary_refuses",
        )
    )
    verdict = {
        "c_minus_a_p50_ms": round(c - a, 3),
        "c_within_1ms_of_a": c - a <= 1.0,
        "b_over_d_p50": round(b / d, 3),
        "b_no_slower_than_litellm": b <= d,
    }
    table = Table(title=f"Failover, {args.calls} calls per case (p50 / p95 / mean ms)")
    for column in ("case", "p50", "p95", "mean"):
        table.add_column(column)
    for name, row in results.items():
        table.add_row(name, f"{row['p50_ms']:.2f}", f"{row['p95_ms']:.2f}", f"{row['mean_ms']:.2f}")
    console = Console()
    console.print(table)
    console.print(verdict)
    (out_dir / "failover.json").write_text(
        json.dumps({"calls": args.calls, "results": results, "verdict": verdict}, indent=2)
    )


if __name__ == "__main__":
    main()
