"""Fit the quoted-answer ranker on the fit split of ``tests/data/rag_real``.

``python -m tests.integration.rag_fit`` retrieves for every fit question as fast_rag does
(hybrid search, ``QUOTE_K`` chunks), labels each candidate passage by whether it holds
the question's fact from its source, fits a logistic model (scikit-learn; balanced
classes, since a question has one or two right passages among dozens), then picks the
probability bar at which the worse of answered-right and refused is nearest its goal
(80% and 85%), and writes ``prompts/data/passage_weights.json``. The report split
is never read here: ``rag_eval report`` measures the result.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from sklearn.linear_model import LogisticRegression

from nodes.lane_steps.extractive import by_probability, choose, placed, scored_candidates
from nodes.lane_steps.fast_rag import QUOTE_K
from nodes.lane_steps.passage_features import NAMES
from nodes.lane_steps.passage_model import WEIGHTS_FILE, Weights
from stores.retrieval import hybrid_search
from tests.integration.rag_eval import knowledge_base, questions

# Issue 21's goals; the bar is where the worse of the two is nearest its goal.
GOAL_ANSWERED = 0.80
GOAL_REFUSED = 0.85
Case = tuple[dict[str, Any], list[Any], list[tuple[int, str, list[float]]]]


async def cases() -> list[Case]:
    """Each fit question with its retrieved chunks and scored candidate passages."""
    store = await knowledge_base(Path(tempfile.gettempdir()) / "cortex-rag-real")
    found = []
    for row in questions("fit"):
        hits = hybrid_search(store, row["question"], k=QUOTE_K)
        texts, scores = [h.text for h in hits], [h.score or 0.0 for h in hits]
        found.append((row, hits, scored_candidates(row["question"], texts, store.embed, scores)))
    return found


def holds_fact(row: dict[str, Any], hits: list[Any], chunk: int, text: str) -> bool:
    """Whether a candidate, quoted under its heading path, holds the question's fact from
    the question's source."""
    return (
        bool(row["answerable"])
        and row["fact"] in placed(text, hits[chunk].text)
        and hits[chunk].source.endswith(row["source"])
    )


def outcome(case: Case, weights: Weights) -> tuple[bool, bool]:
    """(answered, right) for one question as ``best_passage`` would decide it."""
    row, hits, scored = case
    texts, sources = [h.text for h in hits], [h.source for h in hits]
    chosen = choose(row["question"], texts, by_probability(scored, weights), weights, sources)
    return bool(chosen), any(holds_fact(row, hits, p.chunk, p.text) for p in chosen)


def fit(found: list[Case]) -> tuple[Weights, dict[str, float]]:
    """The logistic model, and the bar that keeps both figures nearest their goals."""
    rows = [f for row, hits, scored in found if row["answerable"] for _, _, f in scored]
    labels = [
        holds_fact(row, hits, chunk, text)
        for row, hits, scored in found
        if row["answerable"]
        for chunk, text, _ in scored
    ]
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(rows, labels)
    coefficients = tuple(round(float(c), 4) for c in model.coef_[0])
    intercept = round(float(model.intercept_[0]), 4)
    best: tuple[float, float, dict[str, float]] = (-1.0, 0.0, {})
    for step in range(0, 100, 2):
        weights = Weights(coefficients, intercept, step / 100)
        results = [(row["answerable"], outcome((row, h, s), weights)) for row, h, s in found]
        right = [r for answerable, (_, r) in results if answerable]
        refused = [not a for answerable, (a, _) in results if not answerable]
        figures = {
            "answered_right": sum(right) / len(right),
            "refused": sum(refused) / len(refused),
        }
        print(f"bar {step / 100:.2f}: answered right {figures['answered_right']:.0%}, "
              f"refused {figures['refused']:.0%}")  # fmt: skip
        balance = min(figures["answered_right"] / GOAL_ANSWERED, figures["refused"] / GOAL_REFUSED)
        if balance > best[0]:
            best = (balance, step / 100, figures)
    return Weights(coefficients, intercept, best[1]), best[2]


def main() -> None:
    weights, figures = fit(asyncio.run(cases()))
    WEIGHTS_FILE.write_text(
        json.dumps(
            {
                "features": list(NAMES),
                "coefficients": list(weights.coefficients),
                "intercept": weights.intercept,
                "bar": weights.bar,
                "fitted_on": "tests/data/rag_real, fit split (python -m tests.integration.rag_fit)",
                "fit_split": {k: round(v, 3) for k, v in figures.items()},
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {WEIGHTS_FILE}: {weights} on the fit split {figures}")


if __name__ == "__main__":
    main()
