"""The semantic signal: similarity to example utterances per lane, no LLM call."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from lanes.config.team_examples import read_team_examples
from lanes.core.lane import Lane
from nodes.plumbing.embedders import embedder_name

logger = logging.getLogger(__name__)

# Per-lane similarity: the mean of the lane's K nearest examples.
TOP_K = 3


def load_examples(extra: Path | None = None) -> dict[Lane, list[str]]:
    """The packaged example utterances per lane, plus a team's own from ``extra``.

    Raises:
        ConfigError: ``extra`` (``ARGOS_ROUTER_EXAMPLES``) is unreadable or not
            ``{"<lane>": ["utterance", ...]}``.

    """
    text = resources.files("prompts").joinpath("data/router_examples.json").read_text()
    examples = {Lane(name): list(utterances) for name, utterances in json.loads(text).items()}
    if extra is not None:
        for lane, utterances in read_team_examples(extra).items():
            examples.setdefault(lane, []).extend(utterances)
    return examples


class SemanticRouter:
    """Similarity of texts to each lane's examples; the examples are embedded once.

    With a ``cache_dir``, the example vectors are kept on disk keyed by the embedding
    model and the examples' content, so a cold process does not re-embed them.
    """

    def __init__(
        self,
        embeddings: Embeddings,
        examples: dict[Lane, list[str]],
        cache_dir: Path | None = None,
    ) -> None:
        """Keep the examples; they are embedded on first use."""
        self._embeddings = embeddings
        self._examples = examples
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._index: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None

    @property
    def embeddings(self) -> Embeddings:
        """The embedding function texts and examples are embedded with."""
        return self._embeddings

    @property
    def examples(self) -> dict[Lane, list[str]]:
        """The example utterances per lane."""
        return self._examples

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Unit vectors for ``texts``, one batch."""
        return np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)

    def embed_request(self, text: str, pieces: list[str]) -> np.ndarray[Any, Any]:
        """Vectors of ``text`` and of each of its ``pieces``: one model pass where it can.

        With the embedded MiniLM a piece's vector pools its tokens inside the whole
        text's pass; other embeddings (or a piece not found in the text) embed apart.
        """
        spans = _spans(text, pieces)
        together = getattr(self._embeddings, "embed_with_spans", None)
        if together is None or spans is None:
            return self.embed([text, *pieces])
        whole, parts = together(text, spans)
        missing = [i for i, vector in enumerate(parts) if vector is None]
        apart = iter(self.embed([pieces[i] for i in missing]) if missing else [])
        rows = [vector if vector is not None else next(apart) for vector in parts]
        return np.vstack([whole, *rows]).astype(np.float32)

    def similarities(
        self, vectors: np.ndarray[Any, Any], exclude: list[int] | None = None
    ) -> np.ndarray[Any, Any]:
        """Per text and lane, the mean similarity of the lane's ``TOP_K`` nearest examples.

        ``exclude[i]`` drops one example from text ``i``'s neighbours (leave-one-out,
        for fitting on the examples themselves).
        """
        index, labels = self.index()
        sims = vectors @ index.T
        if exclude is not None:
            for row, example in enumerate(exclude):
                if example >= 0:
                    sims[row, example] = -1.0
        out = np.full((len(vectors), len(Lane)), -1.0, dtype=np.float32)
        for j in range(len(Lane)):
            lane_sims = sims[:, labels == j]
            if lane_sims.shape[1]:
                k = min(TOP_K, lane_sims.shape[1])
                out[:, j] = -np.sort(-lane_sims, axis=1)[:, :k].mean(axis=1)
        return out

    def index(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """(example vectors, their lane numbers), embedded or read from the cache once."""
        with self._lock:
            if self._index is None:
                texts = [t for lane in Lane for t in self._examples.get(lane, [])]
                labels = [i for i, lane in enumerate(Lane) for _ in self._examples.get(lane, [])]
                self._index = (self._cached_vectors(texts), np.asarray(labels))
            return self._index

    def _cached_vectors(self, texts: list[str]) -> np.ndarray[Any, Any]:
        if self._cache_dir is None:
            return self.embed(texts)
        key = hashlib.sha256(
            json.dumps([embedder_name(self._embeddings), texts]).encode()
        ).hexdigest()[:24]
        path = self._cache_dir / f"router-examples-{key}.npy"
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return np.asarray(vectors, dtype=np.float32)
        except (OSError, ValueError):
            pass
        vectors = self.embed(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial.npy")
            np.save(partial, vectors)
            partial.replace(path)
        except OSError as exc:  # a read-only data dir costs speed, not correctness
            logger.info("router cache not written (%s): %s", path, exc)
        return vectors


def _spans(text: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """Where each piece is in ``text``, in order; None if one is not found as it is."""
    spans, cursor = [], 0
    for piece in pieces:
        start = text.find(piece, cursor)
        if start < 0:
            return None
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans
