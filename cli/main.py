"""The ``cortex`` command: subcommands, logging, and one-line errors."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from rich.logging import RichHandler

from cli import redacted_output
from cli.commands import COMMANDS, command_in
from cli.console import err
from cli.observe import log_events, write_metrics
from lanes.core.errors import ConfigError, CortexError

_EPILOG = """\
Every setting is an ARGOS_* environment variable (or a line in ./.env); with none set,
every lane runs the embedded model in-process. See README.md.
"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand's, or with ``argv`` only the one it names.

    Each command's module brings its own dependencies (the graphs, the model stack), so
    a command imports only its own; the others are listed by name and help.
    """
    parser = argparse.ArgumentParser(
        prog="cortex",
        description="Cortex Lanes: route every request to the right model lane.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log lane resolution, model loading and every lane call",
    )
    parser.add_argument(
        "--metrics",
        metavar="FILE",
        type=_metrics_file,
        help=(
            "after the command, write this process's Prometheus metrics to FILE (replaced "
            "whole: node_exporter's textfile collector reads it), or to stderr with -"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = list(COMMANDS) if argv is None else [command_in(list(argv))]
    for module in dict.fromkeys(COMMANDS[name][0] for name in wanted if name):
        importlib.import_module(module).register(commands)
    for name, (_, text) in COMMANDS.items():  # listed in --help; loaded only when chosen
        if name not in commands.choices:
            commands.add_parser(name, help=text)
    return parser


def _metrics_file(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give a file, or - for stderr")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cortex``; returns the process exit code."""
    redacted_output.install()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:  # a command's imports take a second or two: Ctrl-C there is no traceback either
        args = build_parser(argv).parse_args(argv)
    except KeyboardInterrupt:
        _fail("cortex: interrupted")
        return 130
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
    )
    # llama.cpp logs loudly while loading; its errors still show.
    logging.getLogger("llama.cpp").setLevel(logging.DEBUG if args.verbose else logging.ERROR)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        log_events(verbose=args.verbose)
        try:
            return run(args)
        finally:
            if args.metrics:
                write_metrics(args.metrics)
    except ConfigError as exc:
        _fail(f"cortex: configuration error: {exc}")
        return 2
    except CortexError as exc:
        _fail(f"cortex: {exc}")
        return 1
    except KeyboardInterrupt:
        _fail("cortex: interrupted")
        return 130
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _fail(f"cortex: {exc.strerror or exc}{where}")
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        logging.getLogger("cortex").info("internal error", exc_info=True)
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        _fail(
            f"cortex: internal error: {type(exc).__name__}: {detail} "
            "(this is a bug; run with -v to see where, and report it)"
        )
        return 70


def _fail(message: str) -> None:
    # One line whatever the terminal width, with no markup read into the message.
    err.print(message, markup=False, highlight=False, soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
