"""Fast-RAG lane subgraph: retrieve, then answer with citations or say "not found"."""

from langgraph.graph import END, START, StateGraph

from graphs.resume_safe import resume_safe
from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.lane_steps.fast_rag import RagState, answer, not_found, retrieve, route_rag
from nodes.plumbing.context import Context
from nodes.plumbing.lane_input import NO_TASK_NODE, answer_without_task, with_task
from nodes.plumbing.state import LaneOutput, LaneTask

builder = StateGraph(
    RagState, input_schema=LaneTask, output_schema=LaneOutput, context_schema=Context
)
builder.add_node("retrieve", retrieve)
builder.add_node("answer", answer, retry_policy=LANE_FALLBACK)
builder.add_node("not_found", not_found)
builder.add_node(NO_TASK_NODE, answer_without_task(Lane.FAST_RAG))  # type: ignore[arg-type,call-overload,unused-ignore]
builder.add_conditional_edges(START, with_task("retrieve"))
builder.add_edge(NO_TASK_NODE, END)
builder.add_conditional_edges("retrieve", route_rag)
builder.add_edge("answer", END)
builder.add_edge("not_found", END)

graph = resume_safe(builder.compile(name="fast_rag"))
