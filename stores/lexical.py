"""BM25 over a project's chunks: the keyword half of hybrid retrieval.

Embeddings blur what technical questions hinge on (``--keep-old-files``,
``PIPESTATUS``, ``7.32.0``); BM25 ranks chunks by the question's rare terms, weighted by
how few chunks hold them. Chroma's local store has no sparse index ("not enabled in
local"), so the index lives in the process, beside the collection, and follows it by
chunk id: ids derive from a chunk's file, content and position, so the same id is the
same text, and a sync before each search fetches only chunks it has not seen and forgets
those that are gone. Another process's ingest is seen on the next search.

Written here rather than taken from ``rank_bm25`` or ``bm25s``: both index a fixed list
of documents and rebuild on every change, where this index must follow a collection
that other processes write.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable

K1 = 1.2  # term-frequency saturation (Robertson's usual 1.2)
B = 0.75  # length normalisation
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*[A-Za-z0-9]|[A-Za-z0-9]")
_PART = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ing", "ed", "es", "s")
STOPWORDS = frozenset(
    """
    a an and are as at be but by can could do does did for from has have how i if in into
    is it its me my of on or our so than that the their them then there these they this
    to was we what when where which who why will with would you your about want need
    """.split()
)

Fetch = Callable[[list[str]], dict[str, str]]  # chunk ids -> their texts


def tokens(text: str) -> list[str]:
    """Index terms: every word, lightly stemmed, and each compound whole (``keep-old-files``)."""
    found = []
    for token in _TOKEN.findall(text):
        low = token.lower()
        parts = _PART.findall(low)
        if len(parts) > 1:
            found.append(low.strip(".-/"))
        found.extend(_stem(p) for p in parts if p not in STOPWORDS)
    return found


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


class LexicalIndex:
    """BM25 postings of one collection, synced to it by chunk id."""

    def __init__(self) -> None:
        """An empty index; :meth:`sync` fills it."""
        self._lengths: dict[str, int] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._postings: dict[str, dict[str, int]] = {}
        self._total = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many chunks are indexed."""
        return len(self._lengths)

    def sync(self, ids: Iterable[str], fetch: Fetch) -> None:
        """Index the chunks of ``ids`` not seen yet and forget those no longer there."""
        wanted = set(ids)
        with self._lock:
            for gone in [i for i in self._lengths if i not in wanted]:
                self._remove(gone)
            new = sorted(wanted - self._lengths.keys())
            if new:
                for chunk_id, text in fetch(new).items():
                    self._add(chunk_id, text)

    def search(self, query: str, limit: int) -> list[tuple[str, float]]:
        """Chunk ids holding the query's terms, best BM25 score first."""
        asked = set(tokens(query))
        with self._lock:
            count = len(self._lengths)
            if not count or not asked:
                return []
            average = self._total / count
            scores: dict[str, float] = {}
            for term in asked:
                postings = self._postings.get(term, {})
                if not postings:
                    continue
                idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
                for chunk_id, tf in postings.items():
                    norm = K1 * (1 - B + B * self._lengths[chunk_id] / average)
                    gain = idf * tf * (K1 + 1) / (tf + norm)
                    scores[chunk_id] = scores.get(chunk_id, 0.0) + gain
        return sorted(scores.items(), key=lambda pair: pair[1], reverse=True)[:limit]

    def _add(self, chunk_id: str, text: str) -> None:
        counts = Counter(tokens(text))
        self._lengths[chunk_id] = sum(counts.values())
        self._total += self._lengths[chunk_id]
        self._terms[chunk_id] = tuple(counts)
        for term, tf in counts.items():
            self._postings.setdefault(term, {})[chunk_id] = tf

    def _remove(self, chunk_id: str) -> None:
        self._total -= self._lengths.pop(chunk_id)
        for term in self._terms.pop(chunk_id):
            del self._postings[term][chunk_id]
            if not self._postings[term]:
                del self._postings[term]
