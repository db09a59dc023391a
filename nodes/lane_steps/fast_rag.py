"""Fast-RAG lane: retrieve from the project's collection, answer with citations."""

from __future__ import annotations

import asyncio
from typing import Any, Literal, NotRequired, TypedDict

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry, check_entry
from nodes.defaults import deps
from nodes.lane_steps.answer_check import focus_covered
from nodes.lane_steps.extractive import best_passages, placed
from nodes.lane_steps.grounding import grounded
from nodes.plumbing.context import Context, KnowledgeBase
from nodes.plumbing.lane_result import lane_output
from nodes.plumbing.state import Citation, LaneOutput, LaneTask
from prompts import fast_rag as p
from stores.projects import DEFAULT_PROJECT
from stores.retrieval import is_relevant

TOP_K = 4  # sources the model reads
QUOTE_K = 10  # chunks a quoted answer may come from: no model reads them, so more is cheap
MAX_ANSWER_CHARS = 600


class RetrievedChunk(TypedDict):
    """A chunk retrieved for the question, kept only inside the fast-RAG subgraph."""

    source: str
    chunk: str
    score: float
    text: str
    relevant: bool


class RagState(LaneTask):
    """The fast-RAG subgraph's private state: the task and what was retrieved."""

    hits: NotRequired[list[RetrievedChunk]]


async def retrieve(state: RagState, runtime: Runtime[Context]) -> dict[str, list[RetrievedChunk]]:
    """The chunks most similar to the question."""
    parts = await deps(runtime)
    store = await parts.store(state.get("project", DEFAULT_PROJECT))
    hits = await store.asearch(state["task"], k=QUOTE_K)
    return {
        "hits": [
            RetrievedChunk(
                source=h.source,
                chunk=h.id,
                score=round(h.score or 0.0, 4),
                text=h.text,
                relevant=is_relevant(h),
            )
            for h in hits
        ]
    }


def route_rag(state: RagState) -> Literal["answer", "not_found"]:
    """Answer only when something relevant was retrieved."""
    return "answer" if any(h["relevant"] for h in state.get("hits", [])) else "not_found"


class RagAnswer(BaseModel):
    """The fast-RAG lane's structured answer, and then whether the sources hold it.

    The answer comes first: a small model that has written what the sources say judges
    better whether that answers the question than one deciding before it reads.
    """

    answer: str = Field(max_length=MAX_ANSWER_CHARS)
    cited: list[int] = Field(default_factory=list, max_length=TOP_K)
    answerable: bool


def answer_schema(sources: int) -> dict[str, Any]:
    """``RagAnswer`` whose citations can only be the numbers of the sources given."""
    schema = RagAnswer.model_json_schema()
    schema.pop("description", None)  # the docstring is for programmers, not to be copied
    for field_schema in schema["properties"].values():
        field_schema.pop("description", None)
    schema["properties"]["cited"] = {
        "type": "array",
        "items": {"enum": list(range(1, sources + 1))},
        "maxItems": sources,
    }
    return schema


