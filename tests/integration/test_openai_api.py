"""The OpenAI-compatible API on a running ``langgraph dev``, through real clients.

The ``openai`` SDK (sync, async, streaming) and LangChain's ``ChatOpenAI`` talk to
``/v1`` with a key, as a team's tools would. The turns here are board questions, which
the orchestrator answers without a model, so the API itself is what is measured.
"""

from __future__ import annotations

import json
import uuid

import httpx
import openai
import pytest
from langchain_openai import ChatOpenAI

from tests.integration.keys import KEYS


@pytest.fixture
def project() -> str:
    return f"oai-{uuid.uuid4().hex[:6]}"


def _sdk(server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server}/v1", api_key=KEYS[server], max_retries=0)


def test_models_lists_cortex_and_one_model_per_lane(server):
    ids = [m.id for m in _sdk(server).models.list()]
    assert ids[0] == "cortex"
    assert set(ids) == {"cortex"} | {f"cortex/{lane}" for lane in
                                     ("orchestrator", "coder", "super_reader", "fast_rag",
                                      "governance")}  # fmt: skip


def test_a_three_turn_conversation_through_the_sdk(server, project):
    client = _sdk(server)
    messages: list[dict[str, str]] = []
    for text in (
        "add a ticket: Export invoices as CSV",
        "move {id} to blocked",
        "what is blocked?",
    ):
        ticket = "OAI-1"  # the project's first ticket (its prefix: the name's first word)
        messages.append({"role": "user", "content": text.format(id=ticket)})
        raw = client.chat.completions.with_raw_response.create(
            model="cortex", messages=messages, extra_body={"project": project}
        )
        reply = raw.parse()
        answer = reply.choices[0].message.content or ""
        assert answer and reply.choices[0].finish_reason == "stop"
        assert raw.headers["x-cortex-lanes"] == "orchestrator"
        assert raw.headers["x-cortex-project"] == project
        assert "orchestrator" not in answer.lower() or "lane" not in answer.lower()
        assert reply.usage is not None and reply.usage.total_tokens >= 0
        messages.append({"role": "assistant", "content": answer})
    assert ticket in answer and "Export invoices as CSV" in answer  # the blocked ticket


async def test_async_streaming_gives_chunks_that_make_the_same_answer(server, project):
    client = openai.AsyncOpenAI(base_url=f"{server}/v1", api_key=KEYS[server], max_retries=0)
    ask = {"model": "cortex", "messages": [{"role": "user", "content": "what is blocked?"}],
           "extra_body": {"project": project}}  # fmt: skip
    whole = (await client.chat.completions.create(**ask)).choices[0].message.content
    stream = await client.chat.completions.create(
        **ask, stream=True, stream_options={"include_usage": True}
    )
    pieces, finishes, usage = [], [], None
    async for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            pieces.append(choice.delta.content or "")
            finishes.append(choice.finish_reason)
    assert len(pieces) >= 3 and finishes[-1] == "stop"
    assert "".join(pieces) == whole and usage is not None


def test_langchain_chat_openai_invokes_and_streams(server, project):
    chat = ChatOpenAI(base_url=f"{server}/v1", api_key=KEYS[server], model="cortex",
                      max_retries=0, extra_body={"project": project})  # fmt: skip
    reply = chat.invoke("what is blocked?")
    assert f"project '{project}'" in str(reply.content)
    streamed = "".join(str(part.content) for part in chat.stream("what is blocked?"))
    assert streamed == reply.content


def test_a_lane_by_name_answers_without_routing(server, project):
    raw = _sdk(server).chat.completions.with_raw_response.create(
        model="cortex/orchestrator",
        messages=[{"role": "user", "content": "what is blocked?"}],
        extra_body={"project": project},
    )
    assert raw.headers["x-cortex-lanes"] == "orchestrator"
    assert raw.headers["x-cortex-route"] == "named"
    assert f"project '{project}'" in (raw.parse().choices[0].message.content or "")


