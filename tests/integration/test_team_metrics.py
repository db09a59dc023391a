"""The team server's metrics and event lines, with two workers, against the fault server.

``cortex serve --workers 2`` (one run at a time per worker, so both take runs), the
orchestrator lane on a dead endpoint (HTTP 500; a password in its URL, a key), falling
back to the coder lane, healthy. After concurrent runs through ``langgraph_sdk``, one scrape of
``/lanes/metrics`` adds up both workers and agrees with the runs' traces; the breaker
the workers share through Redis opened once and says so once; the server's JSON event
lines carry the engine's run ids and no secret.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.gate import REPO
from tests.integration.keys import admin_client, headers
from tests.integration.redis_server import RedisServer
from tests.integration.servers import fault_server
from tests.integration.team_server import team_server

pytestmark = pytest.mark.team

PASSWORD = "pw-team-hunter2-never-logged"
KEY = "sk-team-dead-lane-0123456789"
RUNS = 8
PLAN = "Plan the next sprint for the payments team"


def total(text: str, name: str, **labels: str) -> float:
    wanted = set(labels.items())
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and wanted <= set(sample.labels.items())
    )


async def _review(client: Any) -> tuple[str, list[dict[str, Any]]]:
    thread = await client.threads.create()
    run = await client.runs.create(
        thread["thread_id"], "supervisor",
        input={"messages": [{"role": "user", "content": PLAN}]},
    )  # fmt: skip
    values = await asyncio.wait_for(client.runs.join(thread["thread_id"], run["run_id"]), 180)
    assert isinstance(values, dict) and values.get("answer"), values
    return run["run_id"], values["trace"]


@pytest.mark.timeout(600)
async def test_two_workers_metrics_and_lines_agree_with_the_runs(postgres, tmp_path_factory):
    folder = tmp_path_factory.mktemp("team-metrics")
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    try:
        with fault_server(folder, REPO) as fault:
            where = urlsplit(fault).netloc
            dead = f"http://cortex:{PASSWORD}@{where}/500/v1"
            settings = {
                "ARGOS_LANE_ORCHESTRATOR_URL": dead,
                "ARGOS_LANE_ORCHESTRATOR_API_KEY": KEY,
                "ARGOS_LANE_ORCHESTRATOR_FALLBACK": "coder",
                "ARGOS_LANE_CODER_URL": f"{fault}/ok/v1",
                "ARGOS_ROUTER_PLANNER": "never",
                "ARGOS_BREAKER_FAILURES": "2",
                "ARGOS_BREAKER_COOLDOWN": "600",
                "ARGOS_LOG_FORMAT": "json",
            }
            with team_server(folder, postgres.new_database(), redis.url, workers=2, jobs=1,
                             keyed=True, settings=settings) as (url, log):  # fmt: skip
                client = admin_client(url)
                done = await asyncio.gather(*(_review(client) for _ in range(RUNS)))
                scraped = httpx.get(f"{url}/lanes/metrics", headers=headers(url), timeout=30)
                member = httpx.get(f"{url}/lanes/metrics", timeout=30)
            written = log.read_bytes()
    finally:
        redis.close()
    assert scraped.status_code == 200, scraped.text
    assert member.status_code in (401, 403)
    text = scraped.text
    dead_label = f"http://***@{where}/500/v1"

    entries = [entry for _, trace in done for entry in trace]
    outcomes = Counter(
        (e["lane"], "ok" if e["error"] is None else e["error"].split(":")[0]) for e in entries
    )
    assert outcomes[("orchestrator", "LaneUnavailable")] >= 2  # opened on the second
    assert outcomes[("coder", "ok")] == RUNS
    for (lane, outcome), count in outcomes.items():
        assert total(text, "cortex_lane_calls_total", lane=lane, outcome=outcome) == count
    assert total(text, "cortex_lane_calls_total") == len(entries)
    assert total(text, "cortex_routing_decisions_total") == RUNS
    moved = Counter(e["fallback_from"] for e in entries if e["fallback_from"])
    assert moved["orchestrator"] == RUNS
    assert (
        total(text, "cortex_lane_fallbacks_total", from_lane="orchestrator", to_lane="coder")
        == RUNS
    )
    # One breaker, shared through Redis: opened once, said once, open for every worker.
    assert total(text, "cortex_endpoint_breaker_transitions_total", endpoint=dead_label,
                 from_state="closed", to_state="open") == 1  # fmt: skip
    assert total(text, "cortex_endpoint_breaker_state", endpoint=dead_label) == 2
    port = urlsplit(url).port
    counted = {
        p.stem.rsplit("_", 1)[-1]
        for p in (folder / "data/metrics" / str(port)).glob("counter_*.db")
    }
    assert len(counted) >= 2, counted  # both workers counted; one scrape added them up

    assert PASSWORD.encode() not in written and KEY.encode() not in written
    ours = []
    for raw in written.decode(errors="replace").splitlines():
        if raw.startswith("{") and '"logger": "cortex.' in raw:
            ours.append(json.loads(raw))
    lane_calls = [line for line in ours if line["event"] == "lane_call"]
    assert len(lane_calls) == len(entries)
    run_ids = {run_id for run_id, _ in done}
    assert {line["run_id"] for line in lane_calls} == run_ids
    assert sum(1 for line in ours if line["event"] == "breaker") == 1
