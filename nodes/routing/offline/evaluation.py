"""Routing evaluation from labelled requests.

Exact-match accuracy on the set of lanes, per-lane precision and recall, a confusion
table, accuracy per confidence bucket, and routing time.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text, short
from lanes.core.errors import CortexError
from lanes.core.lane import LANE_NAMES, Lane
from lanes.telemetry.percentiles import percentile

BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)
# A labelled set is thousands of short lines (ours is 28 KB); a line is a flat object.
LABELLED_LIMIT = 50 * MB
ROW_DEPTH = 4
ROW_SHAPE = '{"text": "...", "lanes": ["<lane>", ...]}'


@dataclass(frozen=True)
class Labelled:
    """A request and the lanes it should reach."""

    text: str
    lanes: frozenset[str]
    shape: str | None = None  # the kind of request, when the set says ("implicit", ...)


@dataclass
class Outcome:
    """What the router decided for one labelled request."""

    expected: frozenset[str]
    got: frozenset[str]
    confidence: float
    ms: float
    error: str | None = None
    shape: str | None = None

    @property
    def right(self) -> bool:
        """Exact match on the set of lanes."""
        return self.error is None and self.got == self.expected


@dataclass
class Report:
    """Every figure ``cortex route --eval`` prints."""

    outcomes: list[Outcome] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures as JSON."""
        n = len(self.outcomes)
        right = sum(o.right for o in self.outcomes)
        times = sorted(o.ms for o in self.outcomes) or [0.0]
        return {
            "requests": n,
            "accuracy": round(right / n, 4) if n else 0.0,
            "single_intent": self.accuracy_of([o for o in self.outcomes if len(o.expected) == 1]),
            "multi_intent": self.accuracy_of([o for o in self.outcomes if len(o.expected) > 1]),
            "per_lane_count": self.grouped(lambda o: f"{len(o.expected)} lane(s)"),
            "per_shape": self.grouped(lambda o: o.shape),
            "errors": sum(o.error is not None for o in self.outcomes),
            "per_lane": self.per_lane(),
            "confusion": self.confusion(),
            "confidence_buckets": self.buckets(),
            "ms_median": round(statistics.median(times), 2),
            "ms_p95": round(percentile(times, 95) or 0.0, 2),
        }

    @staticmethod
    def accuracy_of(outcomes: list[Outcome]) -> dict[str, Any]:
        """Exact-match accuracy of some outcomes, with how many there were."""
        right = sum(o.right for o in outcomes)
        share = round(right / len(outcomes), 4) if outcomes else None
        return {"requests": len(outcomes), "right": right, "accuracy": share}

    def grouped(self, key: Callable[[Outcome], str | None]) -> dict[str, dict[str, Any]]:
        """:meth:`accuracy_of` per group (rows without a group are left out)."""
        groups: dict[str, list[Outcome]] = {}
        for o in self.outcomes:
            name = key(o)
            if name is not None:
                groups.setdefault(name, []).append(o)
        return {name: self.accuracy_of(group) for name, group in sorted(groups.items())}

    def per_lane(self) -> dict[str, dict[str, float]]:
        """Precision and recall of each lane's membership in the decided set."""
        out = {}
        for lane in Lane:
            name = lane.value
            tp = sum(name in o.got and name in o.expected for o in self.outcomes)
            fp = sum(name in o.got and name not in o.expected for o in self.outcomes)
            fn = sum(name not in o.got and name in o.expected for o in self.outcomes)
            out[name] = {
                "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
                "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
                "support": tp + fn,
            }
        return out

    def confusion(self) -> dict[str, dict[str, int]]:
        """Expected lane set -> decided lane set -> count."""
        table: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            got = "error" if o.error else "+".join(sorted(o.got))
            table.setdefault("+".join(sorted(o.expected)), Counter())[got] += 1
        return {k: dict(v) for k, v in sorted(table.items())}

    def buckets(self) -> list[dict[str, Any]]:
        """Accuracy of the decisions made at confidence >= each bucket's floor."""
        rows = []
        for floor in BUCKETS:
            chosen = [o for o in self.outcomes if o.confidence >= floor]
            rows.append(
                {
                    "min_confidence": floor,
                    "decisions": len(chosen),
                    "accuracy": round(sum(o.right for o in chosen) / len(chosen), 4)
                    if chosen
                    else None,
                }
            )
        return rows


def read_labelled(path: Path, split: str | None = None) -> list[Labelled]:
    """``{"text": ..., "lanes": [...]}`` lines; with ``split``, only rows of that split.

    Raises:
        CortexError: naming the file, the line and what is wrong with it (an
            ``UnreadableInput`` for a special file, one over 50 MB, or deep nesting).

    """
    lines = read_text(path, limit=LABELLED_LIMIT, what="evaluation file").splitlines()
    rows = []
    valid = {lane.value for lane in Lane}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = loads_json(line, what=f"{path}:{number}", max_depth=ROW_DEPTH)
        except UnreadableInput as exc:
            raise CortexError(f"{exc}; each line is {ROW_SHAPE}") from None
        text = row.get("text") if isinstance(row, dict) else None
        lanes = row.get("lanes") if isinstance(row, dict) else None
        if not isinstance(text, str) or not _strings(lanes):
            raise CortexError(f"{path}:{number}: expected {ROW_SHAPE}")
        unknown = [lane for lane in lanes if lane not in valid]
        if unknown:
            raise CortexError(f"{path}:{number}: {short(unknown[0])} is not a lane ({LANE_NAMES})")
        shape = row.get("shape")
        if split is None or row.get("split", split) == split:
            rows.append(Labelled(text, frozenset(lanes), shape if isinstance(shape, str) else None))
    if not rows:
        raise CortexError(f"{path}: no labelled requests found")
    return rows


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
