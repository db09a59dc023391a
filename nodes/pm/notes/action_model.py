"""Does a note's clause ask for work? A linear model over MiniLM and words, as a veto.

The rules read every shape of note; what they get wrong most is chatter they ticket
("great work on the demo everyone", "Zoe's out Friday"). This model was fitted on the
clauses of blind notes labelled as action items or as not work (the fit split of
``tests/data/meeting_notes_blind``, by ``python -m tests.integration.notes_fit``): one
logistic regression over the clause's MiniLM vector and its words and word pairs
(:class:`nodes.plumbing.words.Vocabulary`). A ticket whose clause it finds less likely to
be work than the fitted bar is read as context instead, with that reason shown. It
never adds a ticket: owners and titles stay the rules' and the note's.

The weights belong to one embedding model: with another (``ARGOS_EMBEDDINGS_URL``) the
veto is not used.
"""

from __future__ import annotations

import asyncio
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.words import Vocabulary
from nodes.pm.notes.reading import Reading

WEIGHTS = "data/notes_action.json"
NOT_WORK = "reads as chatter, not work (the notes model)"


@dataclass(frozen=True)
class ActionModel:
    """Weights over a clause's vector then its words, a bias, and the bar a ticket needs."""

    weights: np.ndarray[Any, Any]  # (embedding dimensions + vocabulary,)
    bias: float
    bar: float
    embedder: str
    vocabulary: Vocabulary

    def probabilities(
        self, vectors: np.ndarray[Any, Any], texts: list[str]
    ) -> np.ndarray[Any, Any]:
        """Per text, the probability that it asks for work."""
        rows = self.vocabulary.features(vectors, texts)
        logits = np.clip(rows @ self.weights + self.bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

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
    def from_json(cls, data: dict[str, Any]) -> ActionModel:
        """The model a weights file holds."""
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=float(data["bias"]),
            bar=float(data["bar"]),
            embedder=str(data["embedder"]),
            vocabulary=Vocabulary.from_json(data),
        )


@functools.cache
def load_action_model() -> ActionModel:
    """The fitted model packaged in ``prompts/data/notes_action.json``."""
    text = resources.files("prompts").joinpath(WEIGHTS).read_text()
    return ActionModel.from_json(json.loads(text))


async def without_chatter(
    reading: Reading, embeddings: Embeddings | None, model: ActionModel | None = None
) -> Reading:
    """``reading`` with the tickets the model finds are not work moved to its context.

    Nothing changes without embeddings, or with embeddings of another model than the one
    the weights were fitted for.
    """
    model = model or load_action_model()
    if embeddings is None or not reading.items or embedder_name(embeddings) != model.embedder:
        return reading
    sources = [item.source for item in reading.items]
    vectors = await asyncio.to_thread(embeddings.embed_documents, sources)
    chances = model.probabilities(np.asarray(vectors), sources)
    kept = [item for item, p in zip(reading.items, chances, strict=True) if p >= model.bar]
    dropped = [item.source for item, p in zip(reading.items, chances, strict=True) if p < model.bar]
    reading.items = kept
    reading.context.extend((source, NOT_WORK) for source in dict.fromkeys(dropped))
    return reading
