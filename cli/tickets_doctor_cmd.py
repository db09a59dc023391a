"""``cortex tickets doctor``: board records that no longer validate, and setting them aside."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from rich.text import Text

from cli.board_access import open_board
from cli.console import out
from stores.bad_records import BadRecord
from stores.board_doctor import SET_ASIDE, find_bad, set_aside


def register_doctor(actions: Any, common: Callable[[argparse.ArgumentParser, Any], None]) -> None:
    """Add the ``doctor`` action; ``common`` adds ``--project`` and ``--json``."""
    doctor = actions.add_parser(
        "doctor",
        help="list stored tickets, epics or roadmaps that are not valid (--fix sets them aside)",
        description="Every other board command skips a stored record that does not validate "
        "(written by an older version, a bad store API call, or an edit) and names it. This "
        "lists them all; --fix moves each, whole, to the project's "
        f"'{SET_ASIDE}' namespace, where it stays for repair. Exit 1 while any is left.",
    )
    doctor.add_argument("--fix", action="store_true", help=f"move the bad records to '{SET_ASIDE}'")
    common(doctor, argparse.SUPPRESS)
    doctor.set_defaults(run=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    """List the bad records; with ``--fix``, set them aside. Exit 1 when any is left."""

    async def examine() -> list[BadRecord]:
        async with open_board(args.project, report_bad=False) as board:
            found = await find_bad(board)
            if args.fix:
                for record in found:
                    await set_aside(board, record)
            return found

    found = asyncio.run(examine())
    if args.json:
        print(json.dumps({"bad": [asdict(b) for b in found], "set_aside": bool(args.fix)}))
    elif not found:
        out.print(f"project '{args.project}': every ticket, epic and roadmap is valid")
    for record in found if not args.json else []:
        done = f" -> set aside in '{SET_ASIDE}'" if args.fix else ""
        out.print(Text(f"{record.kind}/{record.key}: {record.problem}{done}"), soft_wrap=True)
    if found and not args.fix and not args.json:
        out.print(f"{len(found)} bad; set them aside with: cortex tickets doctor --fix "
                  f"--project {args.project}")  # fmt: skip
    return 1 if found and not args.fix else 0
