"""Latency percentiles that are right for any number of samples.

Linear interpolation between the closest ranks (numpy's default, the "inclusive" method
of Hyndman and Fan's type 7): one sample is every percentile, two samples give a p95
near the larger one, and a higher percentile is never below a lower one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def percentile(samples: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) of ``samples``; None when there are none."""
    if not samples:
        return None
    return float(np.percentile(np.asarray(samples, dtype=float), q))


def summary(samples: Sequence[float], *, digits: int = 1) -> dict[str, float | int | None]:
    """p50, p95 and p99 of ``samples`` rounded to ``digits``, and how many there were."""
    row: dict[str, float | int | None] = {}
    for name, q in (("p50", 50.0), ("p95", 95.0), ("p99", 99.0)):
        value = percentile(samples, q)
        row[name] = None if value is None else round(value, digits)
    row["samples"] = len(samples)
    return row
