"""What the router says of one text: each lane's probability and the best lane."""

from __future__ import annotations

from dataclasses import dataclass

from lanes.core.lane import Lane


@dataclass(frozen=True)
class LaneScores:
    """How likely each lane is for a text; ``confidence`` is the best lane's share."""

    scores: dict[Lane, float]
    best: Lane
    confidence: float
    threshold: float = 0.7

    @property
    def confident(self) -> bool:
        """Whether the router may decide without the planner."""
        return self.confidence >= self.threshold

    def top(self, n: int) -> list[Lane]:
        """The ``n`` best-scoring lanes, best first."""
        return sorted(self.scores, key=self.scores.__getitem__, reverse=True)[:n]
