"""Every failure mode of a real HTTP server ends in the documented behaviour."""

from __future__ import annotations

import time

import httpx
import pytest
from langchain_core.messages import HumanMessage
from pydantic import BaseModel

from lanes.calls.call_lane import call_lane
from lanes.calls.invoke_model import INCOMPLETE
from lanes.core.errors import InvalidModelOutput
from lanes.core.lane import Lane
from lanes.endpoint.breaker import BreakerState
from nodes.defaults import default_gateway
from tests.integration.one_call import one_call
from tests.integration.servers import refusing_port


@pytest.fixture
def coder_on(fault_url, monkeypatch):
    def point(mode: str) -> str:
        endpoint = f"{fault_url}/{mode}/v1"
        monkeypatch.setenv("ARGOS_LANE_CODER_URL", endpoint)
        monkeypatch.setenv("ARGOS_LANE_CODER_TIMEOUT", "1")
        monkeypatch.setenv("ARGOS_LANE_ORCHESTRATOR_URL", f"{fault_url}/ok/v1")
        monkeypatch.setenv("ARGOS_LANE_SUPER_READER_URL", f"{fault_url}/ok-reader/v1")
        monkeypatch.setenv("ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW", "1000000")
        return endpoint

    return point


def hits(fault_url: str, mode: str) -> int:
    return int(httpx.get(f"{fault_url}/{mode}/count").json()["count"])


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("500", "LaneUnavailable: HTTP 500"),
        ("429", "LaneUnavailable: HTTP 429"),
        ("malformed", "LaneUnavailable"),
        ("oom-vllm", "LaneOutOfMemory: HTTP 500"),
        ("oom-llamacpp", "LaneOutOfMemory: HTTP 500"),
    ],
)
async def test_failures_fall_back_to_the_next_lane(coder_on, mode, error):
    coder_on(mode)
    out = await one_call.ainvoke({})
    failed, served = out["trace"]
    assert (failed["lane"], failed["attempt"]) == ("coder", 1)
    assert failed["error"].startswith(error), failed["error"]
    assert (served["lane"], served["fallback_from"], served["attempt"]) == (
        "orchestrator",
        "coder",
        2,
    )
    assert out["text"] == "Partial answer."


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("length", "cut off at the token limit (raise ARGOS_LANE_CODER_MAX_TOKENS)"),
        ("filtered", "stopped by the server's content filter"),
    ],
)
async def test_a_structured_reply_that_ends_early_falls_back_and_the_endpoint_stays_closed(
    coder_on, mode, why
):
    """openai's LengthFinishReasonError (json_schema) is a model-output error, typed."""
    endpoint = coder_on(mode)
    out = await one_call.ainvoke({"structured": True})
    failed, served = out["trace"]
    assert failed["lane"] == "coder" and failed["error"].startswith("InvalidModelOutput")
    assert why in failed["error"], failed["error"]
    assert (served["lane"], served["fallback_from"]) == ("orchestrator", "coder")
    assert out["text"] == "Fallback reply from the fault server."
    assert default_gateway().breaker(endpoint).state is BreakerState.CLOSED


class Review(BaseModel):
    """A schema the fault server's reply (``{"text": ...}``) does not meet."""

    summary: str
    score: int


async def test_a_structured_reply_that_misses_its_schema_is_invalid_output_not_a_crash(coder_on):
    """The OpenAI SDK validates a pydantic schema itself; its ValidationError is typed."""
    endpoint = coder_on("ok")
    with pytest.raises(InvalidModelOutput) as err:
        await call_lane(default_gateway(), Lane.CODER, [HumanMessage("Review.")], schema=Review,
                        fallback=False)  # fmt: skip
    assert "the reply is not valid Review JSON: summary: Field required" in str(err.value)
    assert default_gateway().breaker(endpoint).state is BreakerState.CLOSED  # a healthy server


@pytest.mark.parametrize(("mode", "stop"), [("length", "length"), ("filtered", "content_filter")])
async def test_a_text_reply_that_ends_early_is_kept_and_the_trace_says_so(coder_on, mode, stop):
    """Its tokens already reached the user: kept, marked in the trace, not a failure."""
    endpoint = coder_on(mode)
    out = await one_call.ainvoke({})
    (served,) = out["trace"]
    assert served["lane"] == "coder" and served["stopped"] == stop and not served["error"]
    assert out["text"] == "Partial "
    assert default_gateway().breaker(endpoint).state is BreakerState.CLOSED


async def test_oom_opens_the_breaker_at_once(coder_on):
    endpoint = coder_on("oom-vllm")
    await one_call.ainvoke({})
    assert default_gateway().breaker(endpoint).state is BreakerState.OPEN


async def test_429_keeps_the_endpoint_closed_for_retry_after(coder_on):
    endpoint = coder_on("429")
    await one_call.ainvoke({})
    breaker = default_gateway().breaker(endpoint)
    assert breaker.state is BreakerState.OPEN
    assert 1.5 < breaker.reopens_at - time.monotonic() <= 2.0


async def test_a_hang_costs_one_timeout_per_cooldown_not_one_per_request(coder_on, fault_url):
    coder_on("hang")
    before = hits(fault_url, "hang")
    started = time.perf_counter()
    first = await one_call.ainvoke({})
    first_s = time.perf_counter() - started
    assert first["trace"][0]["error"].startswith("LaneUnavailable: timed out")
    assert 1.0 <= first_s < 5
    started = time.perf_counter()
    second = await one_call.ainvoke({})
    second_s = time.perf_counter() - started
    (entry,) = second["trace"]  # the breaker is open: straight to the fallback
    assert (entry["lane"], entry["fallback_from"]) == ("orchestrator", "coder")
    assert second_s < 0.5, second_s
    assert hits(fault_url, "hang") == before + 1


async def test_context_length_400_goes_to_the_super_reader(coder_on):
    coder_on("ctx")
    out = await one_call.ainvoke({})
    failed, served = out["trace"]
    assert failed["error"].startswith("ContextOverflow: HTTP 400")
    assert (served["lane"], served["fallback_from"]) == ("super_reader", "coder")


async def test_a_stream_cut_after_the_first_token_is_an_explicit_incomplete_answer(
    coder_on, fault_url
):
    coder_on("cut")
    before = hits(fault_url, "ok")
    out = await one_call.ainvoke({})
    (entry,) = out["trace"]
    assert entry["lane"] == "coder" and entry["error"].startswith("IncompleteAnswer")
    assert out["text"].startswith("Partial ")
    assert INCOMPLETE.split("{")[0].strip() in out["text"]
    assert hits(fault_url, "ok") == before  # no fallback after tokens reached the user


def test_cortex_lanes_check_reports_health_and_breakers(fault_url):
    from tests.integration.cli import cortex

    dead = f"http://127.0.0.1:{refusing_port()}/v1"
    done = cortex(
        "lanes", "--check", "--json",
        ARGOS_LANE_CODER_URL=f"{fault_url}/ok/v1",
        ARGOS_LANE_GOVERNANCE_URL=dead,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # a lane is unhealthy: scripts can tell
    rows = {row["lane"]: row for row in __import__("json").loads(done.stdout)}
    assert (rows["coder"]["healthy"], rows["coder"]["breaker"]) == (True, "closed")
    assert (rows["governance"]["healthy"], rows["governance"]["breaker"]) == (False, "open")
    assert rows["orchestrator"]["healthy"] is True  # the embedded model loaded
