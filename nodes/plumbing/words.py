"""Words and word pairs as fitted linear models read them: TF-IDF over a fitted vocabulary.

The router's probe and the notes model both read text this way.

The transform is scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)``
written out in numpy, so routing needs no scikit-learn at run time: lower case, tokens of
two or more word characters, each token and each pair of neighbours a term, ``1 + log``
of its count times its fitted inverse document frequency, each row scaled to length one.
A unit test holds it equal to scikit-learn's on the labelled set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def terms(text: str) -> list[str]:
    """The words of ``text``, lower-cased, then each pair of neighbouring words."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


@dataclass(frozen=True)
class Vocabulary:
    """The fitted terms, in column order, and each one's inverse document frequency."""

    words: list[str]
    idf: np.ndarray[Any, Any]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {word: i for i, word in enumerate(self.words)})

    @classmethod
    def from_fitted(cls, vectorizer: Any) -> Vocabulary:
        """The vocabulary of a fitted scikit-learn ``TfidfVectorizer`` (offline fitting only)."""
        return cls(
            [str(w) for w in vectorizer.get_feature_names_out()],
            np.asarray(vectorizer.idf_, dtype=np.float32),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Vocabulary:
        """The vocabulary a weights file holds under ``words`` and ``idf``."""
        return cls([str(w) for w in data["words"]], np.asarray(data["idf"], dtype=np.float32))

    def to_json(self) -> dict[str, Any]:
        """The ``words`` and ``idf`` entries of a weights file."""
        return {"words": self.words, "idf": [round(float(v), 6) for v in self.idf]}

    def features(self, vectors: Any, texts: list[str]) -> np.ndarray[Any, Any]:
        """What a fitted model reads: each text's embedding, then its words."""
        return np.hstack([np.asarray(vectors, dtype=np.float32), self.transform(texts)])

    def transform(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """One row of TF-IDF weights per text, scaled to length one (zeros if no term)."""
        rows = np.zeros((len(texts), len(self.words)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts = Counter(t for t in terms(text) if t in self._index)
            for term, count in counts.items():
                column = self._index[term]
                rows[row, column] = (1.0 + np.log(count)) * self.idf[column]
            norm = float(np.linalg.norm(rows[row]))
            if norm > 0:
                rows[row] /= norm
        return rows
