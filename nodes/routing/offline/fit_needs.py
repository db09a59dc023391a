"""Fit the need model: one logistic regression per lane, and each lane's threshold.

    python -m nodes.routing.offline.fit_needs tests/data/routing_set.jsonl

Only ``"split": "fit"`` rows are read. The thresholds are chosen on out-of-fold
probabilities (5 folds), so they are calibrated on requests the weights were not fitted
on; the regularisation strength is chosen the same way. scikit-learn fits; the packaged
weights are plain numbers that routing applies with numpy. Writes
``prompts/data/router_needs.json``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from lanes.core.lane import Lane
from nodes.defaults import default_router
from nodes.plumbing.embedders import embedder_name
from nodes.routing.evidence import gather, read_rules
from nodes.routing.fusion import FusedRouter
from nodes.routing.needs import NEED_FEATURES, NeedWeights, chosen_lanes, ruled_lane
from nodes.routing.offline.evaluation import Labelled, read_labelled
from nodes.routing.offline.fit import PROBE_FILE, fit_probe, training_set
from nodes.routing.offline.needs_head import combined_set, with_needs_head

FOLDS = 5
STRENGTHS = (0.1, 0.3, 1.0, 3.0)
KEEP_GRID = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)
GRID = tuple(round(x, 2) for x in np.arange(0.15, 0.96, 0.05))
SEED = 27
REPEATS = 3  # fold splits the thresholds are chosen on
# Share of requests that need more than one lane in real traffic: 25 of 191 in two sets
# written independently of this repository (issue 27), rounded up.
MULTI_SHARE = 0.2
WEIGHTS_FILE = Path(__file__).resolve().parents[3] / "prompts" / "data" / "router_needs.json"


def fold_routers(rows: list[Labelled]) -> list[tuple[FusedRouter, set[int]]]:
    """Per fold of ``rows``, a router whose probe was fitted without that fold's rows.

    The probe (both heads) is fitted on the fit split; read on its own training rows it
    would be surer than on new requests, and the need model would learn that false
    sureness.
    """
    packaged = default_router()
    semantic = packaged.semantic
    written = json.loads(PROBE_FILE.read_text())
    strength, needs_strength = written["strength"], written["needs_strength"]
    embedder = embedder_name(semantic.embeddings)
    combined = combined_set(semantic, rows)
    routers = []
    for train, held in KFold(FOLDS, shuffle=True, random_state=SEED).split(rows):
        held_set = set(int(i) for i in held)
        kept = [row for i, row in enumerate(rows) if i not in held_set]
        training = training_set(semantic, semantic.examples, kept)
        probe = fit_probe(training, np.arange(len(training.texts)), strength, embedder)
        probe = with_needs_head(probe, combined, train, needs_strength)
        routers.append((FusedRouter(semantic, packaged.weights, probe), held_set))
    return routers


async def feature_matrix(
    rows: list[Labelled],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The need features and primary lane of every row no fixed rule decides alone.

    Gathered exactly as routing gathers them, each by a router whose probe never saw
    it; a row a rule decides never reaches the need model, so it is left out of the fit.
    """
    routers = fold_routers(rows)
    lanes = list(Lane)
    features, first, kept = [], [], []
    for i, row in enumerate(rows):
        if ruled_lane(read_rules(row.text)) is not None:
            continue
        router = next(router for router, held in routers if i in held)
        evidence = await gather(row.text, router)
        features.append(evidence.row)
        first.append(lanes.index(evidence.whole.best))
        kept.append(i)
    return np.vstack(features), np.asarray(first), np.asarray(kept)


def targets(rows: list[Labelled]) -> np.ndarray[Any, Any]:
    """One column per lane: 1 where the row needs it."""
    return np.asarray([[lane.value in row.lanes for lane in Lane] for row in rows], dtype=int)


def fit_weights(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], strength: float) -> NeedWeights:
    """Per-lane logistic weights on standardised features, folded back to raw ones."""
    mean, spread = x.mean(axis=0), x.std(axis=0)
    spread[spread == 0] = 1.0
    z = (x - mean) / spread
    matrix, bias = [], []
    for j in range(y.shape[1]):
        model = LogisticRegression(C=strength, max_iter=2000).fit(z, y[:, j])
        w = model.coef_[0] / spread
        matrix.append(w)
        bias.append(model.intercept_[0] - float(w @ mean))
    return NeedWeights(np.asarray(matrix), np.asarray(bias), np.full(len(Lane), 0.5))


