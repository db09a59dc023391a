"""Admin keys for the test servers: the server suites run with access control on.

A server fixture made with ``keyed=True`` creates an admin key with ``cortex keys
create`` before the server starts and files it under the server's URL; tests reach the
server through :func:`admin_client` and :func:`headers`, which send it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from langgraph_sdk import get_client

CORTEX = str(Path(sys.executable).with_name("cortex"))
KEYS: dict[str, str] = {}  # server URL -> its admin key


def make_admin_key(env: dict[str, str], cwd: Path) -> str:
    """A new admin key in the key store ``env``'s ARGOS_* settings name."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    settings = {k: v for k, v in env.items() if k.startswith("ARGOS_")}
    done = subprocess.run(
        [CORTEX, "keys", "create", "--user", "test-admin", "--role", "admin"],
        cwd=cwd, env={**clean, **settings}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def admin_client(url: str) -> Any:
    """``langgraph_sdk``'s client for ``url``, with the server's admin key if it has one."""
    return get_client(url=url, api_key=KEYS.get(url))


def headers(url: str) -> dict[str, str]:
    """The headers that carry ``url``'s admin key (none for a server without keys)."""
    return {"Authorization": f"Bearer {KEYS[url]}"} if url in KEYS else {}
