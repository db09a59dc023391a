"""The vector store: one Chroma collection per project, fed with our own embeddings.

Chroma gets vectors we computed (MiniLM by default) and never an embedding function
of its own, so its model downloader never runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from stores.chroma_client import open_collection
from stores.hits import Hit
from stores.lexical import LexicalIndex
from stores.projects import DEFAULT_PROJECT, collection_name
from stores.retrieval import hybrid_search

__all__ = ["DEFAULT_PROJECT", "Hit", "VectorStore", "collection_name"]

FETCH_BATCH = 1000  # chunk texts per request when the keyword index catches up


class VectorStore:
    """A project's chunks in Chroma, searched by cosine similarity."""

    def __init__(
        self,
        data_dir: Path,
        embeddings: Embeddings,
        project: str = DEFAULT_PROJECT,
        chroma_url: str | None = None,
    ):
        """Open (or create) the project's collection: a Chroma server, or ``data_dir/chroma``."""
        self.project = project
        self._embeddings = embeddings
        self._collection = open_collection(data_dir, chroma_url, collection_name(project))
        self._lexical = LexicalIndex()

    def count(self) -> int:
        """How many chunks the project holds."""
        return int(self._collection.count())

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed chunks with the store's embedding function."""
        return self._embeddings.embed_documents(list(texts))

    def upsert(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
        vectors: Sequence[Sequence[float]] | None = None,
    ) -> None:
        """Add or replace chunks, all of them in one write (embedding them unless given)."""
        if not ids:
            return
        if vectors is None:
            vectors = self.embed(texts)
        embeddings: Any = list(vectors)
        self._collection.upsert(
            ids=list(ids), documents=list(texts), embeddings=embeddings, metadatas=list(metadatas)
        )

    def file_hashes(self, root: str, source: str) -> dict[str, str]:
        """Chunk id -> file hash for every chunk stored for one file of one root."""
        found = self._collection.get(where=_file(root, source), include=["metadatas"])
        metas = found["metadatas"] or []
        return {
            i: str((m or {}).get("file_hash", "")) for i, m in zip(found["ids"], metas, strict=True)
        }

    def replace_file(
        self,
        root: str,
        source: str,
        file_hash: str,
        ids: list[str],
        texts: list[str],
        kind: str = "chunk",
        previous: Iterable[str] | None = None,
        vectors: Sequence[Sequence[float]] | None = None,
    ) -> None:
        """Make ``ids`` the file's only chunks: write them in one go, then drop the old ones.

        Interrupted between the two steps, the next run converges: its ids are the
        same (they derive from content and position) and the stale ones go then.
        ``previous`` (the file's ids before, if the caller looked them up) saves a query.
        """
        metadata = {"source": source, "root": root, "file_hash": file_hash, "kind": kind}
        self.upsert(ids, texts, [metadata] * len(ids), vectors)
        before = self.file_hashes(root, source) if previous is None else previous
        stale = [i for i in before if i not in set(ids)]
        if stale:
            self._collection.delete(ids=stale)

    def set_file_hash(self, ids: list[str], file_hash: str, batch: int = 1000) -> None:
        """Mark chunks as belonging to a completely written file."""
        found = self._collection.get(ids=ids, include=["metadatas"]) if ids else {"ids": []}
        metas = [{**(m or {}), "file_hash": file_hash} for m in found.get("metadatas") or []]
        for start in range(0, len(found["ids"]), batch):
            self._collection.update(
                ids=found["ids"][start : start + batch], metadatas=metas[start : start + batch]
            )

    def delete_ids(self, ids: list[str]) -> None:
        """Remove chunks by id."""
        if ids:
            self._collection.delete(ids=ids)

    def sources(self, root: str) -> set[str]:
        """Every file stored for ``root``."""
        found = self._collection.get(where={"root": root}, include=["metadatas"])
        return {str((m or {}).get("source")) for m in (found["metadatas"] or [])}

    def delete_sources(self, root: str, sources: set[str]) -> int:
        """Remove every chunk of these files of ``root``; returns how many went."""
        removed = 0
        for source in sorted(sources):
            ids = list(self.file_hashes(root, source))
            if ids:
                self._collection.delete(ids=ids)
                removed += len(ids)
        return removed

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
        """Hybrid search (vector and keyword, fused) off the event loop."""
        return await asyncio.to_thread(hybrid_search, self, query, k)

    def keyword_search(self, query: str, limit: int) -> list[Hit]:
        """The ``limit`` chunks that rank best for ``query`` by BM25 (scores not cosine)."""
        self._lexical.sync(self._collection.get(include=[])["ids"], self._texts)
        ranked = self._lexical.search(query, limit)
        if not ranked:
            return []
        found = self._collection.get(ids=[i for i, _ in ranked], include=["documents", "metadatas"])
        by_id = {
            i: Hit(i, doc or "", str((meta or {}).get("source")), None)
            for i, doc, meta in zip(
                found["ids"], found["documents"] or [], found["metadatas"] or [], strict=True
            )
        }
        return [by_id[i] for i, _ in ranked if i in by_id]

    def _texts(self, ids: list[str]) -> dict[str, str]:
        """Chunk id -> text, fetched a batch at a time."""
        texts: dict[str, str] = {}
        for start in range(0, len(ids), FETCH_BATCH):
            found = self._collection.get(
                ids=ids[start : start + FETCH_BATCH], include=["documents"]
            )
            texts.update(
                zip(found["ids"], (d or "" for d in found["documents"] or []), strict=True)
            )
        return texts

    def score_ids(self, query: str, ids: list[str]) -> list[Hit]:
        """Cosine similarity of ``query`` to the given chunks."""
        found = self._collection.get(ids=ids, include=["embeddings", "documents", "metadatas"])
        query_vector = np.asarray(self._embeddings.embed_query(query), dtype=np.float32)
        vectors = np.asarray(found["embeddings"], dtype=np.float32)
        scores = vectors @ query_vector  # both unit length: dot product is cosine
        return [
            Hit(i, doc or "", str((meta or {}).get("source")), float(score))
            for i, doc, meta, score in zip(
                found["ids"],
                found["documents"] or [],
                found["metadatas"] or [],
                scores,
                strict=True,
            )
        ]


def _file(root: str, source: str) -> Any:
    return {"$and": [{"root": root}, {"source": source}]}
