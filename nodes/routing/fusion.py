"""Fuse the routing signals into lane probabilities with weights fitted on labelled data.

Features per text: the semantic similarity to each lane's examples (relative to the
best lane), the probe's reading of the same embedding and the words
(:mod:`nodes.routing.probe`), each lane's vocabulary hits, and structure (code present,
a question).
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
from nodes.routing.probe import Probe, silent
from nodes.routing.semantic import SemanticRouter
from nodes.routing.signals import STRUCTURE, keyword_hits, structure

# Similarities differ by hundredths while keyword counts differ by ones; on one scale
# the fit's L2 penalty treats both alike instead of starving the semantic signal.
SEMANTIC_SCALE = 10.0

FEATURES = (
    *(f"semantic:{lane.value}" for lane in Lane),
    *(f"probe:{lane.value}" for lane in Lane),
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


def load_weights(probed: bool = True) -> Weights:
    """The fitted weights packaged in ``prompts/data/router_weights.json``.

    Two sets are fitted: one that reads the probe, one for routing without it (another
    embedding model, or a team's own examples, which only the similarity signal knows).
    """
    text = resources.files("prompts").joinpath("data/router_weights.json").read_text()
    whole = json.loads(text)
    data = whole["with_probe" if probed else "without_probe"]
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("router_weights.json is stale: run python -m nodes.routing.offline.fit")
    return Weights(
        matrix=np.asarray([data["weights"][lane.value] for lane in Lane], dtype=np.float32),
        bias=np.asarray([data["bias"][lane.value] for lane in Lane], dtype=np.float32),
        confident=float(data["confident"]),
    )


def feature_rows(
    texts: list[str], semantic: np.ndarray[Any, Any], probed: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """The feature matrix for ``texts`` given their semantic similarities and probe reading."""
    rows = []
    for text, sims, read in zip(texts, semantic, probed, strict=True):
        hits = keyword_hits(text)
        shape = structure(text)
        rows.append(
            [
                *((sims - sims.max()) * SEMANTIC_SCALE),
                *read,
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

    def __init__(
        self, semantic: SemanticRouter, weights: Weights, probe: Probe | None = None
    ) -> None:
        """Route with ``semantic`` similarities, the ``probe`` and fitted ``weights``.

        Without a probe, ``weights`` should be the set fitted without one.
        """
        self.semantic = semantic
        self.weights = weights
        self.probe = probe
        self._batcher: Batcher[str, LaneScores] = Batcher(self.score_many)

    async def ascore_many(self, texts: list[str]) -> list[LaneScores]:
        """:meth:`score_many` off the loop, batched with concurrent callers' texts."""
        return await self._batcher.run(texts)

    def submit_many(self, texts: list[str]) -> asyncio.Future[list[LaneScores]]:
        """:meth:`ascore_many`, started before this returns (in a running loop)."""
        return self._batcher.submit(texts)

    def submit_request(self, text: str, pieces: list[str]) -> asyncio.Future[list[LaneScores]]:
        """:meth:`score_request` on a thread, started before this returns."""
        return asyncio.get_running_loop().run_in_executor(None, self.score_request, text, pieces)

    def score_many(self, texts: list[str]) -> list[LaneScores]:
        """Lane probabilities for each text."""
        return self._score_vectors(texts, self.semantic.embed(texts))

    def score_request(self, text: str, pieces: list[str]) -> list[LaneScores]:
        """Lane probabilities for ``text`` and for each of its ``pieces``, in one pass."""
        return self._score_vectors([text, *pieces], self.semantic.embed_request(text, pieces))

    async def ascore_request(self, text: str, pieces: list[str]) -> list[LaneScores]:
        """:meth:`score_request` off the event loop."""
        return await asyncio.to_thread(self.score_request, text, pieces)

    def _score_vectors(self, texts: list[str], vectors: np.ndarray[Any, Any]) -> list[LaneScores]:
        sims = self.semantic.similarities(vectors)
        needs: np.ndarray[Any, Any] | None = None
        if self.probe is None:
            probed = silent(len(texts))
        else:
            inputs = self.probe.inputs(vectors, texts)
            probed, needs = self.probe.read_inputs(inputs), self.probe.needs(inputs)
        probs = probabilities(self.weights, feature_rows(texts, sims, probed))
        if needs is None:
            return [self._scores(row, None) for row in probs]
        return [self._scores(row, need) for row, need in zip(probs, needs, strict=True)]

    def _scores(self, row: np.ndarray[Any, Any], needs: np.ndarray[Any, Any] | None) -> LaneScores:
        scores = {lane: float(row[i]) for i, lane in enumerate(Lane)}
        best = max(scores, key=scores.__getitem__)
        read = None if needs is None else {lane: float(needs[i]) for i, lane in enumerate(Lane)}
        return LaneScores(
            scores=scores,
            best=best,
            confidence=round(scores[best], 4),
            threshold=self.weights.confident,
            needs=read,
        )
