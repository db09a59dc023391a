"""What the router says of one text: each lane's probability and the best lane."""

from __future__ import annotations

from dataclasses import dataclass

from lanes.core.lane import Lane


@dataclass(frozen=True)
class LaneScores:
    """How likely each lane is for a text; ``confidence`` is the best lane's share.

    ``needs``, when the router reads them, are each lane's own probability of being
    needed (several can be likely at once), where ``scores`` share one whole.
    """

    scores: dict[Lane, float]
    best: Lane
    confidence: float
    threshold: float = 0.7
    needs: dict[Lane, float] | None = None

    @property
    def confident(self) -> bool:
        """Whether the router may decide without the planner."""
        return self.confidence >= self.threshold

    def top(self, n: int) -> list[Lane]:
        """The ``n`` best-scoring lanes, best first."""
        return sorted(self.scores, key=self.scores.__getitem__, reverse=True)[:n]
