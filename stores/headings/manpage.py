"""Man-page headings in text from ``man -P cat | col -bx``.

A section heading is an unindented line of upper-case words (``NAME``, ``EXIT STATUS``)
followed by indented text; a sub-heading is a short line indented by exactly three
spaces (``   Shell Variables``) inside a section, followed by text indented further.
The page's header and footer lines have wide gaps between their parts, so they are not
headings.
"""

from __future__ import annotations

import re

from stores.headings import Heading

_SECTION = re.compile(r"^[A-Z][A-Z0-9_()/&,.'\-]*(?: [A-Z0-9_()/&,.'\-]+)*[ \t]*$")
_SUBSECTION = re.compile(r"^ {3}([A-Za-z0-9`'\"][^\t]*?)[ \t]*$")
MAX_SECTION_CHARS = 70
MAX_SUBSECTION_WORDS = 6


def manpage_headings(lines: list[str]) -> list[Heading]:
    """The section (level 1) and sub-section (level 2) headings of a man page, in order."""
    found: list[Heading] = []
    for i, line in enumerate(lines):
        if _is_section(line) and _indent_after(lines, i) > 0:
            found.append(Heading(i, i + 1, 1, line.strip()))
        elif found and _is_subsection(line) and _indent_after(lines, i) > 3:
            found.append(Heading(i, i + 1, 2, line.strip()))
    return found


def _is_section(line: str) -> bool:
    return len(line) <= MAX_SECTION_CHARS and bool(_SECTION.match(line))


def _is_subsection(line: str) -> bool:
    match = _SUBSECTION.match(line)
    if not match:
        return False
    title = match.group(1)
    return len(title.split()) <= MAX_SUBSECTION_WORDS and not title.endswith((".", ",", ";", ":"))


def _indent_after(lines: list[str], i: int) -> int:
    """The indentation of the next non-blank line after ``i`` (0 when there is none)."""
    for line in lines[i + 1 :]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0
