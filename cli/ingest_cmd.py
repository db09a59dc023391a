"""``cortex ingest``: chunk text files into a project's knowledge base."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import asdict
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn

from cli.commands import help_of
from cli.console import err, out
from cli.inputs import given_path, project_name
from cli.reader import GraphReader
from lanes.config.settings import load_settings
from lanes.core.lane import Lane
from nodes.defaults import default_gateway, open_store
from stores.ingest import ingest_path, parse_roots
from stores.vectors import DEFAULT_PROJECT


def register(commands: Any) -> None:
    """Add the ``ingest`` subcommand."""
    parser = commands.add_parser(
        "ingest",
        help=help_of("ingest"),
        description="Chunk the text files under PATH into the project's collection "
        "(Chroma under ARGOS_DATA_DIR). Chunk ids are stable, so running it again "
        "replaces chunks rather than adding copies.",
    )
    parser.add_argument("path", metavar="PATH", type=given_path, help="a file or directory")
    parser.add_argument(
        "--project",
        type=project_name,
        default=DEFAULT_PROJECT,
        help="project name (default: %(default)s)",
    )
    parser.add_argument(
        "--prune", action="store_true", help="remove chunks of files no longer under PATH"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ingest PATH and print what was added and what was skipped."""
    settings = load_settings().global_
    gateway = default_gateway()
    store = open_store(args.project)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} files, {task.fields[chunks]} chunks, {task.fields[rate]}"),
    )
    with Progress(*columns, console=err, transient=True, disable=args.json) as bar:
        task = bar.add_task(f"ingesting {args.path}", total=None, chunks=0, rate="")
        started = time.perf_counter()
        totals = {"chunks": 0}

        def advance(_path: str, chunks: int) -> None:
            totals["chunks"] += chunks
            rate = totals["chunks"] / max(time.perf_counter() - started, 1e-6)
            bar.update(task, advance=1, chunks=totals["chunks"], rate=f"{rate:,.0f} chunks/s")

        ingest = ingest_path(
            args.path,
            store,
            reader=GraphReader(gateway),
            roots=parse_roots(settings.ingest_roots),
            prune=args.prune,
            deep_bytes=int(settings.deep_ingest_mb * (1 << 20)),
            summary_sections=settings.deep_summary_sections,
            fast_window_tokens=gateway.table[Lane.FAST_RAG].context_window,
            progress=advance,
        )
        report = asyncio.run(ingest)
    if args.json:
        print(json.dumps(asdict(report)))
        return 0
    out.print(
        f"{report.files} files, {report.chunks} chunks into project '{args.project}' "
        f"in {report.seconds:.1f} s"
    )
    for deep in report.deep:
        out.print(f"  deep ingest: {deep['path']} ({deep['reason']})", highlight=False)
    for skipped in report.skipped:
        out.print(f"  skipped {skipped['path']}: {skipped['reason']}", highlight=False)
    return 0
