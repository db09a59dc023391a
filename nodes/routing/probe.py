"""The probe signal: a linear read of a request's embedding and words, fitted on labelled data.

The semantic signal compares a request with a few hundred example utterances, one lane's
nearest three at a time; a new team's wording is often near no example. The probe is
one softmax-regression layer over the same MiniLM vector and the request's words and
word pairs (:mod:`nodes.plumbing.words`), fitted on the examples and the labelled set's
fit split, so it reads which directions of the embedding and which words mean a lane
rather than which examples are close. A second head over the same inputs reads, per lane
and on its own, whether the request needs that lane (one-vs-rest, fitted on combined work
as well): "what does the runbook say? file tickets for the gaps" needs fast_rag *and* the
board, which a softmax over one winner cannot say. Its weights live in
``prompts/data/router_probe.json`` and are written by :mod:`nodes.routing.offline.fit`.

The weights belong to one embedding model: with another (``ARGOS_EMBEDDINGS_URL``), or
with a team's own examples (``ARGOS_ROUTER_EXAMPLES``, which only the similarity signal
knows), the probe is not used and routing takes the weights fitted without it
(:func:`nodes.routing.fusion.load_weights`).
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from lanes.core.lane import Lane
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.words import Vocabulary

logger = logging.getLogger(__name__)

# A lane this much less likely than the best (natural log) counts as ruled out; past it
# the difference says nothing more, and an unbounded feature would swamp the others.
FLOOR = -8.0


@dataclass(frozen=True)
class Probe:
    """Per lane, weights over the embedding and the words, and a bias; for one embedder.

    ``needs_matrix`` and ``needs_bias`` are the one-vs-rest head (:meth:`needs`); a probe
    without it reads no needs.
    """

    matrix: np.ndarray[Any, Any]  # (lanes, embedding dimensions + vocabulary)
    bias: np.ndarray[Any, Any]  # (lanes,)
    embedder: str
    vocabulary: Vocabulary
    needs_matrix: np.ndarray[Any, Any] | None = None  # same shape as ``matrix``
    needs_bias: np.ndarray[Any, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The weights file's shape."""
        return {
            "embedder": self.embedder,
            "lanes": [lane.value for lane in Lane],
            "weights": [[round(float(w), 5) for w in row] for row in self.matrix],
            "bias": [round(float(b), 5) for b in self.bias],
            **self.vocabulary.to_json(),
            **(
                {
                    "needs_weights": [
                        [round(float(w), 5) for w in row] for row in self.needs_matrix
                    ],
                    "needs_bias": [round(float(b), 5) for b in self.needs_bias],
                }
                if self.needs_matrix is not None and self.needs_bias is not None
                else {}
            ),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Probe:
        """The probe a weights file holds.

        Raises:
            RuntimeError: the file was written for other lanes (refit it).

        """
        if data["lanes"] != [lane.value for lane in Lane]:
            raise RuntimeError(
                "router_probe.json is stale: run python -m nodes.routing.offline.fit"
            )
        needs = data.get("needs_weights")
        return cls(
            matrix=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            embedder=str(data["embedder"]),
            vocabulary=Vocabulary.from_json(data),
            needs_matrix=None if needs is None else np.asarray(needs, dtype=np.float32),
            needs_bias=(
                None if needs is None else np.asarray(data["needs_bias"], dtype=np.float32)
            ),
        )

    def inputs(self, vectors: np.ndarray[Any, Any], texts: list[str]) -> np.ndarray[Any, Any]:
        """What both heads read: each text's embedding, then its words."""
        return self.vocabulary.features(vectors, texts)

    def read(self, vectors: np.ndarray[Any, Any], texts: list[str]) -> np.ndarray[Any, Any]:
        """Per text and lane, the log-probability relative to the best lane, floored."""
        return self.read_inputs(self.inputs(vectors, texts))

    def read_inputs(self, features: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """:meth:`read` of rows already made by :meth:`inputs`."""
        logits = features @ self.matrix.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        relative = log_probs - log_probs.max(axis=1, keepdims=True)
        return np.asarray(np.maximum(relative, FLOOR), dtype=np.float32)

    def needs(self, features: np.ndarray[Any, Any]) -> np.ndarray[Any, Any] | None:
        """Per row of :meth:`inputs` and lane, the probability the text needs that lane.

        Each lane on its own (a sigmoid, not a softmax): several can be likely at once.
        None when this probe has no needs head.
        """
        if self.needs_matrix is None or self.needs_bias is None:
            return None
        logits = np.clip(features @ self.needs_matrix.T + self.needs_bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32)


def silent(count: int) -> np.ndarray[Any, Any]:
    """What a probe that does not apply says of ``count`` texts: every lane alike."""
    return np.zeros((count, len(Lane)), dtype=np.float32)


@functools.cache
def load_probe() -> Probe:
    """The fitted probe packaged in ``prompts/data/router_probe.json``."""
    text = resources.files("prompts").joinpath("data/router_probe.json").read_text()
    return Probe.from_json(json.loads(text))


def probe_for(embeddings: Embeddings, probe: Probe | None) -> Probe | None:
    """``probe`` when it was fitted for ``embeddings``' model, else None (logged once)."""
    if probe is None or probe.embedder == embedder_name(embeddings):
        return probe
    logger.info(
        "router probe not used: fitted for %s, embeddings are %s",
        probe.embedder,
        embedder_name(embeddings),
    )
    return None
