"""reStructuredText section titles: a line with an underline, or an overline too.

An adornment is one punctuation character repeated at least as long as the title. As in
docutils, levels follow the order in which each style first appears, and an overlined
title is a different style from an underlined one with the same character.
"""

from __future__ import annotations

import re

from stores.headings import Heading

_ADORNMENT = re.compile(r"""^([=\-~^"'`:._*+#])\1+[ \t]*$""")


def rst_headings(lines: list[str]) -> list[Heading]:
    """The section titles of a reStructuredText text split into ``lines``, in order."""
    found: list[Heading] = []
    styles: list[tuple[str, bool]] = []  # (character, overlined), in order of first use

    def add(start: int, end: int, style: tuple[str, bool], title: str) -> None:
        if style not in styles:
            styles.append(style)
        found.append(Heading(start, end, styles.index(style) + 1, title))

    i = 0
    while i < len(lines):
        fresh = i == 0 or not lines[i - 1].strip() or bool(found and found[-1].end == i)
        if fresh and (overlined := _overlined_title(lines, i)):
            add(i, i + 3, (lines[i].strip()[0], True), overlined)
            i += 3
        elif fresh and (underlined := _underlined_title(lines, i)):
            add(i, i + 2, (lines[i + 1].strip()[0], False), underlined)
            i += 2
        else:
            i += 1
    return found


def _overlined_title(lines: list[str], i: int) -> str:
    """The title when lines ``i`` to ``i + 2`` are overline, title, matching underline."""
    if i + 2 >= len(lines) or not _ADORNMENT.match(lines[i]):
        return ""
    over, title, under = lines[i].strip(), lines[i + 1].strip(), lines[i + 2].strip()
    if under != over or not _is_text(title) or len(over) < len(title):
        return ""
    return title


def _underlined_title(lines: list[str], i: int) -> str:
    """The title when line ``i`` is unindented text over an underline at least as long."""
    if i + 1 >= len(lines) or not _ADORNMENT.match(lines[i + 1]):
        return ""
    title = lines[i].rstrip()
    if title[:1].isspace() or not _is_text(title):
        return ""
    return title if len(lines[i + 1].strip()) >= len(title) else ""


def _is_text(line: str) -> bool:
    """Whether ``line`` can be a title: it has a letter or digit and is no adornment."""
    return any(c.isalnum() for c in line) and not _ADORNMENT.match(line)
