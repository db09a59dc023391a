"""Percentiles against known answers (linear interpolation between closest ranks)."""

from __future__ import annotations

import random

import pytest

from lanes.telemetry.percentiles import percentile, summary


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([], {"p50": None, "p95": None, "p99": None, "samples": 0}),
        ([42.0], {"p50": 42.0, "p95": 42.0, "p99": 42.0, "samples": 1}),
        # The two samples: the old index gave p95 = the smaller one.
        ([28054.7, 9421.9], {"p50": 18738.3, "p95": 27123.06, "p99": 27868.37, "samples": 2}),
        ([3.0, 1.0, 2.0], {"p50": 2.0, "p95": 2.9, "p99": 2.98, "samples": 3}),
        (
            [float(n) for n in range(100, 0, -1)],
            {"p50": 50.5, "p95": 95.05, "p99": 99.01, "samples": 100},
        ),
    ],
)
def test_known_answers(samples, expected):
    assert summary(samples, digits=2) == expected


def test_a_higher_percentile_is_never_below_a_lower_one():
    rng = random.Random(7)
    for n in range(1, 60):
        values = [rng.expovariate(1 / 200) for _ in range(n)]
        qs = [percentile(values, q) for q in (0, 50, 90, 95, 99, 100)]
        assert qs == sorted(qs)
        assert qs[0] == min(values) and qs[-1] == max(values)
