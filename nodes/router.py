"""The fast semantic router: nearest example utterances per lane, no LLM call."""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from lanes.lane import Lane

# Per-lane score: the mean similarity of the lane's K nearest examples.
TOP_K = 3
# Softmax temperature over lane scores; confidence is the winning lane's share.
TEMPERATURE = 0.04
# At or above this confidence the router decides alone. On the 50 held-out requests
# of tests/data/router_eval.jsonl it was confident on 36 and right on all 36 (at 0.55:
# 44 and 41); below it the planner chooses among the router's best lanes.
CONFIDENT = 0.7


@dataclass(frozen=True)
class LaneScores:
    """How well a text matches each lane's examples."""

    scores: dict[Lane, float]
    best: Lane
    confidence: float

    @property
    def confident(self) -> bool:
        """Whether the router may decide without the planner."""
        return self.confidence >= CONFIDENT

    def top(self, n: int) -> list[Lane]:
        """The ``n`` best-matching lanes, best first."""
        return sorted(self.scores, key=self.scores.__getitem__, reverse=True)[:n]


def load_examples() -> dict[Lane, list[str]]:
    """The example utterances per lane, kept as data in ``prompts/data``."""
    text = resources.files("prompts").joinpath("data/router_examples.json").read_text()
    return {Lane(name): list(utterances) for name, utterances in json.loads(text).items()}


class SemanticRouter:
    """Scores texts against example utterances per lane; embeds the examples once."""

    def __init__(self, embeddings: Embeddings, examples: dict[Lane, list[str]]) -> None:
        """Keep the examples; they are embedded on first use."""
        self._embeddings = embeddings
        self._examples = examples
        self._lock = threading.Lock()
        self._index: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None

    def score_many(self, texts: list[str]) -> list[LaneScores]:
        """Score several texts in one embedding batch."""
        vectors, labels = self._ensure_index()
        queries = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
        return [self._score(vectors @ q, labels) for q in queries]

    def score(self, text: str) -> LaneScores:
        """Score one text."""
        return self.score_many([text])[0]

    def _ensure_index(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        with self._lock:
            if self._index is None:
                texts = [t for lane in Lane for t in self._examples.get(lane, [])]
                labels = [i for i, lane in enumerate(Lane) for _ in self._examples.get(lane, [])]
                vectors = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
                self._index = (vectors, np.asarray(labels))
            return self._index

    def _score(self, sims: np.ndarray[Any, Any], labels: np.ndarray[Any, Any]) -> LaneScores:
        scores: dict[Lane, float] = {}
        for i, lane in enumerate(Lane):
            lane_sims = np.sort(sims[labels == i])[::-1][:TOP_K]
            scores[lane] = float(lane_sims.mean()) if lane_sims.size else -1.0
        values = np.array(list(scores.values()))
        weights = np.exp((values - values.max()) / TEMPERATURE)
        best = max(scores, key=scores.__getitem__)
        confidence = float(weights.max() / weights.sum())
        return LaneScores(scores=scores, best=best, confidence=round(confidence, 4))


@functools.cache
def default_router() -> SemanticRouter:
    """The process-wide router over the project's embeddings and packaged examples."""
    from stores.embeddings import default_embeddings

    return SemanticRouter(default_embeddings(), load_examples())
