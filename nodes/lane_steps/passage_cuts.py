"""Retrieved chunks cut into the passages a quoted answer can be made of.

A passage is a paragraph, or a piece of a long one, flattened to one line: a man page's
option with its description, an rST directive with the body it introduces, a table's rows
up to ``MAX_PASSAGE_CHARS``. Each passage alone and followed by the next is a candidate
(:mod:`nodes.lane_steps.extractive` ranks them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stores.sections import split_heading

MAX_PASSAGE_CHARS = 500
MAX_CANDIDATE_CHARS = 700
_PARAGRAPHS = re.compile(r"\n\s*\n")
# A reStructuredText directive alone on its line (``.. py:data:: MAX_COOKIE_SIZE``,
# ``.. option:: --fast``, ``.. confval:: timeout``): it names what its body describes.
_DIRECTIVE = re.compile(r"\.\. [\w:-]+:: \S[^\n]*")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(-])")


def passages(text: str) -> list[str]:
    """``text`` cut into paragraphs, and long paragraphs into pieces, each one line.

    A long paragraph of prose is cut between sentences. One whose sentences are still
    too long (a table, a list without full stops, a code block) is cut between its
    lines instead: cutting it at ``MAX_PASSAGE_CHARS`` would drop its later rows.
    """
    found = []
    for paragraph in _with_their_terms(_PARAGRAPHS.split(text)):
        flat = " ".join(paragraph.split())
        if not flat:
            continue
        if len(flat) <= MAX_PASSAGE_CHARS:
            found.append(flat)
            continue
        units = _SENTENCES.split(flat)
        if max(len(unit) for unit in units) > MAX_PASSAGE_CHARS:
            units = [" ".join(line.split()) for line in paragraph.splitlines() if line.strip()]
        found.extend(_grouped(units))
    return found


def _with_their_terms(paragraphs: list[str]) -> list[str]:
    """Paragraphs, a directive line joined to the body it introduces."""
    joined: list[str] = []
    pending = ""
    for paragraph in paragraphs:
        if _DIRECTIVE.fullmatch(paragraph.strip()):
            pending = f"{pending}\n{paragraph}" if pending else paragraph
            continue
        joined.append(f"{pending}\n{paragraph}" if pending else paragraph)
        pending = ""
    return [*joined, pending] if pending else joined


def _grouped(units: list[str]) -> list[str]:
    """Consecutive ``units`` joined into pieces of at most ``MAX_PASSAGE_CHARS``."""
    found = []
    piece = ""
    for unit in units:
        if piece and len(piece) + len(unit) + 1 > MAX_PASSAGE_CHARS:
            found.append(piece[:MAX_PASSAGE_CHARS])
            piece = ""
        piece = f"{piece} {unit}".strip()
    if piece:
        found.append(piece[:MAX_PASSAGE_CHARS])
    return found


def candidates(chunks: Sequence[str]) -> list[tuple[int, str]]:
    """Each passage of each chunk, alone and followed by the next one: (chunk, text).

    A chunk's heading line (``§ curl.txt > OPTIONS``) is where the passage sits, not what
    it says: it is left out of the passages and scored on its own.
    """
    found = []
    for index, chunk in enumerate(chunks):
        parts = passages(split_heading(chunk)[1])
        for i, part in enumerate(parts):
            found.append((index, part))
            if i + 1 < len(parts) and len(part) + len(parts[i + 1]) < MAX_CANDIDATE_CHARS:
                found.append((index, f"{part} {parts[i + 1]}"))
    return found