def test_bad_requests_are_openai_errors_that_name_the_problem(server):
    client = _sdk(server)
    user = [{"role": "user", "content": "hi"}]
    with pytest.raises(openai.NotFoundError, match="cortex/coder"):
        client.chat.completions.create(model="gpt-4o", messages=user)  # type: ignore[arg-type]
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    with pytest.raises(openai.BadRequestError, match="tools are not supported"):
        client.chat.completions.create(model="cortex", messages=user, tools=[tool])  # type: ignore[arg-type, list-item]
    with pytest.raises(openai.BadRequestError, match="temperature"):
        client.chat.completions.create(model="cortex", messages=user, temperature=7)  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError, match="last message"):
        client.chat.completions.create(
            model="cortex", messages=[{"role": "assistant", "content": "hi"}]
        )
    with pytest.raises(openai.BadRequestError, match="not valid"):
        client.chat.completions.create(model="cortex", messages=user,  # type: ignore[arg-type]
                                       extra_body={"project": "Not/Valid"})  # fmt: skip
    anonymous = openai.OpenAI(base_url=f"{server}/v1", api_key="sk-not-ours", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        anonymous.chat.completions.create(model="cortex", messages=user)  # type: ignore[arg-type]
    answer = httpx.post(f"{server}/v1/chat/completions", content=b"{not json",
                        headers={"Authorization": f"Bearer {KEYS[server]}"}, timeout=30)  # fmt: skip
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "invalid_request_error"
    with pytest.raises(openai.BadRequestError, match="project name '' is not valid"):
        client.chat.completions.create(model="cortex", messages=user, extra_body={"project": ""})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested 5001 levels deep"),
        (b'{"model": "cortex", "n": ' + b"9" * 5000 + b"}", "cannot be read"),
    ],
)
def test_a_body_too_deep_or_too_long_a_number_is_a_400_not_a_500(server, body, said):
    answer = httpx.post(f"{server}/v1/chat/completions", content=body,
                        headers={"Authorization": f"Bearer {KEYS[server]}"}, timeout=30)  # fmt: skip
    assert answer.status_code == 400, answer.text[:300]
    assert said in answer.json()["error"]["message"]


def test_lone_surrogates_and_invalid_utf8_in_a_message_are_read_not_errors(server, project):
    # JSON may escape half of a surrogate pair; json.dumps writes it as "\\ud83d".
    for text in ("add a ticket: Export \ud83d invoices", "list tickets \ud83d"):
        message = {"role": "user", "content": text}
        body = json.dumps({"model": "cortex", "project": project, "messages": [message]})
        answer = httpx.post(f"{server}/v1/chat/completions", content=body.encode(),
                            headers={"Authorization": f"Bearer {KEYS[server]}"}, timeout=120)  # fmt: skip
        assert answer.status_code == 200, answer.text[:300]
        assert "Export \ufffd invoices" in answer.json()["choices"][0]["message"]["content"]
    raw = json.dumps({"model": "cortex", "project": project,
                      "messages": [{"role": "user", "content": "list tickets @@"}]}).encode()  # fmt: skip
    answer = httpx.post(f"{server}/v1/chat/completions", content=raw.replace(b"@@", b"\xff\xfe"),
                        headers={"Authorization": f"Bearer {KEYS[server]}"}, timeout=120)  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]  # invalid UTF-8 is read as U+FFFD


def test_max_tokens_limits_the_answers_text_and_finish_reason_says_so(server, project):
    reply = _sdk(server).chat.completions.create(
        model="cortex/orchestrator",
        messages=[{"role": "user", "content": "Write a plan to add CSV export for invoices"}],
        max_tokens=6,
        temperature=0,
        extra_body={"project": project},
    )
    text = reply.choices[0].message.content or ""
    assert reply.choices[0].finish_reason == "length", text  # as OpenAI says a cut reply
    assert 0 < len(text.split()) <= 8, text
    assert reply.usage is not None and 0 < reply.usage.completion_tokens <= 6


def test_a_follow_up_in_a_conversation_stays_with_its_turn(server, project):
    raw = _sdk(server).chat.completions.with_raw_response.create(
        model="cortex",
        messages=[
            {"role": "user", "content": "Write a short plan to add CSV export for invoices"},
            {"role": "assistant", "content": "1. Add an export endpoint. 2. Add a button."},
            {"role": "user", "content": "and who owns it?"},
        ],
        max_tokens=8,
        extra_body={"project": project},
    )
    assert raw.headers["x-cortex-route"] == "follow_up"
    assert raw.headers["x-cortex-lanes"] == "orchestrator"
    assert raw.parse().choices[0].message.content


def test_an_answer_the_model_writes_streams_token_by_token(server, project):
    stream = _sdk(server).chat.completions.create(
        model="cortex",
        messages=[{"role": "user", "content": "Write a short plan to add CSV export for invoices"}],
        max_tokens=24,
        temperature=0,
        stream=True,
        extra_body={"project": project},
    )
    deltas, finishes = [], []
    for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                deltas.append(choice.delta.content)
            finishes.append(choice.finish_reason)
    # 24 tokens arrive as the model writes them, not as a few pieces after the run.
    assert len(deltas) >= 12, deltas
    assert finishes[-1] == "length" and "".join(deltas).strip()
