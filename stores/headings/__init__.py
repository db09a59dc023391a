"""Where a text's headings are, one module per kind (Markdown, rST, man page, releases).

Each reader only finds headings (which lines, what level, what title); turning them into
sections with a heading path is ``stores.sections``, chunking them is ``stores.documents``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A heading that spans lines ``start`` to ``end`` (exclusive) of its text."""

    start: int
    end: int
    level: int  # 1 is the top; deeper headings have larger numbers
    title: str
