"""Which embedding model a set of vectors came from: vectors of two models never mix."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings


def embedder_name(embeddings: Embeddings) -> str:
    """Which embedding model ``embeddings`` is, as fitted weights record it."""
    return f"{type(embeddings).__name__}:{getattr(embeddings, 'model', '')}"