def out_of_fold(
    x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], strength: float, seed: int = SEED
) -> np.ndarray[Any, Any]:
    """Each row's lane probabilities from weights fitted without it."""
    probs = np.zeros(y.shape, dtype=float)
    for train, held in KFold(FOLDS, shuffle=True, random_state=seed).split(x):
        weights = fit_weights(x[train], y[train], strength)
        logits = x[held] @ weights.matrix.T + weights.bias
        probs[held] = 1.0 / (1.0 + np.exp(-logits))
    return probs


def exact(
    probs: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    first: np.ndarray[Any, Any],
    thresholds: np.ndarray[Any, Any],
    keep: float,
) -> float:
    """Share of rows whose chosen lane set is exactly the labelled one, traffic-weighted."""
    weights = traffic_weights(y)
    right = 0.0
    for p, truth, lane, weight in zip(probs, y, first, weights, strict=True):
        chosen = chosen_lanes(p, int(lane), thresholds, keep)
        right += weight * (set(chosen) == set(np.flatnonzero(truth)))
    return float(right / weights.sum())


def traffic_weights(y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Row weights that give single- and multi-lane requests their share of real traffic.

    The labelled set over-represents combined work on purpose (to learn it); real
    traffic is mostly one lane, so a threshold that trades single-lane accuracy for
    combined work must pay for it at traffic's rate.
    """
    several = y.sum(axis=1) > 1
    share = np.where(several, MULTI_SHARE, 1.0 - MULTI_SHARE)
    count = np.where(several, max(1, several.sum()), max(1, (~several).sum()))
    return np.asarray(share / count)


def thresholds_for(
    probs: np.ndarray[Any, Any], y: np.ndarray[Any, Any], first: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], float, float]:
    """Per-lane thresholds and the keep bar, by coordinate ascent on exact-set accuracy."""
    thresholds, keep = np.full(y.shape[1], 0.5), 0.0
    best = exact(probs, y, first, thresholds, keep)
    for _ in range(4):
        for j in range(y.shape[1]):
            for value in GRID:
                trial = thresholds.copy()
                trial[j] = value
                score = exact(probs, y, first, trial, keep)
                if score > best + 1e-9:
                    best, thresholds = score, trial
        for bar in KEEP_GRID:
            score = exact(probs, y, first, thresholds, bar)
            if score > best + 1e-9:
                best, keep = score, bar
    return thresholds, keep, best


def main(argv: list[str]) -> int:
    """Fit on the fit split of ``argv``'s files and write the weights file."""
    rows = [row for path in argv for row in read_labelled(Path(path), split="fit")]
    x, first, kept = asyncio.run(feature_matrix(rows))
    y = targets(rows)[kept]
    results = []
    # Thresholds on one fold split follow its luck; on several they follow the data.
    seeds = range(SEED, SEED + REPEATS)
    tiled_y, tiled_first = np.tile(y, (REPEATS, 1)), np.tile(first, REPEATS)
    for strength in STRENGTHS:
        probs = np.vstack([out_of_fold(x, y, strength, seed) for seed in seeds])
        thresholds, keep, accuracy = thresholds_for(probs, tiled_y, tiled_first)
        results.append((accuracy, strength, thresholds, keep))
        print(f"C={strength}: out-of-fold exact-set accuracy {accuracy:.3f}")
    accuracy, strength, thresholds, keep = max(results, key=lambda r: r[0])
    fitted = fit_weights(x, y, strength)
    weights = NeedWeights(fitted.matrix, fitted.bias, thresholds, keep)
    data = weights.to_json()
    data["fitted_on"] = f"{', '.join(argv)} (split=fit, {len(rows)} requests), C={strength}"
    data["out_of_fold_accuracy"] = round(accuracy, 4)
    assert tuple(data["features"]) == NEED_FEATURES
    WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {WEIGHTS_FILE}: C={strength}, thresholds={data['thresholds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
