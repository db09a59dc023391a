"""Fingerprints that make ingest idempotent: chunk ids and file hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK_BYTES = 1 << 20  # big files are read this much at a time


def chunk_id(source: str, text: str, position: int) -> str:
    """Stable across runs: the same chunk of the same file always gets the same id."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{source}#{position}:{digest}"


def hash_file(path: Path) -> str:
    """sha256 of the file's bytes, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()
