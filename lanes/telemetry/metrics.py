"""The Prometheus metrics, and the scrape that adds up every worker's.

All live in prometheus-client's default registry. With ``PROMETHEUS_MULTIPROC_DIR`` set
(``cortex serve`` sets it for its workers) each process writes its values to files
there and :func:`exposition` adds them up: the library's multiprocess mode. Gauges say
how: requests in flight and queued are summed over live workers; the breaker state is
the value most recently written (with Redis every worker shares one breaker, and the
scraping worker writes it fresh); approvals waiting are summed over every worker, live
or not, since a pause and its answer may land on different workers.

Labels name a lane, an endpoint (redacted: never a key or a password) and a backend.
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CALL = ("lane", "endpoint", "backend")
ENDPOINT = ("endpoint", "backend")
# Seconds: an embedded model's short reply to a long-context reader's whole book.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600)
FIRST_TOKEN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)

LANE_CALLS = Counter(
    "cortex_lane_calls", "Lane calls by outcome: ok, incomplete, or the error type.",
    [*CALL, "outcome"],
)  # fmt: skip
LANE_LATENCY = Histogram(
    "cortex_lane_latency_seconds", "Lane call latency, every outcome.", CALL,
    buckets=LATENCY_BUCKETS,
)  # fmt: skip
FIRST_TOKEN = Histogram(
    "cortex_lane_time_to_first_token_seconds", "Time to a streamed reply's first token.",
    CALL, buckets=FIRST_TOKEN_BUCKETS,
)  # fmt: skip
TOKENS = Counter("cortex_lane_tokens", "Tokens by kind: prompt or completion.", [*CALL, "kind"])
FALLBACKS = Counter(
    "cortex_lane_fallbacks",
    "Work that moved lanes: the lane it left, the lane that took it, and why.",
    ["from_lane", "to_lane", "reason"],
)
BREAKER_STATE = Gauge(
    "cortex_endpoint_breaker_state", "Breaker state: 0 closed, 1 half-open, 2 open.", ENDPOINT,
    multiprocess_mode="mostrecent",
)  # fmt: skip
BREAKER_TRANSITIONS = Counter(
    "cortex_endpoint_breaker_transitions", "Breaker state changes.",
    [*ENDPOINT, "from_state", "to_state"],
)  # fmt: skip
IN_FLIGHT = Gauge(
    "cortex_endpoint_in_flight", "Requests in flight.", ENDPOINT, multiprocess_mode="livesum"
)
QUEUED = Gauge(
    "cortex_endpoint_queued", "Requests waiting for a slot.", ENDPOINT,
    multiprocess_mode="livesum",
)  # fmt: skip
REFUSED = Counter(
    "cortex_endpoint_refused", "Requests refused because every slot stayed busy.", ENDPOINT
)
ROUTES = Counter(
    "cortex_routing_decisions", "Routing decisions by lane set, method and confidence.",
    ["lanes", "method", "confidence"],
)  # fmt: skip
APPROVALS_WAITING = Gauge(
    "cortex_approvals_waiting", "Runs paused for a person's approval.", ["kind"],
    multiprocess_mode="sum",
)  # fmt: skip
APPROVAL_PAUSES = Counter("cortex_approval_pauses", "Pauses for a person's approval.", ["kind"])


def exposition() -> tuple[bytes, str]:
    """Every metric now, in the Prometheus text format, and its content type.

    In multiprocess mode, the sum over every worker's files (workers that died are
    forgotten first, so their in-flight requests do not count forever).
    """
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    Path(folder).mkdir(parents=True, exist_ok=True)  # deleted under a running server
    _forget_dead_workers(Path(folder))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


def _forget_dead_workers(folder: Path) -> None:
    """Drop the live-only gauges of workers that are gone (uvicorn restarts a dead one).

    The library leaves this to the server's process manager; uvicorn has no hook for it,
    so the scrape checks each file's process id itself.
    """
    pids = {_pid(path.name) for path in folder.glob("gauge_live*_*.db")}
    for pid in pids - {None}:
        assert pid is not None
        if not _alive(pid):
            multiprocess.mark_process_dead(pid, str(folder))  # type: ignore[no-untyped-call]


def _pid(name: str) -> int | None:
    tail = name.rsplit("_", 1)[-1].removesuffix(".db")
    return int(tail) if tail.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
