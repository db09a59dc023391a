"""The passage of the retrieved chunks that answers a question, quoted instead of written.

A 0.5B model cannot be trusted to copy a fact it has just read; a passage of the source
can. Each chunk is cut into passages (paragraphs, and sentences of long ones: a man
page's option with its description is one paragraph), and each passage alone and with
the one after it (a heading and its list, "exits with the following status:" and the
codes) is a candidate. A candidate scores the question's content words it holds,
weighted by how rare they are among the candidates (a word every passage has says
nothing), plus ``SEMANTIC_WEIGHT`` times its cosine similarity to the question when the
knowledge base can embed. The best candidate answers, cited, if it scores
``MIN_SCORE``; otherwise the sources do not say.

The weights and the bar were fitted on the fit split of ``tests/data/rag_real`` (real
manuals nobody here wrote) and are reported on its report split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nodes.lane_steps.answer_check import terms

SEMANTIC_WEIGHT = 0.5
MIN_SCORE = 0.75  # with embeddings: cover + SEMANTIC_WEIGHT * cosine
MIN_COVER = 0.4  # without: the share of the question's words alone
MAX_PASSAGE_CHARS = 500
EMBEDDED_CANDIDATES = 24
MAX_CANDIDATE_CHARS = 700
# Words a question about documents uses for the documents themselves, not for the fact.
ABOUT_DOCS = frozenset(terms("doc docs documentation manual page readme says mentions"))
_PARAGRAPHS = re.compile(r"\n\s*\n")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(-])")

Embed = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True)
class Passage:
    """A passage of one chunk, how well it matches the question, and which chunk."""

    text: str
    chunk: int  # the index of its chunk among those given
    score: float


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


def candidates(chunks: Sequence[str]) -> list[tuple[int, str]]:
    """Each passage of each chunk, alone and followed by the next one: (chunk, text)."""
    found = []
    for index, chunk in enumerate(chunks):
        parts = passages(chunk)
        for i, part in enumerate(parts):
            found.append((index, part))
            if i + 1 < len(parts) and len(part) + len(parts[i + 1]) < MAX_CANDIDATE_CHARS:
                found.append((index, f"{part} {parts[i + 1]}"))
    return found


def best_passage(
    question: str, chunks: Sequence[str], embed: Embed | None = None
) -> Passage | None:
    """The candidate that answers ``question`` best, if it clears the bar."""
    asked = terms(question) - ABOUT_DOCS
    found = candidates(chunks)
    if not asked or not found:
        return None
    words = [terms(text) for _, text in found]
    frequency = Counter(w for held in words for w in held & asked)
    weight = {w: math.log(1 + len(found) / (1 + frequency[w])) for w in asked}
    total = sum(weight.values())
    covers = [sum(weight[w] for w in held & asked) / total for held in words]
    if embed is None:
        scores, bar = covers, MIN_COVER
    else:  # only the lexically likeliest are embedded: embedding is the slow part
        likely = sorted(range(len(found)), key=lambda i: -covers[i])[:EMBEDDED_CANDIDATES]
        vectors = embed([question, *(found[i][1] for i in likely)])
        scores = [-1.0] * len(found)
        for i, vector in zip(likely, vectors[1:], strict=True):
            scores[i] = covers[i] + SEMANTIC_WEIGHT * _cosine(vectors[0], vector)
        bar = MIN_SCORE
    best = max(range(len(found)), key=lambda i: (scores[i], -len(found[i][1]), -found[i][0]))
    chunk, text = found[best]
    return Passage(text, chunk, round(scores[best], 3)) if scores[best] >= bar else None


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
