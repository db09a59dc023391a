"""``cortex serve`` for the tests: the team server on a real PostgreSQL and Redis."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration.keys import KEYS, make_admin_key
from tests.integration.servers import free_port, serve

CORTEX = str(Path(sys.executable).with_name("cortex"))


def team_env(folder: Path, database: str, redis: str) -> dict[str, str]:
    """A user's environment naming only the shared database and Redis."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    return clean | {
        "ARGOS_DATABASE_URL": database,
        "ARGOS_REDIS_URL": redis,
        "ARGOS_DATA_DIR": str(folder / "data"),
        "LANGSMITH_TRACING": "false",
    }


@contextmanager
def team_server(
    folder: Path,
    database: str,
    redis: str,
    *,
    workers: int = 2,
    jobs: int = 10,
    settings: dict[str, str] | None = None,
    keyed: bool = False,
) -> Iterator[tuple[str, Path]]:
    """``cortex serve --workers N`` (with ``settings``, ARGOS_* ones) until the block ends.

    ``keyed``: with an admin key made first (:mod:`tests.integration.keys`). Yields the
    server's URL and log.
    """
    port = free_port()
    command = [CORTEX, "serve", "--workers", str(workers), "--jobs-per-worker", str(jobs),
               "--port", str(port)]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    log = folder / f"serve-{port}.log"
    # A dead worker's run is retried once its lease lapses: aegra's 30 s lease and 15 s
    # reaper, shortened so the kill test takes seconds (the mechanism is the same).
    env = (
        team_env(folder, database, redis)
        | {
            "LEASE_DURATION_SECONDS": "8",
            "HEARTBEAT_INTERVAL_SECONDS": "2",
            "REAPER_INTERVAL_SECONDS": "3",
            "CRON_POLL_INTERVAL_SECONDS": "5",  # aegra's 60: a cron test would wait minutes
        }
        | (settings or {})
    )
    if keyed:
        KEYS[url] = make_admin_key(env, folder)
    try:
        with serve(command, ready_url=f"{url}/health", log=log, cwd=folder, env=env,
                   timeout_s=180):  # fmt: skip
            yield url, log
    finally:
        KEYS.pop(url, None)
