"""Super-reader lane: read a long input in one pass if it fits, else map-reduce.

Map-reduce fans the sections out with ``Send``: each section is a task of its own with
its own retry, so a failure costs one section, and that section alone moves to the
next lane.
"""

from __future__ import annotations

import asyncio
import operator
from dataclasses import dataclass
from typing import Annotated, Literal, NotRequired, TypedDict

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_text_splitters import RecursiveCharacterTextSplitter
from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from lanes.calls.gateway import LaneGateway
from lanes.calls.precheck import CHARS_PER_TOKEN, prompt_tokens
from lanes.config.lane_table import LaneTable
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.defaults import deps
from nodes.plumbing.context import Context, LaneCaller
from nodes.plumbing.lane_result import lane_output
from nodes.plumbing.state import LaneOutput, LaneTask
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


class SectionNote(TypedDict):
    """One section's notes and the trace of the call that took them."""

    number: int
    note: str
    trace: list[TraceEntry]


class ReaderState(LaneTask):
    """The super-reader subgraph's private state: the task, then the sections' notes."""

    notes: NotRequired[Annotated[list[SectionNote], operator.add]]
    ratio: NotRequired[float]


class SectionTask(TypedDict):
    """What one ``read_section`` task gets: the question and its slice of the input."""

    task: str
    number: int
    first_line: int
    last_line: int
    text: str


def chars_per_token(text: str, gateway: LaneGateway | None = None) -> float:
    """How many characters of ``text`` make a token, measured on a sample.

    Uses the lane's own tokenizer in-process (through ``gateway``'s loaded model) and
    the documented estimate otherwise (:mod:`lanes.calls.precheck`); numbers and logs
    tokenize far denser than prose.
    """
    sample = text[:SAMPLE_CHARS]
    if not sample or gateway is None:
        return float(CHARS_PER_TOKEN)
    resolved = gateway.table[Lane.SUPER_READER]
    tokens = prompt_tokens(resolved, [HumanMessage(sample)], gateway.models)
    return max(1.0, len(sample) / max(1, tokens))


def estimate_tokens(text: str, ratio: float | None = None) -> int:
    """Estimated tokens in ``text`` at ``ratio`` characters per token."""
    return int(len(text) / (ratio or chars_per_token(text))) + 1


def material_budget(table: LaneTable) -> int:
    """Tokens of material one super-reader call can take, with a margin for estimates.

    Sections are cut by a characters-per-token ratio measured on a sample; a section
    denser than the sample would otherwise overflow the window by a few tokens.
    """
    lane = table[Lane.SUPER_READER]
    room = lane.context_window - lane.max_tokens - PROMPT_OVERHEAD
    return max(256, int(room * ESTIMATE_MARGIN))


async def plan_read(
    task: ReaderState, runtime: Runtime[Context]
) -> Command[Literal["read_once", "read_section"]]:
    """One pass when the input fits the lane's context window; else a task per section."""
    parts = await deps(runtime)
    budget = material_budget(parts.table)
    material = _material(task)
    ratio = await asyncio.to_thread(chars_per_token, material, parts.gateway)
    if estimate_tokens(material, ratio) <= budget:
        return Command(goto="read_once")
    sections = split_sections(material, budget, ratio)
    sends = [
        Send(
            "read_section",
            SectionTask(
                task=task["task"],
                number=s.number,
                first_line=s.first_line,
                last_line=s.last_line,
                text=s.text,
            ),
        )
        for s in sections
    ]
    return Command(update={"ratio": ratio}, goto=sends)


async def read_once(task: ReaderState, runtime: Runtime[Context]) -> LaneOutput:
    """Answer from the whole input in one call."""
    request = p.READ_REQUEST.format(task=task["task"], material=_material(task))
    parts = await deps(runtime)
    call = await parts.call(
        Lane.SUPER_READER, [SystemMessage(p.READ_SYSTEM), HumanMessage(request)]
    )
    return lane_output(task, Lane.SUPER_READER, str(call.output.content), trace=call.trace)


async def read_section(section: SectionTask, runtime: Runtime[Context]) -> dict[str, object]:
    """Take notes on one section (its own task: a retry re-reads this section only)."""
    request = p.MAP_REQUEST.format(
        task=section["task"],
        section=section["number"],
        first_line=section["first_line"],
        last_line=section["last_line"],
        text=section["text"],
    )
    parts = await deps(runtime)
    call = await parts.call(Lane.SUPER_READER, [SystemMessage(p.MAP_SYSTEM), HumanMessage(request)])
    note = p.SECTION_NOTE.format(
        section=section["number"],
        first_line=section["first_line"],
        last_line=section["last_line"],
        note=str(call.output.content).strip(),
    )
    return {"notes": [SectionNote(number=section["number"], note=note, trace=call.trace)]}


async def combine_notes(task: ReaderState, runtime: Runtime[Context]) -> LaneOutput:
    """Combine the sections' notes, in order, into the answer."""
    parts = await deps(runtime)
    notes = sorted(task.get("notes", []), key=lambda n: n["number"])
    trace = [entry for n in notes for entry in n["trace"]]
    ratio = task.get("ratio") or float(CHARS_PER_TOKEN)
    budget = material_budget(parts.table)
    digest = await _reduce(
        parts.call, task["task"], [n["note"] for n in notes], budget, ratio, trace
    )
    return lane_output(task, Lane.SUPER_READER, digest, trace=trace, data={"sections": len(notes)})


async def _reduce(
    call: LaneCaller,
    task: str,
    notes: list[str],
    budget: int,
    ratio: float,
    trace: list[TraceEntry],
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
        notes = [await _combine(call, task, group, trace) for group in groups]
    return await _combine(call, task, notes, trace)


async def _combine(call: LaneCaller, task: str, notes: list[str], trace: list[TraceEntry]) -> str:
    request = p.REDUCE_REQUEST.format(task=task, notes="\n".join(notes))
    reply = await call(Lane.SUPER_READER, [SystemMessage(p.REDUCE_SYSTEM), HumanMessage(request)])
    trace.extend(reply.trace)
    return str(reply.output.content).strip()


def split_sections(text: str, budget_tokens: int, ratio: float) -> list[Section]:
    """Cut ``text`` into sections that each fit ``budget_tokens``, with line ranges."""
    chars = int(budget_tokens * ratio)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max(100, chars), chunk_overlap=0, add_start_index=True
    )
    sections = []
    for n, doc in enumerate(splitter.create_documents([text]), start=1):
        start = int(doc.metadata["start_index"])
        first = text.count("\n", 0, start) + 1
        sections.append(Section(n, first, first + doc.page_content.count("\n"), doc.page_content))
    return sections


def _material(task: ReaderState) -> str:
    return task.get("content") or task["task"]
