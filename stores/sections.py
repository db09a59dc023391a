"""A text's sections, each with its heading path, and the heading line a chunk starts with.

Which headings count depends on the kind of file: Markdown (``.md``), reStructuredText
(``.rst``), man-page text (``.txt``, ``.man``, no suffix; a ``.txt`` with no man-page
headings but with underlined titles, like many READMEs, is read as reStructuredText, and
one with neither but with release lines, like NEWS files, by its releases).
Anything else, code included, is one section with an empty path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stores.headings import Heading
from stores.headings.manpage import manpage_headings
from stores.headings.markdown import markdown_headings
from stores.headings.releases import release_headings
from stores.headings.rst import rst_headings

HEADING_MARK = "§ "  # starts a chunk's heading line; not how a line of prose starts
PATH_SEPARATOR = " > "
TEXT_SUFFIXES = {".txt", ".man", ""}


@dataclass(frozen=True)
class Section:
    """A run of text under one heading; ``path`` is the headings from the top down."""

    path: tuple[str, ...]
    body: str  # the text under the heading, without the heading's own line(s)


def sections(text: str, suffix: str) -> list[Section]:
    """The sections of ``text`` from a file with ``suffix``, in order, losing no text.

    Text before the first heading, when not blank, is a section with an empty path; a
    text without headings is one section with an empty path.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    headings = _headings(lines, suffix.lower())
    if not headings:
        return [Section((), text)]
    found: list[Section] = []
    preamble = _body(lines, 0, headings[0].start)
    if preamble.strip():
        found.append(Section((), preamble))
    open_headings: list[Heading] = []
    for heading, end in zip(headings, [h.start for h in headings[1:]] + [len(lines)], strict=True):
        while open_headings and open_headings[-1].level >= heading.level:
            open_headings.pop()
        open_headings.append(heading)
        path = tuple(h.title for h in open_headings)
        found.append(Section(path, _body(lines, heading.end, end)))
    return found


def heading_line(title: str, path: tuple[str, ...]) -> str:
    """The line a chunk starts with, e.g. ``§ curl.txt > OPTIONS``; "" with nothing to say."""
    parts = [part for part in (title, *path) if part]
    return HEADING_MARK + PATH_SEPARATOR.join(parts) if parts else ""


def split_heading(chunk: str) -> tuple[str, str]:
    """A chunk's heading line as ``heading_line`` wrote it (or "" when none) and the rest."""
    if not chunk.startswith(HEADING_MARK):
        return "", chunk
    line, _, rest = chunk.partition("\n")
    return line, rest


def _headings(lines: list[str], suffix: str) -> list[Heading]:
    reader = _READERS.get(suffix)
    if reader is not None:
        return reader(lines)
    if suffix in TEXT_SUFFIXES:
        return manpage_headings(lines) or rst_headings(lines) or release_headings(lines)
    return []


def _body(lines: list[str], start: int, end: int) -> str:
    return "\n".join(lines[start:end]).strip("\n")


_READERS: dict[str, Callable[[list[str]], list[Heading]]] = {
    ".md": markdown_headings,
    ".markdown": markdown_headings,
    ".rst": rst_headings,
}
