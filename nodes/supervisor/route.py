"""The supervisor's first step: read the latest user message and decide the plan."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime

from lanes.backends.transcript import check_text_only, message_text
from lanes.core.caller import check_caller, first_project, is_bare, run_caller
from lanes.telemetry import events
from nodes.defaults import deps
from nodes.plumbing.context import Context
from nodes.plumbing.reducers import RESET
from nodes.plumbing.state import SupervisorState
from nodes.routing.decision import decide
from nodes.routing.follow_up import (
    history,
    in_conversation,
    previous_turn,
    standalone,
    with_tickets_named,
)
from nodes.routing.request_view import clean_request
from stores.projects import DEFAULT_PROJECT, check_project
from stores.scheduled_caller import scheduled_caller


async def route_request(state: SupervisorState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Decide the plan for the latest user message; start the turn's results afresh."""
    configurable = get_config().get("configurable") or {}
    parts = await deps(runtime)
    caller = run_caller(configurable)
    if is_bare(caller) and parts.default_keys is not None:  # a cron's: its owner's rights
        caller = await asyncio.to_thread(scheduled_caller, caller, parts.default_keys())
    # The input's project (or the thread's, from an earlier turn); else one given in the
    # run's config, as LangGraph callers often do; else a member's first project, as on
    # the OpenAI API (a member named none and was refused ``default``).
    given = state.get("project", configurable.get("project"))
    if given is None:
        given = first_project(caller)
    project = check_project(DEFAULT_PROJECT if given is None else given)  # before any lane runs
    # The run's input was checked at the door (server.auth); the state may since have
    # been changed: the caller's key must give it the project the run will read.
    check_caller(caller, project)
    latest = next((m for m in reversed(state["messages"]) if isinstance(m, HumanMessage)), None)
    if latest is not None:
        check_text_only(latest)  # an image dropped silently got an answer about nothing
    request = clean_request(message_text(latest) if latest is not None else "")
    lanes_before = (state.get("route") or {}).get("lanes")
    if lanes_before is None:  # a conversation sent whole (the OpenAI API): route its last turn
        lanes_before = await _lanes_of_previous_request(state["messages"], parts)
    previous = previous_turn(state["messages"], lanes_before)
    request = with_tickets_named(request, previous)  # "assign it to Marta": which ticket
    alone = await decide(request, parts, project=None if given is None else project)
    decision, follows = in_conversation(request, alone, previous)
    if follows and decision is not alone:
        assert previous is not None
        request = standalone(request, previous)  # what the previous turn's lanes now do
    events.route(
        [lane.value for lane in decision.plan.lanes()], decision.method, decision.confidence
    )
    return {
        **({"project": project} if given is not None else {}),
        "request": request,
        "history": history(state["messages"]) if follows else "",
        "plan": decision.plan.model_dump(mode="json"),
        "route": decision.summary(),
        "results": RESET,
        "trace": [RESET, *decision.trace],
        "citations": RESET,
        "answer": "",
    }


async def _lanes_of_previous_request(messages: list[Any], parts: Any) -> list[str] | None:
    """The lanes the previous user message would have gone to, routed on its own."""
    humans = [message_text(m) for m in messages if isinstance(m, HumanMessage)]
    if len(humans) < 2 or not humans[-2].strip():
        return None
    decision = await decide(clean_request(humans[-2]), parts)
    return [lane.value for lane in decision.plan.lanes()]
