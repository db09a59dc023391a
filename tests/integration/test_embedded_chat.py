"""The embedded Qwen GGUF, in-process, as every unconfigured lane uses it."""

from __future__ import annotations

import asyncio
import time
from typing import Literal

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from lanes.backends.factory import build_chat_model
from lanes.core.lane import Lane
from nodes.defaults import default_gateway


class Review(BaseModel):
    verdict: Literal["approve", "request_changes"]
    issues: list[str] = Field(max_length=3)


def test_embedded_lane_returns_a_real_completion(embedded_gguf):
    model = build_chat_model(default_gateway().table[Lane.CODER], models=default_gateway().models)
    reply = model.invoke([HumanMessage("What is the capital of France?")])
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 5
    assert reply.usage_metadata["output_tokens"] > 0


def test_structured_output_is_schema_valid_even_from_a_weak_model(embedded_gguf):
    model = build_chat_model(default_gateway().table[Lane.CODER], models=default_gateway().models)
    review = model.with_structured_output(Review).invoke(
        [SystemMessage("You review code."), HumanMessage("Review: def add(a, b): return a - b")]
    )
    assert isinstance(review, Review)
    assert review.verdict in ("approve", "request_changes")
    assert len(review.issues) <= 3


def test_structured_output_with_a_plain_json_schema(embedded_gguf):
    schema = {
        "type": "object",
        "properties": {"lane": {"type": "string", "enum": ["coder", "governance"]}},
        "required": ["lane"],
    }
    out = build_chat_model(
        default_gateway().table[Lane.ORCHESTRATOR], models=default_gateway().models
    ).with_structured_output(schema)
    result = out.invoke("Which lane reviews Python code?")
    assert isinstance(result, dict) and result["lane"] in ("coder", "governance")


async def test_async_calls_never_block_the_event_loop(embedded_gguf):
    model = build_chat_model(
        default_gateway().table[Lane.GOVERNANCE], models=default_gateway().models
    )
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    reply = await model.ainvoke("Explain in two sentences why passwords are hashed.")
    elapsed = time.perf_counter() - started
    task.cancel()
    assert reply.content
    # A blocked loop would tick once or not at all while llama.cpp works.
    assert ticks >= max(3, int(elapsed / 0.01 * 0.3)), (ticks, elapsed)


async def test_astream_yields_tokens_then_usage(embedded_gguf):
    model = build_chat_model(
        default_gateway().table[Lane.FAST_RAG], models=default_gateway().models
    )
    chunks = [chunk async for chunk in model.astream("Count from one to five.")]
    texts = [c.content for c in chunks if c.content]
    assert len(texts) > 1
    assert chunks[-1].usage_metadata is not None
    # Usage counts tokens of the streamed text (a token or two off the chunk count).
    assert abs(chunks[-1].usage_metadata["output_tokens"] - len(texts)) <= 2


async def test_lanes_share_one_model_and_concurrent_calls_are_serialized(embedded_gguf):
    gateway = default_gateway()
    await build_chat_model(gateway.table[Lane.CODER], models=gateway.models).ainvoke("Hello")
    loaded = len(gateway.models.loaded())
    replies = await asyncio.gather(
        *(
            build_chat_model(gateway.table[lane], models=gateway.models).ainvoke("Say hello.")
            for lane in Lane
        )
    )
    assert all(r.content for r in replies)
    assert len(gateway.models.loaded()) == loaded  # five lanes, still one model in memory


def test_context_overflow_is_an_error_not_a_silent_truncation(embedded_gguf, table_from_env):
    table = table_from_env(ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW="8192")
    model = build_chat_model(table[Lane.SUPER_READER], models=default_gateway().models)
    with pytest.raises(ValueError, match="context window"):
        model.invoke("word " * 9000)


def test_the_embedded_model_uses_its_own_chat_template(embedded_gguf):
    gateway = default_gateway()
    shared = gateway.models.get(embedded_gguf, gateway.table[Lane.CODER].context_window)
    assert shared.has_chat_template
    model = build_chat_model(gateway.table[Lane.CODER], models=gateway.models)
    reply = model.invoke(
        [SystemMessage("Answer with one word."), HumanMessage("What is the capital of France?")]
    )
    assert "paris" in str(reply.content).lower()


async def test_a_structured_reply_cut_off_by_max_tokens_says_which_setting_to_raise(
    embedded_gguf, monkeypatch
):
    from lanes.calls.call_lane import call_lane
    from lanes.core.errors import InvalidModelOutput
    from nodes.lane_steps.coder import CodeAnalysis

    monkeypatch.setenv("ARGOS_LANE_CODER_MAX_TOKENS", "12")
    with pytest.raises(InvalidModelOutput) as err:
        await call_lane(default_gateway(), Lane.CODER, [HumanMessage("Review: def add(a, b): return a - b")],
                        schema=CodeAnalysis)  # fmt: skip
    assert "cut off at the token limit (raise ARGOS_LANE_CODER_MAX_TOKENS)" in str(err.value)
