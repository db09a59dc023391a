"""The ``cortex`` subcommands: which module registers and runs each, and its one-line help.

``cortex`` imports only the chosen command's module, so ``cortex tickets`` does not load
the graphs and the model stack, and ``cortex --help`` loads none of them.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "lanes": ("cli.lanes_cmd", "show how each lane resolves"),
    "ping": ("cli.ping_cmd", "send one short request to each lane"),
    "route": ("cli.route_cmd", "decide which lanes a request needs, without running them"),
    "ask": ("cli.ask_cmd", "answer a request with the supervisor graph"),
    "ingest": ("cli.ingest_cmd", "add text files to a project's knowledge base"),
    "records": (
        "cli.records_cmd",
        "list a project's stored analyses, gap notes, verdicts and plans",
    ),
    "tickets": (
        "cli.tickets_cmd",
        "list, show, add, update, import or export a project's tickets",
    ),
    "roadmap": (
        "cli.roadmap_cmd",
        "print the project's latest roadmap (or build one from its epics)",
    ),
    "epics": ("cli.roadmap_cmd", "list a project's epics, or add one"),
    "serve": (
        "cli.serve_cmd",
        "start the team server: the graphs on N workers over Postgres and Redis",
    ),
    "keys": ("cli.keys_cmd", "create, list or revoke the team server's API keys"),
    "models": (
        "cli.models_cmd",
        "list or download every lane's model (outside the containers)",
    ),
}


def help_of(command: str) -> str:
    """The one-line help of ``command``, as ``cortex --help`` lists it."""
    return COMMANDS[command][1]


def command_in(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names, if any (``-v`` and ``--metrics FILE`` may come first)."""
    tokens = iter(argv)
    for token in tokens:
        if token in ("-v", "--verbose") or token.startswith("--metrics="):
            continue
        if token == "--metrics":
            next(tokens, None)  # its FILE
            continue
        return token if token in COMMANDS else None
    return None
