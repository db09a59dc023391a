"""The metrics and event lines an operator reads agree with what the runs did.

Runs against the loopback fault server: one lane healthy (``/ok``), one dead (``/500``,
its URL carrying a password and its key a secret). The metrics are scraped from the
server's own route (``GET /lanes/metrics``), the event lines read from a JSON log.
Then two worker processes count into one multiprocess folder, twice, and one scrape
adds up both.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from prometheus_client.parser import text_string_to_metric_families

from lanes.telemetry.log_format import EVENTS_LOGGER, send_events
from lanes.telemetry.metrics import MULTIPROC_ENV, exposition
from server.app import app
from tests.integration.one_call import one_call

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "pw-hunter2-never-logged"
DEAD_KEY = "sk-dead-lane-key-0123456789"
RUNS = 5

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= have)


ADMIN = {"identity": "ops", "role": "admin"}
MEMBER = {"identity": "dev", "role": "member", "projects": ["default"]}


async def get(path: str, user: dict[str, Any]) -> httpx.Response:
    """``GET path`` on the server's app as ``user`` (the engine's auth sets it so)."""

    async def as_user(scope: dict[str, Any], receive: Any, send: Any) -> None:
        scope["user"] = user
        await app(scope, receive, send)

    transport = httpx.ASGITransport(app=as_user)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.get(path)


async def scrape() -> Samples:
    """``GET /lanes/metrics`` as an admin, parsed."""
    response = await get("/lanes/metrics", ADMIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return parse(response.text)


async def test_scraped_metrics_and_log_lines_agree_with_the_traces(
    fault_url, monkeypatch, tmp_path
):
    where = urlsplit(fault_url).netloc
    dead = f"http://cortex:{PASSWORD}@{where}/500/v1"
    healthy = f"{fault_url}/ok/v1"
    for name, setting in {
        "ARGOS_LANE_CODER_URL": dead,
        "ARGOS_LANE_CODER_API_KEY": DEAD_KEY,
        "ARGOS_LANE_ORCHESTRATOR_URL": healthy,
        "ARGOS_BREAKER_FAILURES": "2",
        "ARGOS_BREAKER_COOLDOWN": "600",
    }.items():
        monkeypatch.setenv(name, setting)
    log = tmp_path / "events.jsonl"
    run_ids = [f"run-{n}-{uuid.uuid4().hex[:8]}" for n in range(RUNS)]
    with log.open("w") as stream:
        handler = send_events("json", stream)
        try:
            before = await scrape()
            traces = []
            for run in run_ids:
                config = {"metadata": {"run_id": run}, "configurable": {"thread_id": run}}
                traces.append((await one_call.ainvoke({}, config))["trace"])
            after = await scrape()
        finally:
            logging.getLogger(EVENTS_LOGGER).removeHandler(handler)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    entries = [entry for trace in traces for entry in trace]
    dead_label = f"http://***@{where}/500/v1"
    failed = [e for e in entries if e["lane"] == "coder"]
    served = [e for e in entries if e["lane"] == "orchestrator" and e["error"] is None]
    # What the traces say: two failures open the breaker; the other runs skip the lane.
    assert [e["error"].split(":")[0] for e in failed] == ["LaneUnavailable"] * 2
    assert len(served) == RUNS and all(e["fallback_from"] == "coder" for e in served)
    after_failure = sum(1 for e in served if e["attempt"] == 2)
    skipped = sum(1 for e in served if e["attempt"] == 1)
    assert (after_failure, skipped) == (2, RUNS - 2)

    calls = "cortex_lane_calls_total"
    assert grew(calls, lane="coder", endpoint=dead_label, outcome="LaneUnavailable") == len(failed)
    assert grew(calls, lane="coder") == len(failed)  # no other outcome, no other label
    assert grew(calls, lane="orchestrator", endpoint=healthy, outcome="ok") == len(served)
    assert grew("cortex_lane_latency_seconds_count", lane="orchestrator") == len(served)
    assert grew("cortex_lane_time_to_first_token_seconds_count", lane="orchestrator") == len(served)
    completion = sum(e["completion_tokens"] or 0 for e in served)
    assert grew("cortex_lane_tokens_total", lane="orchestrator", kind="completion") == completion
    fallbacks = "cortex_lane_fallbacks_total"
    assert grew(fallbacks, from_lane="coder", to_lane="orchestrator",
                reason="LaneUnavailable") == after_failure  # fmt: skip
    assert grew(fallbacks, from_lane="coder", to_lane="orchestrator",
                reason="BreakerOpen") == skipped  # fmt: skip
    assert value(after, "cortex_endpoint_breaker_state", endpoint=dead_label) == 2  # open
    assert value(after, "cortex_endpoint_breaker_state", endpoint=healthy) == 0
    assert grew("cortex_endpoint_breaker_transitions_total", endpoint=dead_label,
                from_state="closed", to_state="open") == 1  # fmt: skip

    written = log.read_bytes()
    for secret in (PASSWORD.encode(), DEAD_KEY.encode(), b"Bearer sk-", b"Basic "):
        assert secret not in written
    lines = [json.loads(line) for line in written.decode().splitlines()]
    events = Counter(line["event"] for line in lines)
    assert events == {"lane_call": len(entries), "fallback": RUNS, "breaker": 1}
    for line in lines:
        assert line["run_id"] in run_ids and line["thread_id"] == line["run_id"], line
        assert line["time"] and line["level"] in ("info", "warning")
    lane_calls = [line for line in lines if line["event"] == "lane_call"]
    for line, entry in zip(lane_calls, entries, strict=True):
        assert (line["lane"], line["attempt"], line["fallback_from"], line["latency_ms"]) == (
            entry["lane"], entry["attempt"], entry["fallback_from"], entry["latency_ms"],
        )  # fmt: skip
        assert line["outcome"] == ("ok" if entry["error"] is None else "LaneUnavailable")
        assert line["backend"] == "openai" and line["endpoint"] in (dead_label, healthy)


async def test_a_member_key_may_not_read_the_metrics():
    response = await get("/lanes/metrics", MEMBER)
    assert response.status_code == 403
    assert "admin key" in response.json()["error"]


def test_two_worker_processes_add_up_in_one_scrape(fault_url, tmp_path, monkeypatch):
    folder = tmp_path / "metrics"
    folder.mkdir()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    env = clean | {
        "ARGOS_LANE_CODER_URL": f"{fault_url}/ok/v1",
        "ARGOS_DATA_DIR": str(tmp_path / "data"),
        MULTIPROC_ENV: str(folder),
    }
    per_worker, rounds, pids = 6, 2, set()
    for _ in range(rounds):
        workers = [
            subprocess.Popen(  # noqa: S603 - our own worker module
                [sys.executable, "-m", "tests.integration.shared_worker", "calls", str(per_worker)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=REPO,
            )  # fmt: skip
            for _ in range(2)
        ]
        for worker in workers:  # both loaded, then both go at once
            assert worker.stdout is not None and worker.stdout.readline().strip() == b"ready"
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write(b"go\n")
            worker.stdin.flush()
        for worker in workers:
            out, _ = worker.communicate(timeout=120)
            assert worker.returncode == 0
            assert json.loads(out.splitlines()[-1]) == {"answered": per_worker}
            pids.add(worker.pid)
    monkeypatch.setenv(MULTIPROC_ENV, str(folder))
    samples = parse(exposition()[0].decode())
    assert value(samples, "cortex_lane_calls_total", lane="coder", outcome="ok") == (
        2 * rounds * per_worker
    )
    assert value(samples, "cortex_lane_latency_seconds_count", lane="coder") == (
        2 * rounds * per_worker
    )
    written = {int(p.stem.rsplit("_", 1)[-1]) for p in folder.glob("counter_*.db")}
    assert written == pids  # each worker wrote its own file, and all were added up
    # Every worker has exited: their requests in flight no longer count.
    assert value(samples, "cortex_endpoint_in_flight") == 0
    assert not list(folder.glob("gauge_live*.db"))


async def test_every_metric_the_dashboard_names_is_in_a_scrape():
    text = (await get("/lanes/metrics", ADMIN)).text
    served = set()
    for family in text_string_to_metric_families(text):
        suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
        served |= {family.name + s for s in suffixes.get(family.type, ("",))}
    dashboard = json.loads((REPO / "compose/grafana/dashboards/cortex-lanes.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    named = {name for expr in exprs for name in re.findall(r"\bcortex_[a-z_]+\b", expr)}
    assert len(named) >= 10
    assert named <= served, named - served
