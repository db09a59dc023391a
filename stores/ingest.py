"""Ingest files, folders and repositories into a project's collection.

Each file's chunks have ids made of its path, content hash and position, so running an
ingest again writes nothing for unchanged files, replaces a changed file's chunks, and
(with ``prune``) removes the chunks of files that are gone.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanes.core.errors import ConfigError, CortexError
from lanes.core.unicode_text import valid_unicode
from stores.deep_ingest import ingest_deep_file
from stores.deep_summary import Reader, summarize_repository
from stores.documents import CHUNKING, NotText, chunk_text, read_text
from stores.fingerprints import chunk_id, hash_file
from stores.vectors import VectorStore
from stores.walk import Found, Skipped, special_kind, walk

BATCH_CHUNKS = 256  # small files' chunks are embedded about a quarter of this at a time
# The documented estimate used before any tokenizer is at hand (see lanes/calls/precheck.py).
ESTIMATED_BYTES_PER_TOKEN = 4


@dataclass
class IngestReport:
    """What an ingest did, in ``cortex ingest --json`` shape."""

    files: int = 0
    chunks: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    deep: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


Progress = Callable[[str, int], None]  # (file just done, chunks it wrote)

# Folders of the kernel's and the system's live files: never documents, and some block.
SYSTEM_DIRS = tuple(Path(p) for p in ("/proc", "/sys", "/dev", "/run"))


def resolve_target(path: Path, roots: list[Path]) -> Path:
    """The real path to ingest, checked against ``ARGOS_INGEST_ROOTS``.

    Raises:
        CortexError: the path does not exist, loops, or lies outside the allowed roots.

    """
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise CortexError(
            f"{path}: no such file or directory; give a file or folder to ingest"
        ) from None
    except (RuntimeError, OSError):
        raise CortexError(f"{path}: symlink loop; give the real file or folder") from None
    if target == Path(target.anchor):
        raise CortexError(f"{path}: that is the whole file system; ingest a project's folder")
    system = next((d for d in SYSTEM_DIRS if target.is_relative_to(d)), None)
    if system is not None:  # /proc/kmsg blocks a reader forever; /dev/zero never ends
        raise CortexError(
            f"{path} is under {system}, the system's live files, not documents; "
            "ingest a project's folder"
        )
    if roots and not any(target.is_relative_to(root) for root in roots):
        allowed = os.pathsep.join(str(r) for r in roots)
        raise CortexError(
            f"{path} resolves to {target}, outside ARGOS_INGEST_ROOTS ({allowed}); "
            "ingest a path under one of them, or add its folder to ARGOS_INGEST_ROOTS"
        )
    return target


def parse_roots(value: str | None) -> list[Path]:
    """``ARGOS_INGEST_ROOTS``: folders separated by the OS path separator (``:``).

    Raises:
        ConfigError: it is set but names no folder (``"::"``), which would allow any path.

    """
    roots = [Path(p).expanduser().resolve() for p in (value or "").split(os.pathsep) if p.strip()]
    if value and not roots:
        raise ConfigError(
            "ARGOS_INGEST_ROOTS", value, f"names no folder: give folders separated by "
            f"'{os.pathsep}', or unset it to allow any path"
        )  # fmt: skip
    return roots


async def ingest_path(
    path: Path,
    store: VectorStore,
    *,
    reader: Reader | None = None,
    roots: list[Path] | None = None,
    prune: bool = False,
    deep_bytes: int = 50 << 20,
    summary_sections: int = 0,
    fast_window_tokens: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``path`` (a file or a folder) into ``store``.

    Deep (streamed, summarised by the super-reader) are: files over ``deep_bytes``,
    files whose estimated tokens exceed ``fast_window_tokens`` (the fast lanes'
    context window), and repositories, which also get an overview summary. Summaries
    need a ``reader`` (the super-reader lane; see :mod:`stores.deep_summary`).
    Blocking work (files, embeddings, Chroma) runs off the event loop.
    """
    started = time.perf_counter()
    target = resolve_target(path, roots or [])
    report = IngestReport()
    items: Iterator[Found | Skipped]
    repository = False
    if target.is_file():
        base, items = target.parent, iter([Found(target, target.name)])
        _check_single_file(target)
    elif not target.is_dir():
        raise CortexError(f"{path}: {special_kind(target)}; ingest a file or a folder")
    else:
        base, items = target, walk(target)
        repository = (target / ".git").exists()
    root = str(base)
    seen: set[str] = set()
    batcher = _Batcher(store, root, progress)
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append({"path": item.relative, "reason": item.reason})
            continue
        if (shown := valid_unicode(item.relative)) != item.relative:  # ids and metadata are UTF-8
            report.skipped.append({"path": shown, "reason": NAME_NOT_UTF8})
            continue
        seen.add(item.relative)
        try:
            size = item.path.stat().st_size
            tokens = size // ESTIMATED_BYTES_PER_TOKEN
            too_long = fast_window_tokens is not None and tokens > fast_window_tokens
            big = size > deep_bytes or too_long
            if big:
                written = await ingest_deep_file(store, root, item, summary_sections, reader)
            else:
                work = await asyncio.to_thread(_prepare_file, store, root, item)
                if work is not None:
                    await asyncio.to_thread(batcher.add, work)
                    report.files += 1
                    report.chunks += len(work.ids)
                continue
        except NotText as reason:
            report.skipped.append({"path": item.relative, "reason": str(reason)})
            continue
        except OSError as exc:  # this file only: deleted, moved or locked since the walk
            if exc.filename is None or Path(exc.filename) != item.path:
                raise
            report.skipped.append({"path": item.relative, "reason": _unreadable(exc)})
            continue
        if big:
            report.deep.append(
                {
                    "path": item.relative,
                    "reason": (
                        f"over {deep_bytes / (1 << 20):g} MB"
                        if size > deep_bytes
                        else f"about {tokens:,} tokens, over the fast lanes' {fast_window_tokens:,}"
                    ),
                    "lane": "super_reader",
                    "chunks": written,
                    "summary": bool(summary_sections and written),
                }
            )
        if written:
            report.files += 1
            report.chunks += written
        if progress:
            progress(item.relative, written)
    await asyncio.to_thread(batcher.flush)
    if repository:
        entry: dict[str, Any] = {"path": ".", "reason": "git repository", "lane": "super_reader"}
        entry["summary"] = (
            bool(summary_sections)
            and reader is not None
            and await _summarize_repository(store, root, target, sorted(seen), reader)
        )
        report.deep.append(entry)
    if prune and target.is_dir():
        keep = seen | ({"."} if repository else set())  # "." is the repository summary
        await asyncio.to_thread(lambda: store.delete_sources(root, store.sources(root) - keep))
    report.seconds = round(time.perf_counter() - started, 3)
    return report


