"""Coder lane subgraph: code analysis or ticket-vs-code gap analysis."""

from langgraph.graph import END, START, StateGraph

from lanes.calls.failover import LANE_FALLBACK
from nodes.lane_steps.coder import analyze_code, gap_analysis, route_coder
from nodes.plumbing.context import Context
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    LaneTask, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
# LangGraph's add_node overloads infer Never for these async TypedDict nodes under strict
# mypy, though they run as typed (the graph tests prove it): hence the local ignores. mypy
# names the error arg-type or call-overload depending on its cache, so both are listed.
builder.add_node("analyze_code", analyze_code, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node("gap_analysis", gap_analysis, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_conditional_edges(START, route_coder)
builder.add_edge("analyze_code", END)
builder.add_edge("gap_analysis", END)

graph = builder.compile(name="coder")
