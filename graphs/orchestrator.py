"""Orchestrator lane graph: the orchestrator's own work (plans, the board) on one task.

In the supervisor, the orchestrator is a node, not a subgraph; this graph runs that
node alone, for callers that name the lane (the OpenAI-compatible API's
``cortex/orchestrator``).
"""

from langgraph.graph import END, START, StateGraph

from lanes.calls.failover import LANE_FALLBACK
from nodes.lane_steps.orchestrator import orchestrator_work
from nodes.plumbing.context import Context
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    LaneTask, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("orchestrator", orchestrator_work, retry_policy=LANE_FALLBACK)  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_edge(START, "orchestrator")
builder.add_edge("orchestrator", END)
