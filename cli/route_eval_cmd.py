"""``cortex route --eval``: how well routing does on a team's own labelled requests."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from cli.console import out
from lanes.core.errors import CortexError
from nodes.defaults import outside_graph
from nodes.routing.decision import decide
from nodes.routing.offline.evaluation import Outcome, Report, read_labelled


def run_eval(args: argparse.Namespace) -> int:
    """Route every labelled request and print (or write) the figures."""
    rows = read_labelled(Path(args.eval), split=args.split)
    report = asyncio.run(_evaluate(rows))
    summary = report.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _print(summary)
    if args.min_accuracy is not None and summary["accuracy"] < args.min_accuracy:
        out.print(f"accuracy {summary['accuracy']:.3f} is below --min-accuracy {args.min_accuracy}")
        return 1
    return 0


async def _evaluate(rows: list[Any]) -> Report:
    report = Report()
    parts = await asyncio.to_thread(outside_graph)
    for row in rows:
        try:
            decision = await decide(row.text, parts)
        except CortexError as exc:
            report.outcomes.append(
                Outcome(row.lanes, frozenset(), 0.0, 0.0, str(exc), shape=row.shape)
            )
            continue
        got = frozenset(lane.value for lane in decision.plan.lanes())
        outcome = Outcome(row.lanes, got, decision.confidence, decision.ms, shape=row.shape)
        report.outcomes.append(outcome)
    return report


def _print(summary: dict[str, Any]) -> None:
    out.print(
        f"{summary['requests']} requests: exact-match accuracy {summary['accuracy']:.3f}, "
        f"{summary['errors']} errors, routing {summary['ms_median']:.1f} ms median, "
        f"{summary['ms_p95']:.1f} ms p95"
    )
    groups = Table(title="Exact match by number of lanes needed, and by kind of request")
    for column in ("requests", "n", "right", "accuracy"):
        groups.add_column(column)
    rows = [
        ("single-intent", summary["single_intent"]),
        ("multi-intent", summary["multi_intent"]),
        *summary["per_lane_count"].items(),
        *summary["per_shape"].items(),
    ]
    for name, figures in rows:
        accuracy = "-" if figures["accuracy"] is None else f"{figures['accuracy']:.3f}"
        groups.add_row(name, str(figures["requests"]), str(figures["right"]), accuracy)
    out.print(groups)
    lanes = Table(title="Per lane")
    for column in ("lane", "precision", "recall", "support"):
        lanes.add_column(column)
    for lane, figures in summary["per_lane"].items():
        lanes.add_row(lane, f"{figures['precision']:.3f}", f"{figures['recall']:.3f}",
                      str(figures["support"]))  # fmt: skip
    out.print(lanes)
    buckets = Table(title="Accuracy of the decisions made at confidence >= c")
    for column in ("c", "decisions", "accuracy"):
        buckets.add_column(column)
    for row in summary["confidence_buckets"]:
        accuracy = "-" if row["accuracy"] is None else f"{row['accuracy']:.3f}"
        buckets.add_row(f"{row['min_confidence']:.2f}", str(row["decisions"]), accuracy)
    out.print(buckets)
    confusion = Table(title="Confusion: expected -> decided")
    for column in ("expected", "decided"):
        confusion.add_column(column, overflow="fold")
    for expected, got in summary["confusion"].items():
        confusion.add_row(expected, ", ".join(f"{k} x{v}" for k, v in sorted(got.items())))
    out.print(confusion)
