"""Deep ingest of one big file: streamed in blocks, written in batches, summarised.

Memory stays bounded whatever the file's size: a block of text, a batch of chunks and
the digests of the chunks seen so far (repeated chunks are stored once).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path

from stores.deep_summary import Reader, summarize_file
from stores.documents import NotText, splitter_for
from stores.fingerprints import BLOCK_BYTES, chunk_id, hash_file
from stores.vectors import VectorStore
from stores.walk import Found

BATCH_CHUNKS = 256  # written this many chunks at a time


async def ingest_deep_file(
    store: VectorStore,
    root: str,
    found: Found,
    summary_sections: int = 0,
    reader: Reader | None = None,
) -> int:
    """A big file, read and written in bounded memory: blocks in, batches of chunks out.

    A chunk whose text already occurred in the file is not embedded or stored again
    (logs repeat themselves); the first occurrence stands for it. With a ``reader``
    and ``summary_sections``, the reader's summary of sampled sections is stored too.
    """
    written = await asyncio.to_thread(_store_chunks, store, root, found)
    if written is None:
        return 0
    file_hash, meta, stored, ids = written
    if summary_sections and reader is not None:
        summary = await summarize_file(found.path, found.relative, summary_sections, reader)
        summary_id = f"{found.relative}#summary:{file_hash[:16]}"
        ids.extend(
            await asyncio.to_thread(
                _write, store, [(summary_id, summary)], {**meta, "kind": "summary"}
            )
        )
    await asyncio.to_thread(_finish, store, stored, ids, file_hash)
    return len(ids)


def _store_chunks(
    store: VectorStore, root: str, found: Found
) -> tuple[str, dict[str, str], dict[str, str], list[str]] | None:
    """Embed and write the file's chunks; None when the stored copy is complete."""
    file_hash = hash_file(found.path)
    stored = store.file_hashes(root, found.relative)
    if stored and set(stored.values()) == {file_hash}:
        return None
    # Batches carry a partial hash until the last one lands, so a run killed half-way
    # is not mistaken for a finished one and the next run redoes the file.
    meta = {"source": found.relative, "root": root, "file_hash": f"partial:{file_hash}"}
    meta["kind"] = "chunk"
    ids: list[str] = []
    batch: list[tuple[str, str]] = []
    seen: set[bytes] = set()
    for position, chunk in enumerate(_stream_chunks(found.path)):
        digest = hashlib.blake2b(chunk.encode(), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        batch.append((chunk_id(found.relative, chunk, position), chunk))
        if len(batch) >= BATCH_CHUNKS:
            ids.extend(_write(store, batch, meta))
            batch = []
    ids.extend(_write(store, batch, meta))
    return file_hash, meta, stored, ids


def _finish(store: VectorStore, stored: dict[str, str], ids: list[str], file_hash: str) -> None:
    """Mark the file complete, then drop chunks of its previous version."""
    store.set_file_hash(ids, file_hash)
    keep = set(ids)
    stale = {i for i in stored if i not in keep}
    if stale:
        store.delete_ids(sorted(stale))


def _write(store: VectorStore, batch: list[tuple[str, str]], meta: dict[str, str]) -> list[str]:
    if not batch:
        return []
    ids = [i for i, _ in batch]
    store.upsert(ids, [text for _, text in batch], [meta] * len(batch))
    return ids


def _stream_chunks(path: Path) -> Iterator[str]:
    """Chunks of a text file read a block at a time; the tail of a block carries over."""
    splitter = splitter_for(path.suffix)
    carry = ""
    with path.open("r", encoding="utf-8", errors="strict") as handle:
        while True:
            try:
                block = handle.read(BLOCK_BYTES)
            except UnicodeDecodeError:
                raise NotText("binary file (not UTF-8 text)") from None
            if not block:
                break
            if "\0" in block:
                raise NotText("binary file")
            chunks = splitter.split_text(carry + block)
            # The last chunk may be cut mid-thought: start the next block with it.
            carry = chunks.pop() if chunks else ""
            yield from (c for c in chunks if c.strip())
    if carry.strip():
        yield carry
