"""A fitted linear reading of short texts: logistic regression over an embedding and words.

The notes model (is this clause work?) and the compliance model (does this material
break a control?) are both this: weights over a text's vector from one embedding model
followed by its TF-IDF words and word pairs (:class:`nodes.plumbing.words.Vocabulary`),
a bias, and the bar a probability must clear. They are fitted offline with
scikit-learn and applied here with numpy; a model is used only with the embedding model
it was fitted for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.words import Vocabulary


@dataclass(frozen=True)
class TextModel:
    """Weights over a text's vector then its words, a bias, a bar, and the embedder."""

    weights: np.ndarray[Any, Any]  # (embedding dimensions + vocabulary,)
    bias: float
    bar: float
    embedder: str
    vocabulary: Vocabulary

    def probabilities(
        self, vectors: np.ndarray[Any, Any], texts: list[str]
    ) -> np.ndarray[Any, Any]:
        """Per text, the probability of the class the model was fitted to find."""
        rows = self.vocabulary.features(vectors, texts)
        logits = np.clip(rows @ self.weights + self.bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def reads(self, embeddings: Embeddings | None) -> bool:
        """Whether these embeddings are the ones the weights were fitted for."""
        return embeddings is not None and embedder_name(embeddings) == self.embedder

    def to_json(self) -> dict[str, Any]:
        """The weights file's shape."""
        return {
            "embedder": self.embedder,
            "weights": [round(float(w), 5) for w in self.weights],
            "bias": round(self.bias, 5),
            "bar": self.bar,
            **self.vocabulary.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextModel:
        """The model a weights file holds."""
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=float(data["bias"]),
            bar=float(data["bar"]),
            embedder=str(data["embedder"]),
            vocabulary=Vocabulary.from_json(data),
        )
