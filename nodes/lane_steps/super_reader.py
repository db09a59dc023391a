"""Super-reader lane: read a long input in one pass if it fits, else map-reduce.

Map-reduce fans the sections out with ``Send``: each section is a task of its own with
its own retry, so a failure costs one section, and that section alone moves to the
next lane. The sections take turns on the lane's endpoint (``LaneGateway.paced``): no
more are sent at once than it has slots, so a huge input is read section by section
instead of overflowing the endpoint's queue. Sizing and cutting: :mod:`.reader_sections`.
"""

from __future__ import annotations

import asyncio
import operator
from typing import Annotated, Literal, NotRequired, TypedDict

from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from lanes.calls.precheck import CHARS_PER_TOKEN
from lanes.core.lane import Lane
from lanes.core.trace import TraceEntry
from nodes.defaults import deps
from nodes.lane_steps.reader_sections import (
    chars_per_token,
    estimate_tokens,
    material_budget,
    split_sections,
)
from nodes.plumbing.context import Context, LaneCaller
from nodes.plumbing.lane_result import lane_output
from nodes.plumbing.state import LaneOutput, LaneTask
from prompts import super_reader as p


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
    async with parts.gateway.paced(Lane.SUPER_READER):
        call = await parts.call(
            Lane.SUPER_READER, [SystemMessage(p.MAP_SYSTEM), HumanMessage(request)]
        )
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


def _material(task: ReaderState) -> str:
    """What the super-reader reads: ``content`` when it is text, else the task itself.

    Over the server API ``content`` can be anything; a dict failed the run with a
    ``TypeError`` (a blind HTTP sweep).
    """
    content = task.get("content")
    return content if isinstance(content, str) and content.strip() else task["task"]
