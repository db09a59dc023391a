"""Super-reader lane subgraph: one pass when the input fits, map-reduce when it does not."""

from langgraph.graph import END, START, StateGraph

from graphs.state import LaneOutput, LaneTask
from lanes.failover import LANE_FALLBACK
from nodes.super_reader import map_reduce, read_once, route_reader

builder = StateGraph(LaneTask, input_schema=LaneTask, output_schema=LaneOutput)
builder.add_node("read_once", read_once, retry_policy=LANE_FALLBACK)
builder.add_node("map_reduce", map_reduce, retry_policy=LANE_FALLBACK)
builder.add_conditional_edges(START, route_reader)
builder.add_edge("read_once", END)
builder.add_edge("map_reduce", END)

graph = builder.compile(name="super_reader")
