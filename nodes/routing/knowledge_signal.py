"""The knowledge-base signal: a project's own documents as evidence for fast_rag."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from lanes.core.errors import CortexError
from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.signals import structure
from stores.retrieval import is_relevant

# Log-odds a relevant knowledge-base hit adds to fast_rag. Not fitted: the labelled set
# has no project; 2.0 (about 7x the odds) lets a relevant hit overturn an unsure choice,
# not a confident one.
KNOWLEDGE_BONUS = 2.0


async def knowledge_evidence(
    whole: LaneScores,
    request: str,
    project: str,
    open_store: Callable[[str], Awaitable[Any]],
) -> LaneScores:
    """``whole`` with fast_rag raised when the project's knowledge base holds the answer."""
    if not structure(request)["question"]:
        return whole
    try:
        store = await open_store(project)
        hits = await store.asearch(request, k=1) if store.count() else []
    except CortexError:  # no knowledge base to consult: no evidence either way
        return whole
    if not hits or not is_relevant(hits[0]):
        return whole
    return boosted(whole, Lane.FAST_RAG, KNOWLEDGE_BONUS)


def boosted(scores: LaneScores, lane: Lane, log_odds: float) -> LaneScores:
    """``scores`` with ``lane``'s log-odds raised by ``log_odds``, renormalised."""
    weights = {
        other: value * (math.exp(log_odds) if other is lane else 1.0)
        for other, value in scores.scores.items()
    }
    total = sum(weights.values()) or 1.0
    probs = {other: value / total for other, value in weights.items()}
    best = max(probs, key=probs.__getitem__)
    return LaneScores(probs, best, round(probs[best], 4), scores.threshold)
