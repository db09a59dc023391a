"""Fitting a :class:`nodes.plumbing.text_model.TextModel` with scikit-learn (offline only).

Run-time code never imports this module: the fitted numbers go into a weights file.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nodes.plumbing.text_model import TextModel
from nodes.plumbing.words import Vocabulary


def fit_text_model(
    texts: list[str],
    vectors: np.ndarray[Any, Any],
    labels: list[int],
    strength: float,
    *,
    balanced: bool = False,
    embedder: str = "",
) -> TextModel:
    """Logistic regression over ``vectors`` then the texts' words; its bar is 0 until chosen.

    ``balanced`` weighs each class as if both were equally common (for rare positives).
    """
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    vocabulary = Vocabulary.from_fitted(tfidf)
    model = LogisticRegression(
        C=strength, max_iter=5000, class_weight="balanced" if balanced else None
    ).fit(vocabulary.features(vectors, texts), labels)
    weights = model.coef_[0].astype(np.float32)
    return TextModel(weights, float(model.intercept_[0]), 0.0, embedder, vocabulary)
