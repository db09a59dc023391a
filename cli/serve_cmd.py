"""``cortex serve``: the team server, the same graphs on several workers over Postgres and Redis.

The engine is aegra (``docs/deployment.md`` says why): an Apache-2.0 Agent Protocol
server that ``langgraph_sdk`` and Studio talk to, serving ``langgraph.json``'s graphs and
custom routes, with runs queued in Redis, claimed and leased in Postgres, and a reaper
that retries a run whose worker died. ``cortex serve`` checks what the server cannot run
without (the database, Redis, the config), prepares the database once (the engine's
migrations and LangGraph's tables, under the database's advisory lock so that servers
starting at once do not race), then becomes ``uvicorn`` with ``--workers N``: a worker
that dies is started again.

The graphs' store is the engine's Postgres store in the same database as
``ARGOS_DATABASE_URL``, the board ``cortex`` reads and writes there too: one board.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from cli.commands import help_of
from cli.console import out
from lanes.config.settings import GlobalSettings, load_settings
from lanes.core.errors import CortexError
from lanes.core.loopback import is_loopback
from lanes.core.redact import redact_url
from lanes.telemetry.metrics import MULTIPROC_ENV
from stores.api_keys import KeyStore
from stores.postgres import advisory_lock, postgres_checkpointer, postgres_records

CONFIG = Path(__file__).resolve().parents[1] / "langgraph.json"
DEFAULT_PORT = 2026
MAX_WORKERS = 64
REDIS_TIMEOUT_S = 5.0


class ServeError(CortexError):
    """The team server cannot start: a setting, the database or Redis is missing."""


def register(commands: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = commands.add_parser(
        "serve",
        help=help_of("serve"),
        description=(
            "Start the team server: the graphs of langgraph.json on N worker processes, "
            "threads, runs and the board in ARGOS_DATABASE_URL's PostgreSQL, the run queue "
            "in ARGOS_REDIS_URL's Redis. LangGraph Studio and langgraph_sdk connect to "
            "http://HOST:PORT; `cortex` on any machine with the same ARGOS_DATABASE_URL "
            "shares its board."
        ),
    )
    parser.add_argument("--workers", type=_workers, default=2, help="worker processes (2)")
    parser.add_argument(
        "--jobs-per-worker", type=_workers, default=10, help="runs at once per worker (10)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    parser.add_argument(
        "--config", type=Path, default=CONFIG, help="langgraph.json to serve (this project's)"
    )
    parser.add_argument(
        "--check", action="store_true", help="check and prepare everything, then exit"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check, prepare the database, then replace this process with the server."""
    settings = load_settings().global_
    env = engine_env(settings, args)
    env[MULTIPROC_ENV] = str(metrics_folder(settings, args.port))
    os.environ.update(env)  # the engine reads its settings when first imported, below
    asyncio.run(_prepare(settings))
    _check_access(settings, args)
    out.print(
        f"team server: {args.workers} workers on http://{args.host}:{args.port}, database "
        f"{redact_url(env['DATABASE_URL'])}, Redis {redact_url(env['REDIS_URL'])}"
    )
    if args.check:
        return 0
    sys.stdout.flush()
    command = [
        sys.executable, "-m", "uvicorn", "aegra_api.main:app",
        "--host", args.host, "--port", str(args.port), "--workers", str(args.workers),
    ]  # fmt: skip
    os.execve(sys.executable, command, {**os.environ, **env})
    return 1  # not reached


def metrics_folder(settings: GlobalSettings, port: int) -> Path:
    """Where the workers write their metrics (prometheus-client's multiprocess mode).

    ``PROMETHEUS_MULTIPROC_DIR`` when set (the operator keeps it); else a folder of this
    server's under ``ARGOS_DATA_DIR``, emptied at start: a new server's counters start at
    zero, as Prometheus expects of a restarted target.
    """
    if chosen := os.environ.get(MULTIPROC_ENV):
        folder = Path(chosen).expanduser()
        fresh = False
    else:
        folder = settings.data_dir.expanduser().resolve() / "metrics" / str(port)
        fresh = True
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db") if fresh else ():
            old.unlink()
    except OSError as exc:
        raise ServeError(
            f"cannot prepare the metrics folder {folder}: {exc.strerror or exc} "
            f"(set {MULTIPROC_ENV} to a writable folder)"
        ) from None
    return folder


