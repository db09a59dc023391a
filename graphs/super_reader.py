"""Super-reader lane subgraph: one pass when the input fits, else a task per section."""

from langgraph.graph import END, START, StateGraph

from graphs.resume_safe import resume_safe
from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.lane_steps.super_reader import (
    ReaderState,
    combine_notes,
    plan_read,
    read_once,
    read_section,
)
from nodes.plumbing.context import Context
from nodes.plumbing.lane_input import NO_TASK_NODE, answer_without_task, with_task
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    ReaderState, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
# LangGraph's add_node overloads infer Never for these async TypedDict nodes under strict
# mypy, though they run as typed (the graph tests prove it): hence the local ignores. mypy
# names the error arg-type or call-overload depending on its cache, so both are listed.
builder.add_node("plan_read", plan_read)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node("read_once", read_once, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node("read_section", read_section, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node("combine_notes", combine_notes, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node(NO_TASK_NODE, answer_without_task(Lane.SUPER_READER))  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_conditional_edges(START, with_task("plan_read"))
builder.add_edge(NO_TASK_NODE, END)
builder.add_edge("read_once", END)
builder.add_edge("read_section", "combine_notes")
builder.add_edge("combine_notes", END)

graph = resume_safe(builder.compile(name="super_reader"))
