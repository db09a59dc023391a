"""Fit the router's fusion weights and thresholds on labelled requests.

    python -m nodes.routing.offline.fit tests/data/routing_set.jsonl

Trains on the packaged example utterances (each scored leave-one-out, so an example
never matches itself) and on the ``"split": "fit"`` rows of the labelled set; the
``"report"`` rows are never seen here. First the probe (:mod:`nodes.routing.probe`):
softmax regression over the embeddings and the TF-IDF of words and word pairs, by
scikit-learn, its strength chosen on 5 folds; the fusion weights then learn from the
probe's out-of-fold readings, so they weigh it as it reads requests it was not fitted on.
The fusion itself is softmax regression by plain gradient descent in numpy: 90 numbers,
no library needed. The probe's needs head is fitted here too
(:mod:`nodes.routing.offline.needs_head`). Writes
``prompts/data/router_probe.json`` and ``prompts/data/router_weights.json``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from lanes.core.lane import Lane
from nodes.defaults import routing_embeddings
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.words import Vocabulary
from nodes.routing.fusion import FEATURES, FusedRouter, Weights, feature_rows, probabilities
from nodes.routing.offline.evaluation import Labelled, read_labelled
from nodes.routing.offline.needs_head import choose_needs_strength, combined_set, with_needs_head
from nodes.routing.probe import Probe, silent
from nodes.routing.semantic import SemanticRouter, load_examples

L2 = 0.01
STEPS = 3000
RATE = 0.5
FOLDS = 5
SEED = 27
PROBE_STRENGTHS = (3.0, 10.0, 30.0, 100.0)
DATA = Path(__file__).resolve().parents[3] / "prompts" / "data"
WEIGHTS_FILE = DATA / "router_weights.json"
PROBE_FILE = DATA / "router_probe.json"


@dataclass(frozen=True)
class Training:
    """The rows the router learns from: the examples, then the fit split's single-lane rows."""

    texts: list[str]
    vectors: np.ndarray[Any, Any]
    targets: np.ndarray[Any, Any]  # lane numbers
    examples: int  # the first this many rows are the packaged examples


def training_set(
    semantic: SemanticRouter, examples: dict[Lane, list[str]], labelled: list[Labelled]
) -> Training:
    """The examples and the single-lane rows of ``labelled``, embedded."""
    texts = [t for lane in Lane for t in examples.get(lane, [])]
    labels = [i for i, lane in enumerate(Lane) for _ in examples.get(lane, [])]
    single = [row for row in labelled if len(row.lanes) == 1]
    order = [lane.value for lane in Lane]
    all_texts = texts + [row.text for row in single]
    return Training(
        texts=all_texts,
        vectors=semantic.embed(all_texts),
        targets=np.asarray(labels + [order.index(next(iter(r.lanes))) for r in single]),
        examples=len(texts),
    )


def fit_probe(
    training: Training, rows: np.ndarray[Any, Any], strength: float, embedder: str
) -> Probe:
    """Softmax regression over the embeddings and words of ``training``'s ``rows``.

    Every lane gets a row of weights, even one no training row is on.
    """
    texts = [training.texts[i] for i in rows]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    words = vectorizer.fit_transform(texts)
    features = sparse.hstack([sparse.csr_matrix(training.vectors[rows]), words]).tocsr()
    targets = training.targets[rows]
    model = LogisticRegression(C=strength, max_iter=5000).fit(features, targets)
    matrix = np.zeros((len(Lane), features.shape[1]), dtype=np.float32)
    bias = np.full(len(Lane), -30.0, dtype=np.float32)
    for row, lane in enumerate(model.classes_):
        matrix[lane] = model.coef_[row]
        bias[lane] = model.intercept_[row]
    return Probe(matrix, bias, embedder, Vocabulary.from_fitted(vectorizer))


def probe_out_of_fold(training: Training, strength: float) -> np.ndarray[Any, Any]:
    """Each row's probe reading from a probe fitted without it."""
    out = np.zeros((len(training.texts), len(Lane)), dtype=np.float32)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for train, held in folds.split(training.vectors, training.targets):
        probe = fit_probe(training, train, strength, "")
        out[held] = probe.read(training.vectors[held], [training.texts[i] for i in held])
    return out


def choose_probe(training: Training, embedder: str) -> tuple[Probe, float, np.ndarray[Any, Any]]:
    """The probe at the strength reading held-out rows best, it, and its out-of-fold readings."""
    best: tuple[float, float, np.ndarray[Any, Any]] | None = None
    for strength in PROBE_STRENGTHS:
        read = probe_out_of_fold(training, strength)
        accuracy = float((read.argmax(axis=1) == training.targets).mean())
        print(f"probe C={strength}: out-of-fold accuracy {accuracy:.3f}")
        if best is None or accuracy > best[0]:
            best = (accuracy, strength, read)
    assert best is not None
    _, strength, read = best
    every = np.arange(len(training.texts))
    return fit_probe(training, every, strength, embedder), strength, read


def training_rows(
    semantic: SemanticRouter, training: Training, probed: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Fusion features of the training rows; an example never counts as its own neighbour."""
    exclude = list(range(training.examples)) + [-1] * (len(training.texts) - training.examples)
    sims = semantic.similarities(training.vectors, exclude=exclude)
    return feature_rows(training.texts, sims, probed)


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
    semantic = SemanticRouter(routing_embeddings(), examples)
    training = training_set(semantic, examples, labelled)
    probe, strength, probed = choose_probe(training, embedder_name(semantic.embeddings))
    combined = combined_set(semantic, labelled)
    needs_strength = choose_needs_strength(probe, combined)
    every = np.arange(len(combined.texts))
    probe = with_needs_head(probe, combined, every, needs_strength)
    data: dict[str, Any] = {
        "fitted_on": f"{argv[0]} (split=fit) and the packaged examples, leave-one-out"
    }
    for name, reading, used in (("with_probe", probed, probe), ("without_probe", None, None)):
        reading = silent(len(training.texts)) if reading is None else reading
        weights = fit(training_rows(semantic, training, reading), training.targets)
        weights = choose_threshold(FusedRouter(semantic, weights, used), labelled)
        data[name] = weights.to_json()
        assert tuple(data[name]["features"]) == FEATURES
        print(f"{name}: confident={weights.confident}")
    written = {**probe.to_json(), "strength": strength, "needs_strength": needs_strength}
    PROBE_FILE.write_text(json.dumps(written) + "\n")
    WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {PROBE_FILE} and {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
