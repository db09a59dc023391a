"""The passage of the retrieved chunks that answers a question, quoted instead of written.

A 0.5B model cannot be trusted to copy a fact it has just read; a passage of the source
can. Each chunk is cut into passages (:mod:`nodes.lane_steps.passage_cuts`), and each
passage alone and with the one after it (a heading and its list, "exits with the
following status:" and the codes) is a candidate. A logistic model over
:mod:`nodes.lane_steps.passage_features` gives each candidate the probability that it
holds the answer; the likeliest answers, cited, if that probability clears the fitted
bar and the names the question asks about are all in its chunk
(:func:`nodes.lane_steps.answer_check.missing_asked_names`), with a runner-up the ranker
cannot tell from it; otherwise the sources do not say.

The weights and the bar are fitted on the fit split of ``tests/data/rag_real`` (real
manuals nobody here wrote) by ``python -m tests.integration.rag_fit``, which writes
``passage_weights.json`` (:mod:`nodes.lane_steps.passage_model`), and reported on
its report split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nodes.lane_steps.answer_check import missing_asked_names, terms, unanswered_shape
from nodes.lane_steps.passage_cuts import candidates
from nodes.lane_steps.passage_features import ABOUT_DOCS, features
from nodes.lane_steps.passage_model import Weights, fitted
from stores.sections import split_heading

EMBEDDED_CANDIDATES = 64  # the lexically likeliest candidates are the ones embedded
# A runner-up this close to the best is quoted too: on the fit split, 0.05 adds 6 right
# answers of 82 (the fact was in the second passage) and larger margins add 2 more.
SECOND_MARGIN = 0.05
# Questions only a number answers, and the number that does. A version may be the
# title of the section the passage sits in (a changelog's); a port or an exit status
# must be in the passage, and an issue reference (#3712) or a version (23.7.0) is not one.
_VERSION_ASKED = re.compile(
    r"\b(which|what)( [\w.+-]+){0,2} (version|release)\b|since (which|what) version"
)
_VALUE_ASKED = re.compile(
    r"\b(?<!non-)(default|which|what) port\b|\bport number\b|\bexit (code|status)"
)
# ... unless what is asked is the option that sets it ("scp non-default port option").
_OPTION_ASKED = re.compile(r"\b(option|flag|switch|argument|setting|directive)s?\b")
_ANY_NUMBER = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"(?<![#\w.])\d+(?![\w]|\.\d)")

Embed = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True)
class Passage:
    """A passage of one chunk, how well it matches the question, and which chunk."""

    text: str
    chunk: int  # the index of its chunk among those given
    score: float


def scored_candidates(
    question: str,
    chunks: Sequence[str],
    embed: Embed,
    chunk_scores: Sequence[float] | None = None,
) -> list[tuple[int, str, list[float]]]:
    """The lexically likeliest candidates as (chunk, text, features), embedded."""
    found = candidates(chunks)
    if not found or not terms_of(question):
        return []
    scores = [0.0] * len(chunks) if chunk_scores is None else list(chunk_scores)
    headings = [split_heading(chunk)[0] for chunk in chunks]
    texts = [text for _, text in found]
    by_chunk = [scores[i] for i, _ in found]
    where = [headings[i] for i, _ in found]
    lexical = features(question, texts, [0.0] * len(found), by_chunk, where)
    likely = sorted(range(len(found)), key=lambda i: -lexical[i][0])[:EMBEDDED_CANDIDATES]
    vectors = embed([question, *(texts[i] for i in likely)])
    cosines = [_cosine(vectors[0], v) for v in vectors[1:]]
    rows = features(question, texts, _spread(len(found), likely, cosines), by_chunk, where)
    return [(found[i][0], texts[i], rows[i]) for i in likely]


def ranked(
    question: str,
    chunks: Sequence[str],
    embed: Embed,
    chunk_scores: Sequence[float] | None = None,
    weights: Weights | None = None,
) -> list[Passage]:
    """Candidates of ``chunks``, the likeliest to hold the answer first."""
    return by_probability(
        scored_candidates(question, chunks, embed, chunk_scores), weights or fitted()
    )


def by_probability(scored: list[tuple[int, str, list[float]]], weights: Weights) -> list[Passage]:
    """Scored candidates as passages, the likeliest to hold the answer first."""
    return sorted(
        (Passage(text, chunk, round(weights.probability(row), 3)) for chunk, text, row in scored),
        key=lambda p: (-p.score, len(p.text), p.chunk),
    )


def best_passages(
    question: str,
    chunks: Sequence[str],
    embed: Embed,
    chunk_scores: Sequence[float] | None = None,
    sources: Sequence[str] | None = None,
) -> list[Passage]:
    """The passages that answer ``question``, best first; none if none does (:func:`choose`)."""
    weights = fitted()
    found = ranked(question, chunks, embed, chunk_scores, weights)
    return choose(question, chunks, found, weights, sources)


def choose(
    question: str,
    chunks: Sequence[str],
    found: list[Passage],
    weights: Weights,
    sources: Sequence[str] | None = None,
) -> list[Passage]:
    """The likeliest of ``found``, and a runner-up as likely, if the best answers at all.

    The best answers if it clears the bar, its chunk (with its source name: a question
    may name the file) holds every identifier the question names, and it holds a number
    if only a number answers (a version, a port, an exit status), the thing a "how many"
    counts, and an option or setting when one is asked for
    (:func:`nodes.lane_steps.answer_check.unanswered_shape`). A runner-up
    within ``SECOND_MARGIN`` of it that does not overlap it is quoted as well: when the
    ranker cannot tell two passages apart, the reader can.
    """
    if not found or found[0].score < weights.bar:
        return []
    best = found[0]
    named = f"{sources[best.chunk] if sources else ''}\n{chunks[best.chunk]}"
    if missing_asked_names(question, named):
        return []
    asked = question.lower()
    if _VERSION_ASKED.search(asked) and not _ANY_NUMBER.search(
        placed(best.text, chunks[best.chunk])
    ):
        return []  # "which version ...?" is not answered by a passage without a number
    value_asked = _VALUE_ASKED.search(asked) and not _OPTION_ASKED.search(asked)
    if value_asked and not _PLAIN_NUMBER.search(best.text):
        return []  # "what port ...?" is not answered by a changelog entry's "(#3712)"
    if unanswered_shape(question, placed(best.text, chunks[best.chunk])):
        return []  # "how many levels ...?" is not answered by a passage about seconds
    best = _shortest_half(question, best, found)
    second = next(
        (p for p in found[1:] if p.text not in best.text and best.text not in p.text), None
    )
    if second is not None and second.score >= best.score - SECOND_MARGIN:
        return [best, _shortest_half(question, second, found)]
    return [best]


def _shortest_half(question: str, pair: Passage, found: list[Passage]) -> Passage:
    """A half of a pair of passages that holds the same words of the question, if any.

    The other half adds length, not answer; unless the first half introduces the second
    ("To build a static binary, run:" and the command).
    """
    asked = terms_of(question)
    needed = terms(pair.text) & asked
    halves = [
        p for p in found if p.chunk == pair.chunk and p.text != pair.text and p.text in pair.text
    ]
    for half in halves:
        if pair.text.startswith(half.text) and half.text.rstrip().endswith(":"):
            continue
        if terms(half.text) & asked >= needed:
            return Passage(half.text, half.chunk, pair.score)
    return pair


def placed(text: str, chunk: str) -> str:
    """A quoted passage under the heading path of its chunk, when the chunk has one.

    Where a passage sits can be the answer: a changelog's version is its section's title.
    """
    heading = split_heading(chunk)[0]
    return f"{heading}\n{text}" if heading else text


def terms_of(question: str) -> set[str]:
    """The question's content words, without those naming the documents themselves."""
    return terms(question) - ABOUT_DOCS


def _spread(size: int, at: list[int], values: list[float]) -> list[float]:
    out = [0.0] * size
    for i, value in zip(at, values, strict=True):
        out[i] = value
    return out


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
