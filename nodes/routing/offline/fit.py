"""Fit the router's fusion weights and thresholds on labelled requests.

    python -m nodes.routing.offline.fit tests/data/routing_set.jsonl

Trains on the packaged example utterances (each scored leave-one-out, so an example
never matches itself) and on the ``"split": "fit"`` rows of the labelled set; the
``"report"`` rows are never seen here. Writes ``prompts/data/router_weights.json``.
Softmax regression by plain gradient descent in numpy: 65 numbers, no library needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from lanes.core.lane import Lane
from nodes.defaults import default_embeddings
from nodes.routing.fusion import FEATURES, FusedRouter, Weights, feature_rows, probabilities
from nodes.routing.offline.evaluation import Labelled, read_labelled
from nodes.routing.semantic import SemanticRouter, load_examples

L2 = 0.01
STEPS = 3000
RATE = 0.5
WEIGHTS_FILE = Path(__file__).resolve().parents[3] / "prompts" / "data" / "router_weights.json"


def training_rows(
    semantic: SemanticRouter, examples: dict[Lane, list[str]], labelled: list[Labelled]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Features and lane numbers: the examples (leave-one-out) and single-lane rows."""
    texts = [t for lane in Lane for t in examples.get(lane, [])]
    labels = [i for i, lane in enumerate(Lane) for _ in examples.get(lane, [])]
    sims = semantic.similarities(semantic.embed(texts), exclude=list(range(len(texts))))
    single = [row for row in labelled if len(row.lanes) == 1]
    own = semantic.similarities(semantic.embed([row.text for row in single]))
    order = [lane.value for lane in Lane]
    features = np.vstack([feature_rows(texts, sims), feature_rows([r.text for r in single], own)])
    targets = np.asarray(labels + [order.index(next(iter(r.lanes))) for r in single])
    return features, targets


def fit(features: np.ndarray[Any, Any], targets: np.ndarray[Any, Any]) -> Weights:
    """Softmax regression with an L2 penalty; deterministic."""
    n, f = features.shape
    k = len(Lane)
    onehot = np.eye(k)[targets]
    matrix, bias = np.zeros((k, f)), np.zeros(k)
    for _ in range(STEPS):
        weights = Weights(matrix, bias, 0.0)
        error = probabilities(weights, features) - onehot  # (n, k)
        matrix -= RATE * (error.T @ features / n + L2 * matrix)
        bias -= RATE * error.mean(axis=0)
    return Weights(matrix.astype(np.float32), bias.astype(np.float32), 0.0)


def choose_threshold(router: FusedRouter, rows: list[Labelled]) -> Weights:
    """The confidence at which the best lane is 95% right, chosen on the fit split only.

    Below it, routing asks the planner (when the orchestrator is a served model).
    """
    single = [row for row in rows if len(row.lanes) == 1]
    scored = router.score_many([row.text for row in single])
    confident = 0.95
    for floor in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        chosen = [(r, s) for r, s in zip(single, scored, strict=True) if s.confidence >= floor]
        right = [s.best.value in r.lanes for r, s in chosen]
        if chosen and sum(right) / len(chosen) >= 0.95:
            confident = floor
            break
    return Weights(router.weights.matrix, router.weights.bias, confident)


def main(argv: list[str]) -> int:
    """Fit on ``argv[0]``'s fit split and write the weights file."""
    labelled = read_labelled(Path(argv[0]), split="fit")
    examples = load_examples()
    semantic = SemanticRouter(default_embeddings(), examples)
    weights = fit(*training_rows(semantic, examples, labelled))
    router = FusedRouter(semantic, weights)
    weights = choose_threshold(router, labelled)
    data = weights.to_json()
    data["fitted_on"] = f"{argv[0]} (split=fit) and the packaged examples, leave-one-out"
    assert tuple(data["features"]) == FEATURES
    WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {WEIGHTS_FILE}: confident={weights.confident}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
