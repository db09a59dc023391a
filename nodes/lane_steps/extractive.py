"""The passage of the retrieved chunks that answers a question, quoted instead of written.

A 0.5B model cannot be trusted to copy a fact it has just read; a passage of the source
can. Each chunk is cut into passages (paragraphs, and sentences of long ones: a man
page's option with its description is one paragraph), and each passage is scored by
the question's content words it holds, weighted by how rare they are among the
passages (a word every passage has says nothing). The best passage answers, cited, if
it holds enough of the question (``MIN_COVER``); otherwise the sources do not say.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from nodes.lane_steps.answer_check import terms

MIN_COVER = 0.4
# Words a question about documents uses for the documents themselves, not for the fact.
ABOUT_DOCS = frozenset(terms("doc docs documentation manual page readme says mentions"))
MAX_PASSAGE_CHARS = 500
_PARAGRAPHS = re.compile(r"\n\s*\n")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(-])")


@dataclass(frozen=True)
class Passage:
    """A passage of one chunk, how well it matches the question, and which chunk."""

    text: str
    chunk: int  # the index of its chunk among those given
    cover: float  # the rarity-weighted share of the question's words it holds


def passages(text: str) -> list[str]:
    """``text`` cut into paragraphs, and long paragraphs into sentences, each one line."""
    found = []
    for paragraph in _PARAGRAPHS.split(text):
        flat = " ".join(paragraph.split())
        if not flat:
            continue
        if len(flat) <= MAX_PASSAGE_CHARS:
            found.append(flat)
            continue
        piece = ""
        for sentence in _SENTENCES.split(flat):
            if piece and len(piece) + len(sentence) + 1 > MAX_PASSAGE_CHARS:
                found.append(piece)
                piece = ""
            piece = f"{piece} {sentence}".strip()
        if piece:
            found.append(piece[:MAX_PASSAGE_CHARS])
    return found


def best_passage(question: str, chunks: Sequence[str]) -> Passage | None:
    """The passage that holds most of the question, if it holds at least ``MIN_COVER``."""
    asked = terms(question) - ABOUT_DOCS
    candidates = [
        (i, text, terms(text)) for i, chunk in enumerate(chunks) for text in passages(chunk)
    ]
    if not asked or not candidates:
        return None
    frequency = Counter(word for _, _, words in candidates for word in words & asked)
    weight = {w: math.log(1 + len(candidates) / (1 + frequency[w])) for w in asked}
    total = sum(weight.values())
    scored = [
        (sum(weight[w] for w in words & asked) / total, -len(text), -i, i, text)
        for i, text, words in candidates
    ]
    cover, _, _, index, text = max(scored)
    return Passage(text, index, round(cover, 3)) if cover >= MIN_COVER else None
