"""A turn on the OpenAI-compatible API stops when its client goes away.

The coder lane points at the fault server's ``hang`` mode, which never answers: without
the stop, the turn would wait out the lane's timeout (120 s here) after the client had
long gone, holding the lane, then try its fallbacks.

The governance lane answers 500 and has no fallback: a run on it fails, and its caller
reads why (the last test).
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.integration.keys import KEYS, admin_client
from tests.integration.servers import fault_server, langgraph_dev

REPO = Path(__file__).resolve().parents[2]
GONE = "the client went away: turn oai-"


@pytest.fixture(scope="module")
def hung(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("client-gone")
    with fault_server(folder, REPO) as fault:
        lanes = {
            f"ARGOS_LANE_{lane}_{key}": value
            for lane in ("CODER", "ORCHESTRATOR", "SUPER_READER", "FAST_RAG", "GOVERNANCE")
            for key, value in (("URL", f"{fault}/hang/v1"), ("TIMEOUT", "120"),
                               ("FALLBACK", "none"))
        } | {"ARGOS_LANE_GOVERNANCE_URL": f"{fault}/500/v1"}  # fmt: skip
        with langgraph_dev(folder, REPO, keyed=True, **lanes) as url:
            yield url, folder / "langgraph-dev.log"


def _ask_and_leave(url: str, *, stream: bool) -> None:
    body = {"model": "cortex/coder", "stream": stream,
            "messages": [{"role": "user", "content": "review: def f(x): return x / 0"}]}  # fmt: skip
    headers = {"Authorization": f"Bearer {KEYS[url]}"}
    with pytest.raises(httpx.ReadTimeout):  # the client gives up after 3 s and hangs up
        with httpx.Client(base_url=url, timeout=httpx.Timeout(30, read=3)) as client:
            with client.stream("POST", "/v1/chat/completions", json=body, headers=headers) as r:
                for _ in r.iter_bytes():
                    pass


def _stops(log: Path, before: int, within_s: float = 10) -> float:
    left = time.monotonic()
    deadline = left + within_s
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count(GONE) > before:
            return time.monotonic() - left
        time.sleep(0.2)
    raise AssertionError(f"the turn still ran {within_s} s after its client went away")


@pytest.mark.parametrize("stream", [False, True])
def test_a_turn_whose_client_hangs_up_stops_within_seconds(hung, stream):
    url, log = hung
    before = log.read_text(errors="replace").count(GONE)
    _ask_and_leave(url, stream=stream)
    assert _stops(log, before) < 5
    assert httpx.get(f"{url}/ok", timeout=10).status_code == 200


async def test_a_run_whose_every_lane_failed_tells_its_caller_why(hung):
    """It said "An internal error occurred": the servers hide all but a ValueError's text."""
    url, _ = hung
    client = admin_client(url)
    thread = await client.threads.create()
    with pytest.raises(Exception, match="every lane failed for governance") as failed:
        await client.runs.wait(
            thread["thread_id"], "governance", input={"task": "Check this plan: ship it."}
        )
    assert "HTTP 500" in str(failed.value) and "internal error" not in str(failed.value)
