"""Routing follow-ups on the blind multi-turn set (tests/data/multiturn): per shape.

Each dialogue is replayed turn by turn as a thread would be: the first request routed on
its own, each later one with the turn before it (``nodes.routing.follow_up``), with the
set's own assistant replies in between. A follow-up is right when its lanes are the
expected ones and, where the set says its standalone form needs words from earlier
turns, the request the lanes get has them.

Run: ``python -m tests.integration.follow_up_eval [fit|report]``.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from nodes.defaults import outside_graph
from nodes.routing.decision import decide
from nodes.routing.follow_up import (
    history,
    in_conversation,
    previous_turn,
    standalone,
    with_tickets_named,
)
from tests.integration.eval_args import eval_parser

SET = Path(__file__).resolve().parents[1] / "data" / "multiturn" / "dialogues.jsonl"


@dataclass
class Figures:
    """Right and wrong follow-ups per shape, and the wrong ones' details."""

    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def share(self, shape: str | None = None) -> float:
        if shape is not None:
            return self.right[shape] / self.total[shape]
        return sum(self.right.values()) / sum(self.total.values())

    def table(self) -> str:
        rows = [f"{shape:14} {self.right[shape]:2}/{self.total[shape]:2}" for shape in self.total]
        return "\n".join([*rows, f"{'all':14} {self.share():.2f}"])


async def evaluate(split: str) -> Figures:
    rows = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
    parts = await asyncio.to_thread(outside_graph)
    figures = Figures()
    for row in (r for r in rows if r["split"] == split):
        lanes, request = await _replay(row["turns"], parts)
        shape = row["shape"]
        right = sorted(lanes) == sorted(row["expected_lanes"])
        words = [w.lower() for w in row.get("must_mention") or []]
        right = right and all(w in request.lower() for w in words)
        figures.total[shape] += 1
        figures.right[shape] += right
        if not right:
            figures.misses.append(f"{row['id']} {shape}: {lanes} for {row['expected_lanes']}")
    return figures


async def _replay(turns: list[dict[str, str]], parts: Any) -> tuple[list[str], str]:
    """The last user turn's lanes, and the request they get, after the turns before it."""
    messages: list[AnyMessage] = []
    route: list[str] | None = None
    request = ""
    for turn in turns:
        if turn["role"] == "assistant":
            messages.append(AIMessage(turn["content"]))
            continue
        messages.append(HumanMessage(turn["content"]))
        previous = previous_turn(messages, route)
        request = with_tickets_named(turn["content"], previous)
        alone = await decide(request, parts)
        decision, follows = in_conversation(request, alone, previous)
        if follows and decision is not alone and previous is not None:
            request = standalone(request, previous)
        if follows:  # the lanes also get the recent turns
            request = f"{request}\n{history(messages)}"
        route = [lane.value for lane in decision.plan.lanes()]
    return route or [], request


if __name__ == "__main__":
    result = asyncio.run(evaluate(eval_parser(__doc__, ("fit", "report")).parse_args().split))
    print(result.table())
    print("\n".join(result.misses))