async def answer(state: RagState, runtime: Runtime[Context]) -> LaneOutput:
    """Answer from the relevant chunks, citing them as [1], [2], ...; or say not found.

    On a model too weak to copy a fact (``Deps.extracts_answers``) the answer is the
    retrieved passage that holds the question, quoted. Otherwise retrieval relevance is
    the first, cheap gate; the model's own ``answerable`` is the second; the sources it
    cites must mention what the question asks about beyond their topic
    (:mod:`nodes.lane_steps.answer_check`); and the answer must be made of them
    (:mod:`nodes.lane_steps.grounding`), or a quoted passage replaces it.
    """
    parts = await deps(runtime)
    store = await parts.store(state.get("project", DEFAULT_PROJECT))
    if parts.extracts_answers:  # the embedded model: quote the sources, do not paraphrase
        return await _extracted(state, store, [])
    # Most similar first: a small model leans on the first source it reads.
    relevant = sorted(
        (h for h in state.get("hits", []) if h["relevant"]), key=lambda h: h["score"], reverse=True
    )[:TOP_K]
    sources = "\n\n".join(
        p.SOURCE.format(n=i, source=h["source"], text=h["text"])
        for i, h in enumerate(relevant, start=1)
    )
    request = p.ANSWER_REQUEST.format(question=state["task"], sources=sources)
    call = await parts.call(
        Lane.FAST_RAG,
        [SystemMessage(p.ANSWER_SYSTEM), HumanMessage(request)],
        schema=answer_schema(len(relevant)),
        parse_as=RagAnswer,
    )
    reply: RagAnswer = call.output
    numbers = [n for n in dict.fromkeys(reply.cited) if 1 <= n <= len(relevant)]
    cited = [relevant[n - 1] for n in numbers] or relevant
    evidence = [(h["source"], h["text"]) for h in cited]
    if not reply.answerable or not focus_covered(state["task"], evidence):
        return _not_found(state, call.trace)
    check = grounded(reply.answer, [h["text"] for h in cited])
    if not check.ok:  # a fact the sources do not hold: quote them instead
        note = check_entry(Lane.FAST_RAG.value, "grounding", str(check))
        return await _extracted(state, store, [*call.trace, note])
    shown = numbers or list(range(1, len(cited) + 1))
    return _answered(state, reply.answer.strip(), cited, shown, call.trace, "generated")


async def _extracted(state: RagState, store: KnowledgeBase, trace: list[TraceEntry]) -> LaneOutput:
    """Answer with the retrieved passages that hold the question, or say not found."""
    hits = state.get("hits", [])
    texts, scores = [h["text"] for h in hits], [h["score"] for h in hits]
    sources = [h["source"] for h in hits]
    found = await asyncio.to_thread(
        best_passages, state["task"], texts, store.embed, scores, sources
    )
    if not found:
        note = check_entry(Lane.FAST_RAG.value, "extractive", "no passage holds the question")
        return _not_found(state, [*trace, note])
    best = hits[found[0].chunk]
    if not focus_covered(state["task"], [(best["source"], found[0].text)]):
        note = check_entry(Lane.FAST_RAG.value, "extractive", "the passage is on the topic only")
        return _not_found(state, [*trace, note])
    chunks = list(dict.fromkeys(p.chunk for p in found))  # a chunk quoted twice is cited once
    quoted = "\n\n".join(
        f"{placed(p.text, hits[p.chunk]['text'])} [{chunks.index(p.chunk) + 1}]" for p in found
    )
    cited = [hits[c] for c in chunks]
    return _answered(state, quoted, cited, list(range(1, len(cited) + 1)), trace, "extracted")


def _answered(
    state: RagState,
    text: str,
    cited: list[RetrievedChunk],
    numbers: list[int],
    trace: list[TraceEntry],
    kind: str,
) -> LaneOutput:
    """The answer with its sources listed under the numbers it cites them by."""
    citations = [Citation(source=h["source"], chunk=h["chunk"], score=h["score"]) for h in cited]
    listing = "\n".join(
        f"[{n}] {c['source']} ({c['chunk']})" for n, c in zip(numbers, citations, strict=True)
    )
    return lane_output(
        state, Lane.FAST_RAG, f"{text}\n\nSources:\n{listing}", trace=trace,
        citations=citations, data={"answer": kind},
    )  # fmt: skip


def not_found(state: RagState) -> LaneOutput:
    """Say so rather than invent an answer; list the closest sources, if any."""
    return _not_found(state, [])


def _not_found(state: RagState, trace: list[TraceEntry]) -> LaneOutput:
    closest = ", ".join(dict.fromkeys(h["source"] for h in state.get("hits", [])))
    text = p.NOT_FOUND_CLOSEST.format(sources=closest) if closest else p.NOT_FOUND
    return lane_output(state, Lane.FAST_RAG, text, trace=trace)
