"""Everything routing knows of a request before it decides, gathered once.

The request is cut into pieces (:func:`nodes.routing.clauses.segments`); the fused
router scores the whole request and each piece in one embedding pass; all of it becomes
one feature row for the need model. What the fixed rules say (:func:`read_rules`) is
read before, since a rule's lane needs no embedding at all. Routing and the fit that
makes the need model's weights both gather here, so the two never see different
features.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

import numpy as np

from nodes.plumbing.lane_scores import LaneScores
from nodes.pm.intent import checks_ticket, read_intent
from nodes.pm.notes.material import asks_for_compliance, asks_only_about_material
from nodes.routing.clauses import segments, split_tasks
from nodes.routing.needs import Rules, need_features
from nodes.routing.planner import MAX_STEPS
from nodes.routing.request_view import bounded_view
from nodes.routing.signals import cue_hits
from nodes.routing.wording import Wording, read_wording


@dataclass(frozen=True)
class Evidence:
    """A request's pieces, the router's scores of it and of them, and its feature row."""

    request: str
    pieces: list[str]
    whole: LaneScores
    parts: list[LaneScores]  # one per piece
    wording: Wording
    row: np.ndarray[Any, Any]

    def with_whole(self, whole: LaneScores) -> Evidence:
        """The same evidence with the whole request scored ``whole`` (a project's own signal)."""
        row = need_features(self.wording, whole, self.pieces, self.parts)
        return replace(self, whole=whole, row=row)


def read_rules(request: str) -> Rules:
    """What the fixed rules say of ``request``."""
    tasks = split_tasks(request)
    one_task = len(tasks) == 1 or len(tasks) > MAX_STEPS  # many "tasks" are prose
    intent = read_intent(request, date.today())
    return Rules(
        compliance=asks_for_compliance(request),
        # "Compare PLAT-412 with the code, then update the ticket": the board acts too.
        ticket_check=one_task and checks_ticket(request) and not cue_hits(request)["board"],
        # A command is a board command when it is all the request says: "here is the
        # month's ETL log. For each failed job create a ticket" needs a reader too.
        board=one_task
        and len(segments(request)) == 1
        and intent is not None
        and intent.kind != "notes",
        notes=intent is not None and intent.kind == "notes",
    )


async def gather(request: str, router: Any) -> Evidence:
    """The evidence for ``request``: the router's scores of it and its pieces, one pass.

    Pasted material that is only asked about is one piece, not a piece per line. The
    words are read while the router embeds.
    """
    view = bounded_view(request)
    pieces = [view] if asks_only_about_material(view) else segments(view)
    several = len(pieces) > 1
    pieces = pieces if several else [view]
    scoring = start_scoring(router, view, pieces if several else [])
    wording = read_wording(request, pieces)
    scored = await scoring
    whole = scored[0]
    parts = scored[1:] if several else [scored[0]]
    row = need_features(wording, whole, pieces, parts)
    return Evidence(request, pieces, whole, parts, wording, row)


def start_scoring(router: Any, text: str, pieces: list[str]) -> Awaitable[list[LaneScores]]:
    """The router's scores of ``text``, then of each of its ``pieces``, started now.

    A router that can start its work before returning (the fused router) does; another
    starts when the caller next awaits.
    """
    if pieces:
        submit = getattr(router, "submit_request", None)
        if submit is not None:
            return cast(Awaitable[list[LaneScores]], submit(text, pieces))
        return asyncio.ensure_future(score_request(router, text, pieces))
    submit = getattr(router, "submit_many", None)
    if submit is not None:
        return cast(Awaitable[list[LaneScores]], submit([text]))
    return asyncio.ensure_future(score(router, [text]))


async def score_request(router: Any, text: str, pieces: list[str]) -> list[LaneScores]:
    """The router's scores of ``text`` then of each piece: one pass where it can."""
    together = getattr(router, "ascore_request", None)
    if together is not None:
        return list(await together(text, pieces))
    return await score(router, [text, *pieces])


async def score(router: Any, texts: list[str]) -> list[LaneScores]:
    """The router's scores, off the loop; batched with other turns' when it can."""
    batched = getattr(router, "ascore_many", None)
    if batched is not None:
        return list(await batched(texts))
    return list(await asyncio.to_thread(router.score_many, texts))
