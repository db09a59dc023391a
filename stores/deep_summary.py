"""Summaries of deep-ingested files, written by the super-reader lane.

A file too big to read whole is sampled: ``sections`` evenly spaced slices that
together fill the super-reader's window once (a 1M-token reader gets big samples, the
embedded 8k one small ones). The reading is injected (a :class:`Reader`): the CLI
hands in the super-reader graph, run while the lane's backend is held in burst mode.
The summary is stored with the file's chunks (``kind=summary``), where fast_rag finds
it for overview questions.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol

from prompts.super_reader import DEEP_SUMMARY_TASK, REPOSITORY_SUMMARY_TASK

# Characters per token assumed when sizing samples; logs tokenize densely (about 2.5
# characters per token with a small model's tokenizer), so this errs towards one pass.
SAMPLE_CHARS_PER_TOKEN = 2


class Reader(Protocol):
    """Reads material for a task in one go (the super-reader lane)."""

    budget_tokens: int  # material one read may take

    async def read(self, task: str, material: str) -> str:
        """The reader's answer to ``task`` over ``material``."""
        ...


def sample_sections(path: Path, sections: int, chars_each: int) -> str:
    """``sections`` evenly spaced slices of the file, marked with their byte offsets."""
    size = path.stat().st_size
    parts = []
    with path.open("rb") as handle:
        for n in range(sections):
            offset = size * n // max(sections, 1)
            handle.seek(offset)
            text = handle.read(chars_each).decode("utf-8", errors="ignore")
            parts.append(f"[section {n + 1} at byte {offset:,}]\n{text}")
    return "\n\n".join(parts)


async def summarize_file(path: Path, relative: str, sections: int, reader: Reader) -> str:
    """The reader's summary of a sampled big file."""
    chars = reader.budget_tokens * SAMPLE_CHARS_PER_TOKEN // max(sections, 1)
    material = await asyncio.to_thread(sample_sections, path, sections, chars)
    summary = await reader.read(DEEP_SUMMARY_TASK.format(path=relative), material)
    return f"Summary of {relative}: {summary}"


async def summarize_repository(root: Path, files: list[str], reader: Reader) -> str:
    """The reader's overview of a repository: its README and its file listing."""
    budget_chars = reader.budget_tokens * SAMPLE_CHARS_PER_TOKEN
    readme = next((root / n for n in ("README.md", "README.rst", "README.txt", "README")
                   if (root / n).is_file()), None)  # fmt: skip
    intro = readme.read_text(errors="ignore")[: budget_chars // 2] if readme else ""
    listing = "\n".join(files)[: budget_chars - len(intro)]
    material = f"README:\n{intro}\n\nFiles:\n{listing}"
    summary = await reader.read(REPOSITORY_SUMMARY_TASK.format(name=root.name), material)
    return f"Summary of the repository {root.name}: {summary}"
