"""The quoted-answer ranker's fitted weights: a logistic model over the passage features.

``python -m tests.integration.rag_fit`` fits it on the fit split of
``tests/data/rag_real`` and writes ``prompts/data/passage_weights.json``, beside the
router's weights; it ships with the package, so answering needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from nodes.lane_steps.passage_features import NAMES

WEIGHTS_FILE = Path(str(resources.files("prompts").joinpath("data/passage_weights.json")))


@dataclass(frozen=True)
class Weights:
    """A fitted logistic model over :data:`NAMES`, and the probability an answer needs."""

    coefficients: tuple[float, ...]
    intercept: float
    bar: float

    def probability(self, row: Sequence[float]) -> float:
        """The chance that a candidate with these features holds the answer."""
        z = self.intercept + sum(c * x for c, x in zip(self.coefficients, row, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@cache
def fitted() -> Weights:
    """The weights in ``passage_weights.json`` (shipped with the package)."""
    data = json.loads(WEIGHTS_FILE.read_text())
    if tuple(data["features"]) != NAMES:
        raise RuntimeError("passage_weights.json is stale: run python -m tests.integration.rag_fit")
    return Weights(tuple(data["coefficients"]), data["intercept"], data["bar"])
