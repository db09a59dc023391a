"""Markdown headings: ATX (``#`` to ``######``) and setext (a line over ``===`` or ``---``).

Lines inside fenced code blocks (```` ``` ```` or ``~~~``) and YAML front matter are never
headings, so a ``# comment`` in a shell example stays part of its section.
"""

from __future__ import annotations

import re

from stores.headings import Heading

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# Lines that cannot be a setext title: indented code, list items, quotes, tables, HTML.
_NOT_TITLE = re.compile(r"^(?: {4}|\t| {0,3}(?:[-*+>]\s|\d+[.)]\s|\||<))")


def markdown_headings(lines: list[str]) -> list[Heading]:
    """The headings of a Markdown text split into ``lines``, in order."""
    found: list[Heading] = []
    fence = ""
    i = _after_front_matter(lines)
    while i < len(lines):
        line = lines[i]
        if fence:
            fence = "" if _closes(line, fence) else fence
        elif opening := _FENCE.match(line):
            fence = opening.group(1)
        elif atx := _ATX.match(line):
            if title := (atx.group(2) or "").strip():
                found.append(Heading(i, i + 1, len(atx.group(1)), title))
        elif _is_setext_title(lines, i, found):
            level = 1 if lines[i + 1].strip().startswith("=") else 2
            found.append(Heading(i, i + 2, level, line.strip()))
            i += 1  # the underline
        i += 1
    return found


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a block opened by ``fence`` (same character, as long)."""
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def _is_setext_title(lines: list[str], i: int, found: list[Heading]) -> bool:
    """Whether line ``i`` is a one-line paragraph underlined by ``===`` or ``---``."""
    if i + 1 >= len(lines) or not _SETEXT.match(lines[i + 1]):
        return False
    line = lines[i]
    starts_paragraph = i == 0 or not lines[i - 1].strip() or bool(found and found[-1].end == i)
    return starts_paragraph and any(c.isalnum() for c in line) and not _NOT_TITLE.match(line)


def _after_front_matter(lines: list[str]) -> int:
    """The first line after a YAML front matter block (``---`` ... ``---``), else 0."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0
