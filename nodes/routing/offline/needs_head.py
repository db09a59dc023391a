"""Fit the probe's needs head: one logistic regression per lane over the probe's inputs.

Fitted on every fit row, combined work included (the probe's lane head sees single-lane
rows only), its strength chosen on 5 folds by exact-set accuracy at an even bar. Used by
:mod:`nodes.routing.offline.fit` (the packaged head) and
:mod:`nodes.routing.offline.fit_needs` (one head per fold, so the need model learns from
readings of rows the head never saw).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from lanes.core.lane import Lane
from nodes.routing.offline.evaluation import Labelled
from nodes.routing.probe import Probe
from nodes.routing.request_view import bounded_view
from nodes.routing.semantic import SemanticRouter

FOLDS = 5
SEED = 27
NEEDS_STRENGTHS = (10.0, 30.0, 100.0, 300.0, 1000.0)
# A needs head's lane is in the set at this probability when judged on its own.
NEEDS_BAR = 0.5


@dataclass(frozen=True)
class Combined:
    """Every fit row, combined work included, as the needs head learns from it."""

    texts: list[str]  # as routing reads them (the bounded view)
    vectors: np.ndarray[Any, Any]
    targets: np.ndarray[Any, Any]  # (rows, lanes): 1 where the row needs the lane


def combined_set(semantic: SemanticRouter, labelled: list[Labelled]) -> Combined:
    """``labelled`` embedded as routing sees it, with one target column per lane."""
    texts = [bounded_view(row.text) for row in labelled]
    targets = [[lane.value in row.lanes for lane in Lane] for row in labelled]
    return Combined(texts, semantic.embed(texts), np.asarray(targets, dtype=int))


def with_needs_head(probe: Probe, combined: Combined, rows: Any, strength: float) -> Probe:
    """``probe`` with a needs head fitted on ``combined``'s ``rows``, over the probe's inputs.

    A lane no row needs (or every row needs) gets a constant probability.
    """
    features = probe.inputs(combined.vectors[rows], [combined.texts[i] for i in rows])
    targets = combined.targets[rows]
    matrix = np.zeros((len(Lane), features.shape[1]), dtype=np.float32)
    bias = np.zeros(len(Lane), dtype=np.float32)
    for j in range(len(Lane)):
        column = targets[:, j]
        if column.min() == column.max():
            bias[j] = 30.0 if column[0] else -30.0
            continue
        model = LogisticRegression(C=strength, max_iter=5000).fit(features, column)
        matrix[j], bias[j] = model.coef_[0], model.intercept_[0]
    return replace(probe, needs_matrix=matrix, needs_bias=bias)


def choose_needs_strength(probe: Probe, combined: Combined) -> float:
    """The needs head's strength whose held-out readings get the lane set right most often."""
    best: tuple[float, float] | None = None
    for strength in NEEDS_STRENGTHS:
        right = 0
        for train, held in KFold(FOLDS, shuffle=True, random_state=SEED).split(combined.texts):
            head = with_needs_head(probe, combined, train, strength)
            inputs = head.inputs(combined.vectors[held], [combined.texts[i] for i in held])
            read = head.needs(inputs)
            assert read is not None
            right += int(((read >= NEEDS_BAR) == combined.targets[held]).all(axis=1).sum())
        accuracy = right / len(combined.texts)
        print(f"needs head C={strength}: out-of-fold exact-set accuracy {accuracy:.3f}")
        if best is None or accuracy > best[0]:
            best = (accuracy, strength)
    assert best is not None
    return best[1]