def _check_access(settings: GlobalSettings, args: argparse.Namespace) -> None:
    """The config's auth loads, and without keys the server binds loopback only.

    The engine would start without its auth if the module failed to load, letting every
    caller in as one anonymous user: it is loaded here first, so that is one line instead.
    """
    config = args.config.expanduser().resolve()
    try:
        path = json.loads(config.read_text())["auth"]["path"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ServeError(
            f'{config} has no "auth": {{"path": ...}}: the team server does not run '
            "without access control (this project's langgraph.json has it)"
        ) from None
    _load_auth(config.parent, path)
    if KeyStore.of(settings).any_active():
        return
    if not is_loopback(args.host):
        raise ServeError(
            f"no API keys yet, so the server may not listen on {args.host}: create one with "
            "`cortex keys create --user NAME --role admin`, or bind --host 127.0.0.1"
        )
    out.print(
        "no API keys yet: the server answers only clients on this machine until "
        "`cortex keys create` makes one"
    )


def _load_auth(folder: Path, path: str) -> None:
    """Import ``file.py:name`` as the engine will, or say why it cannot be."""
    file, _, name = path.partition(":")
    location = (folder / file).resolve()
    spec = importlib.util.spec_from_file_location("_cortex_serve_auth", location)
    try:
        if spec is None or spec.loader is None:
            raise ImportError(f"not a Python file: {location}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        getattr(module, name or "auth")
    except Exception as exc:  # noqa: BLE001 - whatever the module raises, one line
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ServeError(f"the auth at {path} does not load ({reason}): fix it") from None


def engine_env(settings: GlobalSettings, args: argparse.Namespace) -> dict[str, str]:
    """The engine's settings from ours; a missing one is a ServeError naming it."""
    if settings.database_url is None:
        raise ServeError(
            "cortex serve needs ARGOS_DATABASE_URL (the team's PostgreSQL, for example "
            "postgresql://cortex@db:5432/cortex); see docs/deployment.md"
        )
    if not settings.redis_url:
        raise ServeError(
            "cortex serve needs ARGOS_REDIS_URL (the run queue, for example "
            "redis://localhost:6379/0); see docs/deployment.md"
        )
    config = args.config.expanduser().resolve()
    if not config.is_file():
        raise ServeError(f"no langgraph.json at {config}: give the project's with --config")
    return {
        "DATABASE_URL": settings.database_url.get_secret_value(),
        "REDIS_BROKER_ENABLED": "true",
        "REDIS_URL": settings.redis_url,
        "AEGRA_CONFIG": str(config),
        "RUN_MIGRATIONS_ON_STARTUP": "false",  # done once, under the lock, in _prepare
        "WORKER_COUNT": "1",
        "N_JOBS_PER_WORKER": str(args.jobs_per_worker),
        "HOST": args.host,
        "PORT": str(args.port),
    }


async def _prepare(settings: GlobalSettings) -> None:
    assert settings.database_url is not None and settings.redis_url
    url = settings.database_url.get_secret_value()
    await _ping_redis(settings.redis_url)
    async with postgres_records(url), postgres_checkpointer(url):
        pass  # LangGraph's store and checkpoint tables, set up under the lock
    async with advisory_lock(url, "setup", wait_s=120):
        try:
            await _engine_tables()
        except Exception as exc:  # noqa: BLE001 - alembic and drivers raise their own types
            message = " ".join(str(exc).split())[:300]
            raise ServeError(f"the engine could not prepare the database: {message}") from None


async def _engine_tables() -> None:
    """The engine's migrations, and one assistant per graph, before any worker starts.

    Workers starting at once on a new database each insert the default assistants, and
    the loser's start fails the whole server (seen with two): made here, once, they
    find them.
    """
    from aegra_api.core.database import db_manager
    from aegra_api.core.migrations import run_migrations_async
    from aegra_api.services.langgraph_service import get_langgraph_service

    await run_migrations_async()
    await db_manager.initialize()
    try:
        await get_langgraph_service().initialize()
    finally:
        await db_manager.close()


async def _ping_redis(url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S)
    try:
        await client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means the queue is not there
        raise ServeError(
            f"Redis at {redact_url(url)} does not answer ({type(exc).__name__}: {exc}): start "
            "it, or fix ARGOS_REDIS_URL"
        ) from None
    finally:
        await client.aclose()


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"give 1 to {MAX_WORKERS}, not {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"give a port from 1 to 65535, not {value}")
    return value
