"""A one-node graph that asks the coder lane once, with the lane fallback retry policy.

The smallest real use of a lane inside a graph: the fault, burst and failover tests and
the failover benchmark run it against real servers.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from langchain_core.messages import HumanMessage
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from pydantic import BaseModel

from lanes.calls.failover import LANE_FALLBACK
from lanes.core.lane import Lane
from nodes.defaults import deps
from nodes.plumbing.context import Context


class State(TypedDict, total=False):
    structured: bool  # ask for a Greeting (JSON) rather than text
    text: str
    trace: Annotated[list[dict[str, Any]], operator.add]


class Greeting(BaseModel):
    """A structured reply: the greeting's text."""

    text: str


async def ask_coder(state: State, runtime: Runtime[Context]) -> State:
    parts = await deps(runtime)
    if state.get("structured"):
        call = await parts.call(Lane.CODER, [HumanMessage("Say hello.")], schema=Greeting)
        reply = call.output
        text = reply["text"] if isinstance(reply, dict) else reply.text
        return {"text": str(text), "trace": call.trace}
    call = await parts.call(Lane.CODER, [HumanMessage("Say hello.")])
    return {"text": str(call.output.content), "trace": call.trace}


builder = StateGraph(State, context_schema=Context)
builder.add_node("ask", ask_coder, retry_policy=LANE_FALLBACK)
builder.add_edge(START, "ask")
builder.add_edge("ask", END)
one_call = builder.compile()
