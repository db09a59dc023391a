"""Coder lane subgraph: code analysis or ticket-vs-code gap analysis."""

from langgraph.graph import END, START, StateGraph

from graphs.resume_safe import resume_safe
from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.lane_steps.coder import analyze_code, gap_analysis, route_coder
from nodes.plumbing.context import Context
from nodes.plumbing.lane_input import (
    INTAKE_NODE,
    NO_TASK_NODE,
    answer_without_task,
    with_material,
    with_task,
)
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    LaneTask, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
# LangGraph's add_node overloads infer Never for these async TypedDict nodes under strict
# mypy, though they run as typed (the graph tests prove it): hence the local ignores. mypy
# names the error arg-type or call-overload depending on its cache, so both are listed.
builder.add_node("analyze_code", analyze_code, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node("gap_analysis", gap_analysis, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node(NO_TASK_NODE, answer_without_task(Lane.CODER))  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node(INTAKE_NODE, with_material)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_edge(START, INTAKE_NODE)
builder.add_conditional_edges(INTAKE_NODE, with_task(route_coder))
builder.add_edge(NO_TASK_NODE, END)
builder.add_edge("analyze_code", END)
builder.add_edge("gap_analysis", END)

graph = resume_safe(builder.compile(name="coder"))
