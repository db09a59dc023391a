"""The ``.env`` file, looked at before pydantic-settings reads it.

pydantic-settings reads the whole file and opens a FIFO (waiting for a writer that may
never come), so a ``.env`` that is not a regular file of at most 1 MB is refused by its
type and size, before a byte is read. A missing ``.env`` is fine: it is optional.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lanes.core.bounded_read import MB
from lanes.core.errors import ConfigError

# A .env holds a few dozen KEY=value lines.
ENV_FILE_LIMIT = MB


def check_env_file(env_file: Path | str | None) -> None:
    """Refuse a ``.env`` that is a directory, FIFO, device or socket, or larger than 1 MB.

    Raises:
        ConfigError: naming the file, what it is, and the fix.

    """
    if env_file is None:
        return
    try:
        info = os.stat(Path(env_file).expanduser())  # stat does not block, even on a FIFO
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(
            str(env_file),
            _kind(info.st_mode),
            "settings are read only from a regular file: make it a file of ARGOS_*=value "
            "lines, or remove it",
        )
    if info.st_size > ENV_FILE_LIMIT:
        raise ConfigError(
            str(env_file),
            f"{info.st_size:,} bytes",
            f"a settings file is at most {ENV_FILE_LIMIT // MB} MB: keep only its "
            "ARGOS_*=value lines, or remove it",
        )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a device or socket"
