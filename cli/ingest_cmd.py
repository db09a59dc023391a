"""``cortex ingest``: chunk text files into a project's knowledge base."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cli.console import err, out
from lanes.errors import CortexError
from stores.ingest import ingest_path
from stores.vectors import DEFAULT_PROJECT, open_store


def register(commands: Any) -> None:
    """Add the ``ingest`` subcommand."""
    parser = commands.add_parser(
        "ingest",
        help="add text files to a project's knowledge base",
        description="Chunk the text files under PATH into the project's collection "
        "(Chroma under ARGOS_DATA_DIR). Chunk ids are stable, so running it again "
        "replaces chunks rather than adding copies.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="a file or directory")
    parser.add_argument(
        "--project", default=DEFAULT_PROJECT, help="project name (default: %(default)s)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ingest PATH and print what was added and what was skipped."""
    path: Path = args.path
    if not path.exists():
        raise CortexError(f"{path}: no such file or directory; give a file or folder to ingest")
    with err.status(f"ingesting {path} ..."):
        report = ingest_path(path, open_store(args.project))
    if args.json:
        print(json.dumps(asdict(report)))
        return 0
    out.print(f"{report.files} files, {report.chunks} chunks into project '{args.project}'")
    for skipped in report.skipped:
        out.print(f"  skipped {skipped['path']}: {skipped['reason']}", highlight=False)
    return 0
