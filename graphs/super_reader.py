"""Super-reader lane subgraph: one pass when the input fits, else a task per section."""

from langgraph.graph import END, START, StateGraph

from lanes.failover import LANE_FALLBACK
from nodes.context import Context
from nodes.state import LaneOutput, LaneTask
from nodes.super_reader import ReaderState, combine_notes, plan_read, read_once, read_section

builder = StateGraph(
    ReaderState, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("plan_read", plan_read)
builder.add_node("read_once", read_once, retry_policy=LANE_FALLBACK)
builder.add_node("read_section", read_section, retry_policy=LANE_FALLBACK)
builder.add_node("combine_notes", combine_notes, retry_policy=LANE_FALLBACK)
builder.add_edge(START, "plan_read")
builder.add_edge("read_once", END)
builder.add_edge("read_section", "combine_notes")
builder.add_edge("combine_notes", END)

graph = builder.compile(name="super_reader")
