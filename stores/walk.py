"""Which files an ingest reads: .gitignore respected, junk and unsafe paths skipped."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

SKIP_DIRS = {
    ".git", ".hg", ".svn", ".venv", "venv", "env", "node_modules", "__pycache__",
    "build", "dist", "target", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".cortex", ".idea", ".vscode", ".langgraph_api", "site-packages",
}  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A file to read, with its path relative to the ingested root."""

    path: Path
    relative: str


@dataclass(frozen=True)
class Skipped:
    """A path left out, and why."""

    relative: str
    reason: str


def walk(root: Path) -> Iterator[Found | Skipped]:
    """Files under ``root`` (a resolved directory) in a stable order.

    Symlinks are followed only when they stay inside ``root``; broken links, loops and
    links that leave ``root`` are reported as skipped.
    """
    seen_dirs = {root}
    yield from _walk_dir(root, root, _ignore_spec(root, root), seen_dirs)


def _walk_dir(
    root: Path, directory: Path, ignore: list[tuple[Path, pathspec.PathSpec[Any]]], seen: set[Path]
) -> Iterator[Found | Skipped]:
    ignore = [*ignore, *_ignore_spec(root, directory)] if directory != root else ignore
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(_rel(root, directory), f"unreadable directory: {exc.strerror}")
        return
    for entry in entries:
        path = Path(entry.path)
        relative = _rel(root, path)
        is_dir = entry.is_dir(follow_symlinks=False) or (entry.is_symlink() and path.is_dir())
        if entry.name in SKIP_DIRS and is_dir:
            continue
        if _ignored(path, is_dir, ignore):
            continue
        if entry.is_symlink():
            target = _link_target(path)
            if isinstance(target, str):
                yield Skipped(relative, target)
                continue
            if not target.is_relative_to(root):
                yield Skipped(relative, "symlink points outside the ingested path")
                continue
            if target.is_dir():
                if target in seen:
                    yield Skipped(relative, "symlink loop")
                    continue
                seen.add(target)
                yield from _walk_dir(root, path, ignore, seen)
                continue
            if not target.is_file():
                yield Skipped(relative, f"symlink to {special_kind(target)}")
                continue
            yield Found(path, relative)
        elif is_dir:
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            yield from _walk_dir(root, path, ignore, seen)
        elif entry.is_file(follow_symlinks=False):
            yield Found(path, relative)
        else:  # reading a FIFO would block forever; a device, forever and a day
            yield Skipped(relative, special_kind(path))


def special_kind(path: Path) -> str:
    """What a path that is neither a regular file nor a folder is, for ``skipped``."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file: {kind}"


def _link_target(path: Path) -> Path | str:
    """Where a symlink leads, or why it leads nowhere."""
    try:
        return path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except FileNotFoundError:
        return "broken symlink"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symlink loop"
        return f"unreadable symlink: {exc.strerror}"


def _ignore_spec(root: Path, directory: Path) -> list[tuple[Path, pathspec.PathSpec[Any]]]:
    gitignore = directory / ".gitignore"
    if not gitignore.is_file():
        return []
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [(directory, pathspec.GitIgnoreSpec.from_lines(lines))]


def _ignored(path: Path, is_dir: bool, ignore: list[tuple[Path, pathspec.PathSpec[Any]]]) -> bool:
    for base, spec in ignore:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else "."
