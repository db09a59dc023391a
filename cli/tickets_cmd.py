"""``cortex tickets``: a project's tickets, for people who prefer commands to chat."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text

from cli.board_access import open_board
from cli.commands import help_of
from cli.console import out
from cli.inputs import named, project_name, utf8_text
from cli.tickets_doctor_cmd import register_doctor
from cli.tickets_import_cmd import register_import
from lanes.core.errors import CortexError
from stores.board import STATUS_ALIASES, STATUSES, Board, Ticket
from stores.board_io import export_rows
from stores.imports.fields import ITEM_MARKER
from stores.projects import DEFAULT_PROJECT

BY = "cortex:cli"


def register(commands: Any) -> None:
    """Add the ``tickets`` command and its actions."""
    parser = commands.add_parser(
        "tickets",
        help=help_of("tickets"),
        description="A project's tickets, as `cortex ask` keeps them (chat: 'Noor will fix "
        "the login timeout by Friday', 'move CORE-12 to done'). With no action: the list.",
    )
    _common(parser, None)
    parser.add_argument("--status", type=_status, help=f"only this status ({', '.join(STATUSES)})")
    parser.add_argument("--owner", type=named, help="only this owner's tickets")
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    show = actions.add_parser("show", help="one ticket: fields, gap notes, history")
    show.add_argument("id", metavar="ID", type=named, help="the ticket's id, e.g. CORE-12")
    _common(show, argparse.SUPPRESS)
    show.set_defaults(run=run_show)

    add = actions.add_parser("add", help="add a ticket (or update the one with that title)")
    add.add_argument("title", metavar="TITLE", type=utf8_text)
    _fields(add)
    add.add_argument("--description", type=utf8_text, help="what the ticket is about")
    add.add_argument(
        "--criterion",
        action="append",
        type=_criterion,
        help="an acceptance criterion (repeat for more)",
    )
    _common(add, argparse.SUPPRESS)
    add.set_defaults(run=run_add)

    update = actions.add_parser("update", help="change a ticket's status, owner, epic or due")
    update.add_argument("id", metavar="ID", type=named)
    update.add_argument("--status", type=_status, help=", ".join(STATUSES))
    update.add_argument("--title", type=utf8_text, help="a new title")
    _fields(update)
    _common(update, argparse.SUPPRESS)
    update.set_defaults(run=run_update)

    register_import(actions, _common)
    register_doctor(actions, _common)

    dump = actions.add_parser("export", help="print the tickets as CSV or JSON")
    dump.add_argument("--format", choices=("csv", "json"), default="csv")
    _common(dump, argparse.SUPPRESS)
    dump.set_defaults(run=run_export)


def _common(parser: argparse.ArgumentParser, default: Any) -> None:
    """``--project`` and ``--json`` on the command and on each action."""
    top = default is None
    parser.add_argument(
        "--project",
        type=project_name,
        default=DEFAULT_PROJECT if top else default,
        help=f"project name (default: {DEFAULT_PROJECT})",
    )
    parser.add_argument(
        "--json", action="store_true", default=False if top else default, help="print JSON"
    )


def _fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", type=utf8_text, help="who does it")
    parser.add_argument("--epic", type=utf8_text, help="the epic it belongs to, e.g. EPIC-1")
    parser.add_argument("--due", type=_day, help="due date, YYYY-MM-DD")


def _status(value: str) -> str:
    status = STATUS_ALIASES.get(" ".join(value.lower().replace("_", " ").split()))
    if status is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a status: use {', '.join(STATUSES)}")
    return status


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def run_list(args: argparse.Namespace) -> int:
    """Print the tickets (a table, or a JSON list of ticket objects)."""

    async def load(board: Board) -> list[Ticket]:
        return await board.tickets(status=args.status, owner=args.owner)

    tickets = _on_board(args.project, load)
    if args.json:
        print(json.dumps([t.model_dump(mode="json") for t in tickets], indent=2))
        return 0
    table = Table(title=f"Tickets of project '{args.project}'")
    for column in ("id", "status", "owner", "due", "epic", "title"):
        table.add_column(column, overflow="fold")
    for t in tickets:
        due = t.due.isoformat() if t.due else "-"
        table.add_row(t.id, t.status, t.owner or "-", due, t.epic or "-", Text(t.title))
    out.print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print one ticket, its gap notes and its history."""
    ticket = _on_board(args.project, lambda board: board.ticket(args.id))
    if args.json:
        print(json.dumps(ticket.model_dump(mode="json"), indent=2))
        return 0
    out.print(Text(f"{ticket.id}: {ticket.title}", style="bold"))
    for label, value in (
        ("status", ticket.status), ("owner", ticket.owner), ("epic", ticket.epic),
        ("due", ticket.due.isoformat() if ticket.due else None),
        ("labels", ", ".join(ticket.labels)),
    ):  # fmt: skip
        out.print(Text(f"  {label}: {value or '-'}"))
    if ticket.description:
        out.print(Text(f"\n{ticket.description}"))
    if ticket.acceptance_criteria:
        out.print("\nAcceptance criteria:")
        for criterion in ticket.acceptance_criteria:
            out.print(Text(f"  - {criterion}"))
    if ticket.gap_notes:
        out.print(gap_table(ticket.gap_notes))
    out.print("\nHistory:")
    for entry in ticket.history:
        change = (
            "created" if entry.field == "created" else f"{entry.field}: {entry.old} -> {entry.new}"
        )
        out.print(Text(f"  {date.fromtimestamp(entry.at).isoformat()} {entry.by}: {change}"))
    return 0


