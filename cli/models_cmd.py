"""``cortex models``: the model manifest, and downloading every lane's model outside containers."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table

from cli.commands import help_of
from cli.console import err, out
from lanes.config.settings import load_settings
from lanes.core.lane import Lane
from lanes.core.redact import register_secret
from lanes.models.download import PlannedModel, check_disk, download, plan
from lanes.models.manifest import load_manifest

LANE_CHOICES = (*(lane.value for lane in Lane), "embeddings")


def register(commands: Any) -> None:
    """Add ``models list`` and ``models download``."""
    parser = commands.add_parser(
        "models",
        help=help_of("models"),
        description="The model manifest (lanes/models.json, or ARGOS_MODELS_MANIFEST) and "
        "its downloads into ARGOS_MODELS_DIR through huggingface_hub (HF_TOKEN for gated "
        "repositories, HF_ENDPOINT for a mirror).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("list", help="each model: repository, size, where it lands, status")
    _common(show)
    show.set_defaults(run=run_list)
    fetch = actions.add_parser(
        "download", help="download what is missing; resumes, verifies, summarises"
    )
    _common(fetch)
    for kind in ("vllm", "gguf", "embeddings"):
        fetch.add_argument(f"--skip-{kind}", action="store_true", help=f"leave out {kind} models")
    fetch.add_argument(
        "--lane", action="append", choices=LANE_CHOICES, help="only this lane's model (repeat)"
    )
    fetch.add_argument("--dry-run", action="store_true", help="show the plan, download nothing")
    fetch.set_defaults(run=run_download)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models-dir", type=Path, help="where models land (ARGOS_MODELS_DIR)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def _models_dir(args: argparse.Namespace) -> Path:
    return (args.models_dir or load_settings().global_.models_dir).expanduser()


def run_list(args: argparse.Namespace) -> int:
    """Print the manifest with each model's status on disk."""
    planned = plan(load_manifest(), _models_dir(args))
    _print(planned, args, title="Models")
    return 0


def run_download(args: argparse.Namespace) -> int:
    """Download the planned models; exit 1 if any failed."""
    token = os.environ.get("HF_TOKEN") or None
    if token:
        register_secret(token)
    models_dir = _models_dir(args)
    skip = {kind for kind in ("vllm", "gguf", "embeddings") if getattr(args, f"skip_{kind}")}
    planned = plan(load_manifest(), models_dir, skip=skip, lanes=args.lane)
    if args.dry_run:
        chosen = [p for p in planned if p.status != "skipped"]
        _print(chosen, args, title="Download plan (dry run)")
        if not args.json:
            for p in planned:
                if p.status == "skipped":
                    out.print(f"skipped {p.entry.lane} ({p.entry.repo}): {p.reason}")
        return 0
    check_disk(planned, models_dir)
    total = sum(p.entry.size_bytes for p in planned if p.status in ("missing", "partial"))
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TransferSpeedColumn())  # fmt: skip
    with Progress(*columns, console=err, transient=True, disable=args.json) as bar:
        task = bar.add_task("downloading", total=total or None)

        def advance(name: str, size: int) -> None:
            bar.update(task, advance=size, description=f"downloaded {name}")

        download(planned, models_dir, token=token, endpoint=None, on_file=advance)
    _print(planned, args, title="Download summary")
    return 1 if any(p.status == "failed" for p in planned) else 0


def _print(planned: list[PlannedModel], args: argparse.Namespace, *, title: str) -> None:
    if args.json:
        print(json.dumps([p.to_json() for p in planned], indent=2))
        return
    table = Table(title=title)
    for column in ("lane", "kind", "repo", "size", "path", "status"):
        table.add_column(column, overflow="fold")
    for p in planned:
        status = p.status + (f" ({p.reason})" if p.reason else "")
        table.add_row(
            p.entry.lane, p.entry.kind, p.entry.repo, f"{p.entry.size_bytes / 1e9:.2f} GB",
            str(p.path), status,
        )  # fmt: skip
    out.print(table)
