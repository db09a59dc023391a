"""Lanes over HTTP against a real OpenAI-compatible server process on loopback."""

from __future__ import annotations

import json
from typing import Any, Literal

from langchain_core.callbacks import BaseCallbackHandler
from pydantic import BaseModel

from lanes.backends.factory import build_chat_model
from lanes.backends.llama_registry import LlamaRegistry
from lanes.core.backend import Backend
from lanes.core.lane import Lane
from tests.integration.cli import cortex
from tests.integration.servers import refusing_port


class Verdict(BaseModel):
    status: Literal["pass", "fail", "needs_review"]


class _Recorder(BaseCallbackHandler):
    def __init__(self) -> None:
        self.starts: list[dict[str, Any]] = []

    def on_chat_model_start(self, serialized, messages, **kwargs: Any) -> None:
        self.starts.append({"tags": kwargs.get("tags"), "metadata": kwargs.get("metadata")})


def test_lane_url_gets_a_completion_from_a_real_server(llama_server, table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL=llama_server, ARGOS_LANE_CODER_MAX_TOKENS="24")
    coder = table[Lane.CODER]
    assert coder.backend is Backend.OPENAI and coder.base_url == llama_server
    recorder = _Recorder()
    reply = build_chat_model(coder, models=LlamaRegistry()).invoke(
        "What is the capital of France?", config={"callbacks": [recorder]}
    )
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] > 0
    # What LangSmith would show for this call.
    (start,) = recorder.starts
    assert {k: start["metadata"][k] for k in ("lane", "backend")} == {
        "lane": "coder",
        "backend": "openai",
    }
    assert "lane:coder" in start["tags"]


def test_structured_output_through_llama_cpp_servers_json_object_dialect(
    llama_server, table_from_env
):
    table = table_from_env(
        ARGOS_LANE_GOVERNANCE_URL=llama_server,
        ARGOS_LANE_GOVERNANCE_BACKEND="llama_cpp",
        ARGOS_LANE_GOVERNANCE_MAX_TOKENS="64",
    )
    model = build_chat_model(table[Lane.GOVERNANCE], models=LlamaRegistry()).with_structured_output(
        Verdict
    )
    verdict = model.invoke("Does storing passwords in plain text pass a security review?")
    assert isinstance(verdict, Verdict)


def test_cortex_ping_reaches_an_http_lane(llama_server):
    done = cortex(
        "ping",
        "coder",
        "--json",
        ARGOS_LANE_CODER_URL=llama_server,
        ARGOS_LANE_CODER_MAX_TOKENS="16",
    )
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert (row["lane"], row["backend"], row["error"]) == ("coder", "openai", None)
    assert row["reply"]


def test_cortex_ping_reports_a_dead_lane_and_exits_1():
    dead = f"http://127.0.0.1:{refusing_port()}/v1"
    done = cortex("ping", "coder", "--json", ARGOS_LANE_CODER_URL=dead)
    assert done.returncode == 1
    (row,) = json.loads(done.stdout)
    assert row["reply"] is None
    # The same typed error a lane call raises, naming the lane and the endpoint.
    assert row["error"].startswith("LaneUnavailable: coder lane")
    assert f"at {dead}): connection failed" in row["error"]
