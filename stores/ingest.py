"""Minimal ingest: text files into a project's collection, in chunks with stable ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from langchain_text_splitters import RecursiveCharacterTextSplitter

from stores.vectors import VectorStore

TEXT_SUFFIXES = {
    ".md", ".rst", ".txt", ".py", ".toml", ".yaml", ".yml", ".json", ".cfg", ".ini",
    ".js", ".ts", ".go", ".rs", ".java", ".c", ".h", ".cpp", ".sh", ".html", ".css",
}  # fmt: skip
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".cortex"}
CHUNK_CHARS = 1000
CHUNK_OVERLAP = 100


@dataclass
class IngestReport:
    """What an ingest did, in ``cortex ingest --json`` shape."""

    files: int = 0
    chunks: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)


def ingest_path(path: Path, store: VectorStore) -> IngestReport:
    """Chunk every text file under ``path`` into ``store``; one file's chunks land together."""
    root = path.resolve()
    report = IngestReport()
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    for file in _files(root, report):
        relative = file.relative_to(root.parent if root.is_file() else root).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            report.skipped.append({"path": relative, "reason": "not UTF-8 text"})
            continue
        except OSError as exc:
            report.skipped.append({"path": relative, "reason": f"unreadable: {exc.strerror}"})
            continue
        chunks = [c for c in splitter.split_text(text) if c.strip()]
        if not chunks:
            report.skipped.append({"path": relative, "reason": "empty"})
            continue
        ids = [chunk_id(relative, chunk, i) for i, chunk in enumerate(chunks)]
        store.upsert(ids, chunks, [relative] * len(chunks))
        report.files += 1
        report.chunks += len(chunks)
    return report


def chunk_id(source: str, text: str, position: int) -> str:
    """Stable across runs: the same chunk of the same file always gets the same id."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{source}#{position}:{digest}"


def _files(root: Path, report: IngestReport) -> list[Path]:
    if root.is_file():
        return [root]
    found = []
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if any(part in SKIP_DIRS for part in parts[:-1]) or not file.is_file():
            continue
        if file.suffix.lower() in TEXT_SUFFIXES:
            found.append(file)
        else:
            report.skipped.append({"path": "/".join(parts), "reason": "not a text file type"})
    return found
