"""One chat turn: the conversation run through the chosen graph, on the team's board.

The supervisor gets the conversation as its messages; a lane alone gets the last user
message as its task and the turns before it as context. Runs use the team's stores (the
board and the threads ``cortex`` uses: ``ARGOS_DATABASE_URL``, else ``ARGOS_DATA_DIR``),
so a ticket made through the API is on the same board. A step that needs approval (a
deletion, a risky verdict) pauses on a saved thread; the answer says how to decide it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage

from lanes.backends.transcript import message_text
from lanes.config.settings import load_settings
from lanes.core.lane import Lane
from nodes.defaults import process_gateway
from nodes.plumbing.context import Context
from server.openai.catalogue import ChatModel
from stores.checkpoints import team_checkpointer
from stores.records import team_records

PAUSED = (
    "{question}\n\nThis step waits for approval: `cortex ask --thread {thread} --approve` "
    "(or `--reject`), or resume thread {thread} in Studio."
)


@dataclass
class Turn:
    """What a turn produced, and how: for the reply's content, headers and usage."""

    answer: str
    thread_id: str
    lanes: list[str] = field(default_factory=list)
    method: str = ""
    fallbacks: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    paused: bool = False
    finish_reason: str = "stop"  # "length" or "content_filter" when a reply ended early
    route: dict[str, Any] = field(default_factory=dict)  # lanes and method, as decided
    streamed: bool = False  # whether the answer's text was sent as it was written


async def run_turn(
    model: ChatModel,
    conversation: Sequence[BaseMessage],
    project: str,
    *,
    sampling: dict[str, Any] | None = None,
    user: Any = None,
) -> Turn:
    """Run one turn to its end (or its pause for approval)."""
    events = turn_events(model, conversation, project, LiveAnswer(model), sampling=sampling,
                         user=user)  # fmt: skip
    async for event in events:
        if isinstance(event, Turn):
            return event
    raise AssertionError("unreachable: turn_events ends with the turn")


async def turn_events(
    model: ChatModel,
    conversation: Sequence[BaseMessage],
    project: str,
    live: LiveAnswer,
    *,
    sampling: dict[str, Any] | None = None,
    user: Any = None,
) -> AsyncIterator[str | Turn]:
    """The answer's text as it is written, then the rest of it, then the :class:`Turn`.

    ``live`` follows the run: its thread, its route once decided, the text sent so far.
    """
    thread_id = live.thread_id
    configurable: dict[str, Any] = {"thread_id": thread_id}
    if user is not None:
        configurable["langgraph_auth_user"] = user
    config: Any = {"configurable": configurable}
    context = Context(gateway=await process_gateway(), sampling=sampling)
    settings = load_settings().global_
    async with team_checkpointer(settings) as saver, team_records(settings) as records:
        graph = model.builder().compile(checkpointer=saver, store=records)
        async for mode, payload in graph.astream(
            _inputs(model, conversation, project), config, context=context,
            stream_mode=["updates", "messages"],
        ):  # fmt: skip
            text = live.see(mode, payload)
            if text:
                yield text
        snapshot = await graph.aget_state(config)
    turn = _turn(model, thread_id, snapshot)
    turn.streamed = bool(live.sent.strip())
    rest = live.rest_of(turn.answer) if turn.streamed else ""
    if rest:
        yield rest
    yield turn


class LiveAnswer:
    """Which tokens are the answer's, as the run goes; what is left to send at its end.

    Only text written for the answer streams: the orchestrator's own reply when it is the
    plan's one step, or the synthesis of several steps. Lane subgraphs' replies are
    checked and edited before they are answers (grounding, citations, verdicts), so they
    arrive whole at the end, as do the board's rule-made answers.
    """

    def __init__(self, model: ChatModel) -> None:
        """Before routing: a named orchestrator streams from the start."""
        self.node: str | None = "orchestrator" if model.lane is Lane.ORCHESTRATOR else None
        self.sent = ""
        self.thread_id = f"oai-{uuid.uuid4().hex[:12]}"
        named = {"lanes": [model.lane.value], "method": "named"} if model.lane else {}
        self.route: dict[str, Any] = named

    def see(self, mode: str, payload: Any) -> str:
        """The text to send for this stream event, if any."""
        if mode == "updates" and isinstance(payload, dict) and "route" in payload:
            update = payload["route"] or {}
            self.route = dict(update.get("route") or {})
            steps = (update.get("plan") or {}).get("steps") or []
            one = len(steps) == 1 and steps[0].get("lane") == Lane.ORCHESTRATOR.value
            self.node = "orchestrator" if one else "synthesize" if len(steps) > 1 else None
            return ""
        if mode != "messages" or self.node is None:
            return ""
        chunk, metadata = payload
        if not isinstance(chunk, AIMessageChunk) or not isinstance(chunk.content, str):
            return ""
        if (metadata or {}).get("langgraph_node") != self.node:
            return ""
        self.sent += chunk.content
        return chunk.content

    def rest_of(self, answer: str) -> str:
        """What of ``answer`` the client has not seen (all of it when nothing streamed)."""
        head = self.sent.strip()
        if not head:
            return answer
        at = answer.find(head)
        return answer[at + len(head) :] if at >= 0 else ""


def _inputs(model: ChatModel, conversation: Sequence[BaseMessage], project: str) -> Any:
    if model.lane is None:
        return {"messages": list(conversation), "project": project}
    earlier = [
        f"{'User' if isinstance(m, HumanMessage) else 'Assistant'}: {message_text(m)}"
        for m in conversation[:-1]
        if message_text(m).strip()
    ]
    task: dict[str, Any] = {"task": message_text(conversation[-1]), "project": project}
    if earlier:
        task["context"] = "Conversation so far:\n" + "\n".join(earlier[-8:])
    return task


def _turn(model: ChatModel, thread_id: str, snapshot: Any) -> Turn:
    values = snapshot.values or {}
    trace = values.get("trace") or []
    if snapshot.interrupts:
        pending = snapshot.interrupts[0].value
        question = pending.get("question") if isinstance(pending, dict) else None
        answer = PAUSED.format(question=question or "Approve this step?", thread=thread_id)
    elif model.lane is None:
        answer = str(values.get("answer") or "")
    else:
        results = values.get("results") or {}
        answer = "\n\n".join(str(r.get("output", "")) for r in results.values()).strip()
    route = values.get("route") or {}
    lanes = list(route.get("lanes") or ([model.lane.value] if model.lane else []))
    method = str(route.get("method") or ("named" if model.lane else ""))
    return Turn(
        answer=answer,
        thread_id=thread_id,
        lanes=lanes,
        method=method,
        route={"lanes": lanes, "method": method},
        fallbacks=[f"{e['fallback_from']}->{e['lane']}" for e in trace if e.get("fallback_from")],
        prompt_tokens=sum(int(e.get("prompt_tokens") or 0) for e in trace),
        completion_tokens=sum(int(e.get("completion_tokens") or 0) for e in trace),
        paused=bool(snapshot.interrupts),
        finish_reason=next((e["stopped"] for e in trace if e.get("stopped")), "stop"),
    )
