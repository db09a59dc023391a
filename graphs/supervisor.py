"""The supervisor: route, dispatch steps to lanes in parallel, then answer.

Exported without a checkpointer: the LangGraph server brings its own persistence and
the CLI compiles ``builder`` with SQLite. A resume sent to a thread where nothing is
paused starts an empty run, answered "nothing is waiting" (see :mod:`graphs.resume_safe`).
"""

from langgraph.graph import END, START, StateGraph

from graphs import coder, fast_rag, governance, super_reader
from graphs.resume_safe import resume_safe
from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.lane_steps.orchestrator import orchestrator_work
from nodes.plumbing.context import Context
from nodes.plumbing.state import LaneTask, SupervisorInput, SupervisorOutput, SupervisorState
from nodes.supervisor.dispatch import dispatch
from nodes.supervisor.route import route_request
from nodes.supervisor.synthesize import synthesize

LANE_NODES = tuple(lane.value for lane in Lane)

builder = StateGraph(
    SupervisorState,
    input_schema=SupervisorInput,
    output_schema=SupervisorOutput,
    context_schema=Context,
)
builder.add_node("route", route_request, retry_policy=LANE_FALLBACK)
builder.add_node("dispatch", dispatch, destinations=(*LANE_NODES, "synthesize"))
# LangGraph's add_node overloads reject this async TypedDict node under strict mypy, though
# it runs as typed (the graph tests prove it): hence the local ignore. mypy names the error
# arg-type or call-overload depending on its cache, so both are listed.
builder.add_node(
    "orchestrator",
    orchestrator_work,  # type: ignore[arg-type,call-overload,unused-ignore]
    input_schema=LaneTask,
    retry_policy=LANE_FALLBACK,
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

graph = resume_safe(builder.compile(name="supervisor"))
