"""Governance lane subgraph: verdict, a human decision for risky steps, report."""

from langgraph.graph import END, START, StateGraph

from graphs.resume_safe import resume_safe
from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.lane_steps.governance import (
    GovernanceState,
    check,
    human_review,
    report,
    route_governance,
)
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
    GovernanceState, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("check", check, retry_policy=LANE_FALLBACK)
builder.add_node("human_review", human_review)
builder.add_node("report", report)
builder.add_node(NO_TASK_NODE, answer_without_task(Lane.GOVERNANCE))  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_node(INTAKE_NODE, with_material)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_edge(START, INTAKE_NODE)
builder.add_conditional_edges(INTAKE_NODE, with_task("check"))
builder.add_edge(NO_TASK_NODE, END)
builder.add_conditional_edges("check", route_governance)
builder.add_edge("human_review", "report")
builder.add_edge("report", END)

graph = resume_safe(builder.compile(name="governance"))
