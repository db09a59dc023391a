"""Super-reader lane: read a long input in one pass if it fits, else map-reduce."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_text_splitters import RecursiveCharacterTextSplitter

from graphs.state import LaneOutput, LaneTask
from lanes.call import call_lane
from lanes.lane import Lane
from lanes.precheck import CHARS_PER_TOKEN, prompt_tokens
from lanes.resolve import resolve_lane
from lanes.trace import TraceEntry
from nodes.lane_result import lane_output
from prompts import super_reader as p

# Tokens kept free for the instructions around the material.
PROMPT_OVERHEAD = 200
# Characters sampled to measure how densely this input tokenizes.
SAMPLE_CHARS = 4000
# Share of the room a section may fill: the sample's ratio is an estimate.
ESTIMATE_MARGIN = 0.85


@dataclass(frozen=True)
class Section:
    """A numbered slice of the input with its line range."""

    number: int
    first_line: int
    last_line: int
    text: str


def chars_per_token(text: str) -> float:
    """How many characters of ``text`` make a token, measured on a sample.

    Uses the lane's own tokenizer in-process and the documented estimate over HTTP
    (:mod:`lanes.precheck`); numbers and logs tokenize far denser than prose.
    """
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return float(CHARS_PER_TOKEN)
    tokens = prompt_tokens(resolve_lane(Lane.SUPER_READER), [HumanMessage(sample)])
    return max(1.0, len(sample) / max(1, tokens))


def estimate_tokens(text: str, ratio: float | None = None) -> int:
    """Estimated tokens in ``text`` at ``ratio`` characters per token."""
    return int(len(text) / (ratio or chars_per_token(text))) + 1


def material_budget() -> int:
    """Tokens of material one super-reader call can take, with a margin for estimates.

    Sections are cut by a characters-per-token ratio measured on a sample; a section
    denser than the sample would otherwise overflow the window by a few tokens.
    """
    lane = resolve_lane(Lane.SUPER_READER)
    room = lane.context_window - lane.max_tokens - PROMPT_OVERHEAD
    return max(256, int(room * ESTIMATE_MARGIN))


def route_reader(task: LaneTask) -> Literal["read_once", "map_reduce"]:
    """One pass when the input fits the lane's context window, map-reduce otherwise."""
    fits = estimate_tokens(_material(task)) <= material_budget()
    return "read_once" if fits else "map_reduce"


async def read_once(task: LaneTask) -> LaneOutput:
    """Answer from the whole input in one call."""
    request = p.READ_REQUEST.format(task=task["task"], material=_material(task))
    call = await call_lane(Lane.SUPER_READER, [SystemMessage(p.READ_SYSTEM), HumanMessage(request)])
    return lane_output(task, Lane.SUPER_READER, str(call.output.content), trace=call.trace)


async def map_reduce(task: LaneTask) -> LaneOutput:
    """Take notes section by section, then combine them; one section in memory at a time."""
    budget = material_budget()
    material = _material(task)
    ratio = await asyncio.to_thread(chars_per_token, material)
    trace: list[TraceEntry] = []
    notes = []
    for section in split_sections(material, budget, ratio):
        request = p.MAP_REQUEST.format(
            task=task["task"],
            section=section.number,
            first_line=section.first_line,
            last_line=section.last_line,
            text=section.text,
        )
        call = await call_lane(
            Lane.SUPER_READER, [SystemMessage(p.MAP_SYSTEM), HumanMessage(request)]
        )
        trace.extend(call.trace)
        notes.append(
            p.SECTION_NOTE.format(
                section=section.number,
                first_line=section.first_line,
                last_line=section.last_line,
                note=str(call.output.content).strip(),
            )
        )
    digest = await _reduce(task["task"], notes, budget, ratio, trace)
    return lane_output(task, Lane.SUPER_READER, digest, trace=trace, data={"sections": len(notes)})


async def _reduce(
    task: str, notes: list[str], budget: int, ratio: float, trace: list[TraceEntry]
) -> str:
    """Combine notes; when they do not fit one call, combine them in groups first."""
    while estimate_tokens("\n".join(notes), ratio) > budget and len(notes) > 1:
        groups: list[list[str]] = [[]]
        for note in notes:
            if groups[-1] and estimate_tokens("\n".join([*groups[-1], note]), ratio) > budget:
                groups.append([])
            groups[-1].append(note)
        if len(groups) == len(notes):  # every note fills a call alone: trim, do not loop
            notes = [note[: int(budget * ratio) // len(notes)] for note in notes]
            break
        notes = [await _combine(task, group, trace) for group in groups]
    return await _combine(task, notes, trace)


async def _combine(task: str, notes: list[str], trace: list[TraceEntry]) -> str:
    request = p.REDUCE_REQUEST.format(task=task, notes="\n".join(notes))
    call = await call_lane(
        Lane.SUPER_READER, [SystemMessage(p.REDUCE_SYSTEM), HumanMessage(request)]
    )
    trace.extend(call.trace)
    return str(call.output.content).strip()


def split_sections(text: str, budget_tokens: int, ratio: float | None = None) -> list[Section]:
    """Cut ``text`` into sections that each fit ``budget_tokens``, with line ranges."""
    chars = int(budget_tokens * (ratio or chars_per_token(text)))
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max(100, chars), chunk_overlap=0, add_start_index=True
    )
    sections = []
    for n, doc in enumerate(splitter.create_documents([text]), start=1):
        start = int(doc.metadata["start_index"])
        first = text.count("\n", 0, start) + 1
        sections.append(Section(n, first, first + doc.page_content.count("\n"), doc.page_content))
    return sections


def _material(task: LaneTask) -> str:
    return task.get("content") or task["task"]
