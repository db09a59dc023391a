"""The supervisor: route, dispatch steps to lanes in parallel, then answer.

Exported without a checkpointer: the LangGraph server brings its own persistence and
the CLI compiles ``builder`` with SQLite.
"""

from langgraph.graph import END, START, StateGraph

from graphs import coder, fast_rag, governance, super_reader
from lanes.failover import LANE_FALLBACK
from nodes.context import Context
from nodes.orchestrator import dispatch, orchestrator_work, route_request, synthesize
from nodes.state import LaneTask, SupervisorInput, SupervisorOutput, SupervisorState

LANE_NODES = ("orchestrator", "coder", "super_reader", "fast_rag", "governance")

builder = StateGraph(
    SupervisorState,
    input_schema=SupervisorInput,
    output_schema=SupervisorOutput,
    context_schema=Context,
)
builder.add_node("route", route_request, retry_policy=LANE_FALLBACK)
builder.add_node("dispatch", dispatch, destinations=(*LANE_NODES, "synthesize"))
builder.add_node(
    "orchestrator", orchestrator_work, input_schema=LaneTask, retry_policy=LANE_FALLBACK
)
builder.add_node("coder", coder.graph)
builder.add_node("super_reader", super_reader.graph)
builder.add_node("fast_rag", fast_rag.graph)
builder.add_node("governance", governance.graph)
builder.add_node("synthesize", synthesize, retry_policy=LANE_FALLBACK)
builder.add_edge(START, "route")
builder.add_edge("route", "dispatch")
for lane in LANE_NODES:
    builder.add_edge(lane, "dispatch")
builder.add_edge("synthesize", END)

graph = builder.compile(name="supervisor")