def gap_table(notes: dict[str, Any]) -> Table:
    """The gap notes stored on a ticket: a status per acceptance criterion, with evidence."""
    table = Table(title=f"Gap notes: {notes.get('summary', '')}", title_justify="left")
    for column in ("criterion", "status", "evidence", "where"):
        table.add_column(column, overflow="fold")
    for item in notes.get("criteria", []):
        where = f"{item.get('file') or '-'} ({item.get('chunk') or '-'})"
        table.add_row(
            Text(str(item.get("criterion", ""))), str(item.get("status", "")),
            Text(str(item.get("evidence", ""))), Text(where),
        )  # fmt: skip
    return table


def _criterion(value: str) -> str:
    """An acceptance criterion as stored: without a list marker ("- listed": "listed").

    As ``tickets import`` reads one, so an export imports back unchanged.
    """
    item = ITEM_MARKER.sub("", utf8_text(value)).strip()
    if not item:
        raise argparse.ArgumentTypeError("is empty: say what must be true when it is done")
    return item


def run_add(args: argparse.Namespace) -> int:
    """Add a ticket (or update the one whose title matches)."""
    fields = {"owner": args.owner, "epic": _epic_id(args.epic), "due": args.due,
              "description": args.description, "acceptance_criteria": args.criterion}  # fmt: skip

    async def add(board: Board) -> tuple[str, Ticket, list[str]]:
        await _check_epic(board, args.epic)
        return await board.upsert(args.title, fields, by=BY)

    op, ticket, _ = _on_board(args.project, add)
    return _print_change(args, op, ticket)


def _epic_id(epic: str | None) -> str | None:
    """``--epic`` as stored: an epic's id in capitals (``epic-1``: EPIC-1), else as given."""
    if epic is not None and re.fullmatch(r"EPIC-\d+", epic.strip(), re.IGNORECASE):
        return epic.strip().upper()
    return epic


async def _check_epic(board: Board, epic: str | None) -> None:
    """Refuse ``--epic EPIC-N`` when the project has no such epic (other names are labels)."""
    epic = _epic_id(epic)
    if epic is None or not epic.startswith("EPIC-"):
        return
    known = [e.id for e in await board.epics()]
    if epic not in known:
        listed = ", ".join(known[:10]) or "none yet: add one with cortex epics --add TITLE"
        raise CortexError(f"no epic {epic} in project '{board.project}' ({listed})")


def run_update(args: argparse.Namespace) -> int:
    """Change fields of one ticket."""
    fields = {"status": args.status, "owner": args.owner, "epic": _epic_id(args.epic),
              "due": args.due, "title": args.title}  # fmt: skip
    if all(v is None for v in fields.values()):
        raise CortexError("nothing to change: give --status, --owner, --epic, --due or --title")

    async def update(board: Board) -> tuple[Ticket, list[str]]:
        await _check_epic(board, args.epic)
        return await board.update(args.id, fields, by=BY)

    ticket, changed = _on_board(args.project, update)
    return _print_change(args, "update" if changed else "unchanged", ticket)


def run_export(args: argparse.Namespace) -> int:
    """Print every ticket as CSV or JSON."""
    tickets = _on_board(args.project, lambda board: board.tickets())
    print(export_rows(tickets, "json" if args.json else args.format), end="")
    return 0


def _print_change(args: argparse.Namespace, op: str, ticket: Ticket) -> int:
    if args.json:
        print(json.dumps({"op": op, "ticket": ticket.model_dump(mode="json")}))
    else:
        out.print(Text(f"{op} {ticket.id}: {ticket.title} [{ticket.status}]"))
    return 0


def _on_board(project: str, action: Any) -> Any:
    async def run() -> Any:
        async with open_board(project) as board:
            return await action(board)

    return asyncio.run(run())
