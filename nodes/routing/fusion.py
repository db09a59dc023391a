"""Fuse the routing signals into lane probabilities with weights fitted on labelled data.

Features per text: the semantic similarity to each lane's examples (relative to the
best lane), each lane's vocabulary hits, and structure (code present, a question).
A softmax over one linear score per lane turns them into probabilities; the weights
live in ``prompts/data/router_weights.json`` and are written by :mod:`nodes.routing.offline.fit`,
never picked by hand.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.batching import Batcher
from nodes.routing.semantic import SemanticRouter
from nodes.routing.signals import STRUCTURE, keyword_hits, structure

# Similarities differ by hundredths while keyword counts differ by ones; on one scale
# the fit's L2 penalty treats both alike instead of starving the semantic signal.
SEMANTIC_SCALE = 10.0

FEATURES = (
    *(f"semantic:{lane.value}" for lane in Lane),
    *(f"keywords:{lane.value}" for lane in Lane),
    *STRUCTURE,
)


@dataclass(frozen=True)
class Weights:
    """One row of feature weights and a bias per lane, plus the fitted threshold."""

    matrix: np.ndarray[Any, Any]  # (lanes, features)
    bias: np.ndarray[Any, Any]  # (lanes,)
    confident: float  # at or above it the router decides alone

    def to_json(self) -> dict[str, Any]:
        """The weights file's shape."""
        return {
            "features": list(FEATURES),
            "weights": {
                lane.value: [round(float(w), 5) for w in self.matrix[i]]
                for i, lane in enumerate(Lane)
            },
            "bias": {lane.value: round(float(self.bias[i]), 5) for i, lane in enumerate(Lane)},
            "confident": self.confident,
        }


def load_weights() -> Weights:
    """The fitted weights packaged in ``prompts/data/router_weights.json``."""
    text = resources.files("prompts").joinpath("data/router_weights.json").read_text()
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("router_weights.json is stale: run python -m nodes.routing.offline.fit")
    return Weights(
        matrix=np.asarray([data["weights"][lane.value] for lane in Lane], dtype=np.float32),
        bias=np.asarray([data["bias"][lane.value] for lane in Lane], dtype=np.float32),
        confident=float(data["confident"]),
    )


def feature_rows(texts: list[str], semantic: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The feature matrix for ``texts`` given their per-lane semantic similarities."""
    rows = []
    for text, sims in zip(texts, semantic, strict=True):
        hits = keyword_hits(text)
        shape = structure(text)
        rows.append(
            [
                *((sims - sims.max()) * SEMANTIC_SCALE),
                *(float(hits[lane]) for lane in Lane),
                *(shape[name] for name in STRUCTURE),
            ]
        )
    return np.asarray(rows, dtype=np.float32)


def probabilities(weights: Weights, features: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Softmax lane probabilities for each feature row."""
    logits = features @ weights.matrix.T + weights.bias
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


class FusedRouter:
    """Scores texts from every signal at once; one embedding batch per call."""

    def __init__(self, semantic: SemanticRouter, weights: Weights) -> None:
        """Route with ``semantic`` similarities and fitted ``weights``."""
        self.semantic = semantic
        self.weights = weights
        self._batcher: Batcher[str, LaneScores] = Batcher(self.score_many)

    async def ascore_many(self, texts: list[str]) -> list[LaneScores]:
        """:meth:`score_many` off the loop, batched with concurrent callers' texts."""
        return await self._batcher.run(texts)

    def score_many(self, texts: list[str]) -> list[LaneScores]:
        """Lane probabilities for each text."""
        sims = self.semantic.similarities(self.semantic.embed(texts))
        probs = probabilities(self.weights, feature_rows(texts, sims))
        return [self._scores(row) for row in probs]

    def score_request(self, text: str, pieces: list[str]) -> list[LaneScores]:
        """Lane probabilities for ``text`` and for each of its ``pieces``, in one pass."""
        vectors = self.semantic.embed_request(text, pieces)
        sims = self.semantic.similarities(vectors)
        probs = probabilities(self.weights, feature_rows([text, *pieces], sims))
        return [self._scores(row) for row in probs]

    async def ascore_request(self, text: str, pieces: list[str]) -> list[LaneScores]:
        """:meth:`score_request` off the event loop."""
        return await asyncio.to_thread(self.score_request, text, pieces)

    def _scores(self, row: np.ndarray[Any, Any]) -> LaneScores:
        scores = {lane: float(row[i]) for i, lane in enumerate(Lane)}
        best = max(scores, key=scores.__getitem__)
        return LaneScores(
            scores=scores,
            best=best,
            confidence=round(scores[best], 4),
            threshold=self.weights.confident,
        )