async def _summarize_repository(
    store: VectorStore, root: str, target: Path, files: list[str], reader: Reader
) -> bool:
    """Store the reader's overview of the repository (source ``.``)."""
    listing_hash = hashlib.sha256("\n".join(files).encode()).hexdigest()
    stored = await asyncio.to_thread(store.file_hashes, root, ".")
    if stored and set(stored.values()) == {listing_hash}:
        return True
    summary = await summarize_repository(target, files, reader)
    summary_id = f".#summary:{listing_hash[:16]}"
    await asyncio.to_thread(
        store.replace_file, root, ".", listing_hash, [summary_id], [summary], kind="summary"
    )
    return True


def _check_single_file(path: Path) -> None:
    """A file named on the command line must be text: say so now, write nothing."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise CortexError(f"{path}: unreadable ({exc.strerror}); check its permissions") from None
    if b"\0" in head:
        raise CortexError(f"{path}: binary file; ingest text, Markdown, HTML or source code")


@dataclass
class _FileWork:
    """A changed file's chunks, waiting to be embedded with other files' chunks."""

    relative: str
    file_hash: str
    previous: dict[str, str]
    ids: list[str]
    chunks: list[str]


class _Batcher:
    """Embeds chunks of several small files in one call, then writes each file alone.

    One embedding call per file of two or three chunks wastes most of the model's
    batching; each file's chunks still land in a single write of their own.
    """

    def __init__(self, store: VectorStore, root: str, progress: Progress | None) -> None:
        self.store, self.root, self.progress = store, root, progress
        self.pending: list[_FileWork] = []

    def add(self, work: _FileWork) -> None:
        self.pending.append(work)
        if sum(len(w.chunks) for w in self.pending) >= BATCH_CHUNKS // 4:
            self.flush()

    def flush(self) -> None:
        texts = [c for w in self.pending for c in w.chunks]
        vectors = self.store.embed(texts) if texts else []
        at = 0
        for work in self.pending:
            own = vectors[at : at + len(work.chunks)]
            at += len(work.chunks)
            self.store.replace_file(
                self.root, work.relative, work.file_hash, work.ids, work.chunks,
                previous=work.previous, vectors=own,
            )  # fmt: skip
            if self.progress:
                self.progress(work.relative, len(work.ids))
        self.pending = []


NAME_NOT_UTF8 = "its name is not valid UTF-8: rename the file to index it"


def _unreadable(exc: OSError) -> str:
    """Why a file listed by the walk could not be read after all."""
    if isinstance(exc, FileNotFoundError):
        return "gone before it was read (deleted or moved during the ingest)"
    return f"unreadable: {exc.strerror or exc}"


def _prepare_file(store: VectorStore, root: str, found: Found) -> _FileWork | None:
    """A file's new chunks, or None when it has not changed."""
    text = read_text(found.path)
    # Of the bytes and of how they are chunked: a new way of chunking re-chunks the file.
    file_hash = f"{CHUNKING}:{hash_file(found.path)}"
    stored = store.file_hashes(root, found.relative)
    if stored and set(stored.values()) == {file_hash}:
        return None
    chunks = chunk_text(text, found.path.suffix, found.path.name)
    if not chunks and not stored:
        raise NotText("empty file: no text to index")
    ids = [chunk_id(found.relative, chunk, i) for i, chunk in enumerate(chunks)]
    return _FileWork(found.relative, file_hash, stored, ids, chunks)
