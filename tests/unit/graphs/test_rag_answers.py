"""fast_rag's answers are grounded: quoted on a weak model, checked on a strong one."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from langchain_core.messages import HumanMessage

from graphs.supervisor import graph
from lanes.core.lane import Lane
from nodes.lane_steps.fast_rag import answer_schema
from prompts import fast_rag as prompts
from prompts.fast_rag import NOT_FOUND
from stores.vectors import Hit

MANUAL = Hit(
    id="curl.1#4:aa",
    source="curl.1",
    score=0.8,
    text=(
        "-m, --max-time <fractional seconds>\n  Maximum time in seconds that you allow the "
        "whole operation to take.\n\n--retry <num>\n  If a transient error is returned, "
        "curl retries this number of times before giving up."
    ),
)


def rag(answer: str, cited: list[int], answerable: bool = True) -> str:
    return json.dumps({"answerable": answerable, "answer": answer, "cited": cited})


def ask(text: str) -> dict:
    return {"messages": [HumanMessage(text)]}


async def test_an_ungrounded_answer_is_replaced_by_the_passage_and_the_trace_says_why(lanes):
    scripted = lanes({Lane.FAST_RAG: [rag("Use --timeout 30 [1].", [1])]}, hits=[MANUAL])
    out = await graph.ainvoke(ask("which option in the docs sets the maximum time you allow the whole operation to take"),
                              context=lanes.context)  # fmt: skip
    assert out["answer"].startswith("-m, --max-time <fractional seconds> Maximum time")
    assert "[1] curl.1 (curl.1#4:aa)" in out["answer"]
    checks = [e["error"] for e in out["trace"] if e["backend"] == "grounding"]
    assert checks == ["not grounded: numbers not in the cited sources (30)"]
    assert len(scripted.models[Lane.FAST_RAG].calls) == 1


async def test_on_the_embedded_model_the_answer_is_quoted_without_a_model_call(lanes):
    scripted = lanes({}, hits=[MANUAL])
    context = dataclasses.replace(lanes.context, rag_answers="auto")  # the embedded defaults
    out = await graph.ainvoke(ask("per the docs, how many times does curl retry a transient error"),
                              context=context)  # fmt: skip
    assert out["answer"].startswith("--retry <num> If a transient error is returned")
    assert scripted.models[Lane.FAST_RAG].calls == []


async def test_a_question_the_passages_do_not_hold_is_not_found(lanes):
    lanes({}, hits=[MANUAL])
    context = dataclasses.replace(lanes.context, rag_answers="extract")
    out = await graph.ainvoke(ask("which proxy authentication methods do the docs say curl supports"),
                              context=context)  # fmt: skip
    assert out["answer"].startswith(NOT_FOUND[:-1]) and out["citations"] == []


def _prompt_texts() -> list[str]:
    """Every phrase of the lane's prompts and of its schema a model could copy."""
    texts = [v for k, v in vars(prompts).items()
             if k.isupper() and isinstance(v, str) and not k.startswith("NOT_FOUND")]  # fmt: skip
    texts.append(json.dumps(answer_schema(2)))
    phrases = (re.split(r"[\n.]", t) for t in texts)
    return sorted({f.strip() for part in phrases for f in part if len(f.strip()) >= 20})


@pytest.mark.parametrize("copied", _prompt_texts())
async def test_no_prompt_or_schema_text_can_become_an_answer(lanes, copied):
    lanes({Lane.FAST_RAG: [rag(f"{copied} [1]", [1])]}, hits=[MANUAL])
    out = await graph.ainvoke(ask("which option in the docs sets the maximum time you allow the whole operation to take"),
                              context=lanes.context)  # fmt: skip
    assert copied not in out["answer"]
