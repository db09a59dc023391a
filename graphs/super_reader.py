"""Super-reader lane subgraph: one pass when the input fits, map-reduce when it does not."""

from langgraph.graph import END, START, StateGraph

from graphs.state import LaneOutput, LaneTask
from nodes.super_reader import map_reduce, read_once, route_reader

builder = StateGraph(LaneTask, input_schema=LaneTask, output_schema=LaneOutput)
builder.add_node("read_once", read_once)
builder.add_node("map_reduce", map_reduce)
builder.add_conditional_edges(START, route_reader)
builder.add_edge("read_once", END)
builder.add_edge("map_reduce", END)

graph = builder.compile(name="super_reader")
