"""The vector store: one Chroma collection per project, fed with our own embeddings.

Chroma gets vectors we computed (MiniLM by default) and never an embedding function
of its own, so its model downloader never runs.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

DEFAULT_PROJECT = "default"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its cosine similarity to the query."""

    id: str
    text: str
    source: str
    score: float


def collection_name(project: str) -> str:
    """Chroma's name for a project's collection (3-63 safe characters)."""
    slug = re.sub(r"[^a-zA-Z0-9_-]+", "-", project.strip()).strip("-_").lower() or DEFAULT_PROJECT
    return f"cortex-{slug}"[:63]


class VectorStore:
    """A project's chunks in Chroma, searched by cosine similarity."""

    def __init__(self, data_dir: Path, embeddings: Embeddings, project: str = DEFAULT_PROJECT):
        """Open (or create) the project's collection under ``data_dir/chroma``."""
        import chromadb
        from chromadb.config import Settings

        self.project = project
        self._embeddings = embeddings
        client = chromadb.PersistentClient(
            path=str(data_dir / "chroma"),
            settings=Settings(anonymized_telemetry=False),
        )
        self._collection = client.get_or_create_collection(
            collection_name(project),
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        """How many chunks the project holds."""
        return int(self._collection.count())

    def upsert(self, ids: Sequence[str], texts: Sequence[str], sources: Sequence[str]) -> None:
        """Add or replace chunks (all of them in one write)."""
        if not ids:
            return
        vectors: Any = self._embeddings.embed_documents(list(texts))
        metadatas: list[Any] = [{"source": source} for source in sources]
        self._collection.upsert(
            ids=list(ids), documents=list(texts), embeddings=vectors, metadatas=metadatas
        )

    def search(self, query: str, k: int = 4) -> list[Hit]:
        """The ``k`` chunks most similar to ``query``, best first."""
        if self.count() == 0:
            return []
        vector: Any = self._embeddings.embed_query(query)
        found = self._collection.query(
            query_embeddings=[vector],
            n_results=k,
            include=["documents", "metadatas", "distances"],
        )
        ids = found["ids"][0]
        docs = (found["documents"] or [[]])[0]
        metas = (found["metadatas"] or [[]])[0]
        dists = (found["distances"] or [[]])[0]
        return [
            Hit(id=i, text=d or "", source=str((m or {}).get("source", "?")), score=1.0 - dist)
            for i, d, m, dist in zip(ids, docs, metas, dists, strict=True)
        ]

    async def asearch(self, query: str, k: int = 4) -> list[Hit]:
        """:meth:`search` off the event loop (embedding and Chroma both block)."""
        return await asyncio.to_thread(self.search, query, k)


def open_store(project: str = DEFAULT_PROJECT) -> VectorStore:
    """The project's store under ``ARGOS_DATA_DIR``, opened once per process."""
    from lanes.settings import load_settings

    data_dir = load_settings().global_.data_dir.expanduser().resolve()
    return _open(data_dir, project)


@functools.cache
def _open(data_dir: Path, project: str) -> VectorStore:
    from stores.embeddings import default_embeddings

    return VectorStore(data_dir, default_embeddings(), project)
