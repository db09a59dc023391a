"""Governance lane subgraph: verdict, a human decision for risky steps, report."""

from langgraph.graph import END, START, StateGraph

from lanes.calls.failover import LANE_FALLBACK
from nodes.lane_steps.governance import (
    GovernanceState,
    check,
    human_review,
    report,
    route_governance,
)
from nodes.plumbing.context import Context
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    GovernanceState, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("check", check, retry_policy=LANE_FALLBACK)
builder.add_node("human_review", human_review)
builder.add_node("report", report)
builder.add_edge(START, "check")
builder.add_conditional_edges("check", route_governance)
builder.add_edge("human_review", "report")
builder.add_edge("report", END)

graph = builder.compile(name="governance")
