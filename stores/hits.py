"""A retrieved chunk: what every search returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its cosine similarity to the query."""

    id: str
    text: str
    source: str
    score: float | None  # cosine similarity to the query; None until computed
    keyword: bool = False  # it contains one of the query's distinctive terms
