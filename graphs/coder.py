"""Coder lane subgraph: code analysis or ticket-vs-code gap analysis."""

from langgraph.graph import END, START, StateGraph

from lanes.failover import LANE_FALLBACK
from nodes.coder import analyze_code, gap_analysis, route_coder
from nodes.context import Context
from nodes.state import LaneOutput, LaneTask

builder = StateGraph(
    LaneTask, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("analyze_code", analyze_code, retry_policy=LANE_FALLBACK)
builder.add_node("gap_analysis", gap_analysis, retry_policy=LANE_FALLBACK)
builder.add_conditional_edges(START, route_coder)
builder.add_edge("analyze_code", END)
builder.add_edge("gap_analysis", END)

graph = builder.compile(name="coder")
