"""Blocks a chunk must not cut: fenced code, rST literal blocks, and tables.

A section's text is read as a run of segments, each either prose (which the splitter
may cut anywhere) or one whole block: a fenced code block (```` ``` ```` or ``~~~``),
an rST literal block with the paragraph ending in ``::`` that introduces it, a Markdown
pipe table, or an rST grid or simple table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SIMPLE_BORDER = re.compile(r"^[ \t]*=+(?: +=+)+[ \t]*$")


@dataclass(frozen=True)
class Segment:
    """A run of lines of a section: prose, or a block to keep whole (``whole``)."""

    text: str
    whole: bool


def segments(text: str) -> list[Segment]:
    """The segments of ``text`` in order; joined with newlines they give ``text`` back."""
    lines = text.split("\n")
    found: list[Segment] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        block = _block_at(lines, i)
        if block is None:
            prose.append(lines[i])
            i += 1
            continue
        end, introduced = block
        intro = _intro(prose) if introduced else []
        del prose[len(prose) - len(intro) :]
        if prose:
            found.append(Segment("\n".join(prose), whole=False))
        found.append(Segment("\n".join([*intro, *lines[i:end]]), whole=True))
        prose, i = [], end
    if prose:
        found.append(Segment("\n".join(prose), whole=False))
    return found


def split_block(block: str, limit: int) -> list[str]:
    """``block`` whole when it fits in ``limit``, else in near-equal runs of whole lines."""
    if len(block) <= limit:
        return [block]
    share = len(block) / -(-len(block) // limit)  # of the fewest pieces that fit
    pieces: list[list[str]] = [[]]
    size = offset = 0
    for line in _short_lines(block, limit):
        if pieces[-1] and (offset >= share * len(pieces) or size + len(line) > limit):
            pieces.append([])
            size = 0
        pieces[-1].append(line)
        size += len(line) + 1
        offset += len(line) + 1
    return ["\n".join(piece) for piece in pieces]


def _short_lines(block: str, limit: int) -> list[str]:
    """The lines of ``block``, any longer than ``limit`` cut into ``limit``-sized parts."""
    return [
        line[at : at + limit] if line else line
        for line in block.split("\n")
        for at in range(0, max(len(line), 1), limit)
    ]


def _block_at(lines: list[str], i: int) -> tuple[int, bool] | None:
    """Where a block starting at line ``i`` ends, and whether the paragraph before is its."""
    for find in _BLOCKS:
        if (end := find(lines, i)) is not None:
            return end, find is _literal_end
    return None


def _intro(prose: list[str]) -> list[str]:
    """The paragraph at the end of ``prose`` (the text that introduces a literal block)."""
    start = len(prose)
    while start > 0 and prose[start - 1].strip():
        start -= 1
    return prose[start:]


def _fenced_end(lines: list[str], i: int) -> int | None:
    opening = _FENCE.match(lines[i])
    if not opening:
        return None
    fence = opening.group(1)
    for j in range(i + 1, len(lines)):
        closing = lines[j].strip()
        if len(closing) >= len(fence) and set(closing) == {fence[0]}:
            return j + 1
    return None  # never closed: not a block, or the rest of the section would be one


def _literal_end(lines: list[str], i: int) -> int | None:
    """The end of the indented block after a paragraph line ending in ``::``."""
    if not lines[i].rstrip().endswith("::") or i + 1 >= len(lines) or lines[i + 1].strip():
        return None
    indent = _indent(lines[i])
    end = None
    for j in range(i + 1, len(lines)):
        if not lines[j].strip():
            continue
        if _indent(lines[j]) <= indent:
            break
        end = j + 1
    return end


def _pipe_table_end(lines: list[str], i: int) -> int | None:
    return _run_end(lines, i, lambda line: line.lstrip().startswith("|"))


def _grid_table_end(lines: list[str], i: int) -> int | None:
    if not lines[i].lstrip().startswith(("+-", "+=")):
        return None
    return _run_end(lines, i, lambda line: line.lstrip().startswith(("+", "|")))


def _simple_table_end(lines: list[str], i: int) -> int | None:
    """The end of a ``====  ====`` table: its last border, followed by a blank line."""
    if not _SIMPLE_BORDER.match(lines[i]):
        return None
    for j in range(i + 1, len(lines)):
        if _SIMPLE_BORDER.match(lines[j]) and (j + 1 == len(lines) or not lines[j + 1].strip()):
            return j + 1
    return None


def _run_end(lines: list[str], i: int, belongs: Callable[[str], bool]) -> int | None:
    """The end of the run of at least two lines from ``i`` for which ``belongs`` holds."""
    end = i
    while end < len(lines) and belongs(lines[end]):
        end += 1
    return end if end - i >= 2 else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


_BLOCKS: list[Callable[[list[str], int], int | None]] = [
    _fenced_end, _literal_end, _pipe_table_end, _grid_table_end, _simple_table_end,
]  # fmt: skip
