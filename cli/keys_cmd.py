"""``cortex keys``: create, list and revoke the team server's API keys.

A key is printed once, by ``create``; ``list`` shows ids, users, roles and projects,
never a key. Keys live where the board does (``ARGOS_DATABASE_URL``, else
``ARGOS_DATA_DIR``), so every worker of the team server sees a change on its next request.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from rich.table import Table

from cli.commands import help_of
from cli.console import err, out
from cli.inputs import project_name
from lanes.config.settings import load_settings
from stores.api_keys import ROLES, KeyStore


def register(commands: Any) -> None:
    """Add the ``keys`` subcommand and its ``create``, ``list`` and ``revoke``."""
    parser = commands.add_parser(
        "keys",
        help=help_of("keys"),
        description=(
            "Manage the team server's API keys. Clients send a key as a bearer token in "
            "the Authorization header (langgraph_sdk: get_client's api_key argument). "
            "A member uses only its projects and its own threads; an admin "
            "uses every project and thread and may write the board directly. With no key, "
            "the server answers only clients on the same machine."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make a key and print it (shown only once)")
    create.add_argument("--user", required=True, help="who the key is for, e.g. alice")
    create.add_argument("--role", choices=ROLES, default="member", help="default: member")
    create.add_argument(
        "--project",
        type=project_name,
        action="append",
        default=[],
        help="a project the key may use (repeat for several; admins may use all)",
    )
    create.set_defaults(run=run_create)
    listing = actions.add_parser("list", help="list keys (ids, users, roles; never the key)")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(run=run_list)
    revoke = actions.add_parser("revoke", help="revoke a key by its id, or all of a user's")
    revoke.add_argument("id_or_user", help="a key id from `cortex keys list`, or a user name")
    revoke.set_defaults(run=run_revoke)


def _store() -> KeyStore:
    return KeyStore.of(load_settings().global_)


def run_create(args: argparse.Namespace) -> int:
    """Make a key; the key alone on stdout, what it is for on stderr."""
    store = _store()
    try:
        record, key = store.create(args.user, args.role, args.project)
    finally:
        store.close()
    projects = ", ".join(record.projects) or "every project"
    err.print(
        f"key {record.id} for {record.user} ({record.role}; {projects}). It is shown only "
        "now: keep it in a secret store."
    )
    # The one thing cortex prints unmasked (its output is otherwise redacted, keys too).
    stdout = sys.__stdout__ or sys.stdout
    stdout.write(key + "\n")
    stdout.flush()
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print every key's record."""
    store = _store()
    try:
        records = store.records()
    finally:
        store.close()
    if args.json:
        print(json.dumps([r.to_dict() for r in records], indent=2))
        return 0
    table = Table(title="API keys")
    for column in ("id", "user", "role", "projects", "created", "state"):
        table.add_column(column, overflow="fold")
    for r in records:
        state = "active" if r.revoked_at is None else f"revoked {_when(r.revoked_at)}"
        projects = ", ".join(r.projects) or ("all" if r.admin else "-")
        table.add_row(r.id, r.user, r.role, projects, _when(r.created_at), state)
    out.print(table)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke; says which keys."""
    store = _store()
    try:
        revoked = store.revoke(args.id_or_user)
    finally:
        store.close()
    for record in revoked:
        out.print(f"revoked key {record.id} of {record.user}")
    return 0


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at))
