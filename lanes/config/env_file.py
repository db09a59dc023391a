"""The ``.env`` file, looked at before pydantic-settings reads it.

pydantic-settings reads the whole file and opens a FIFO (waiting for a writer that may
never come), so a ``.env`` that is not a regular file of at most 1 MB is refused by its
type and size, before a byte is read. A missing ``.env`` is fine: it is optional.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from dotenv.parser import parse_stream

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
    _check_lines(Path(env_file).expanduser(), str(env_file))


def _check_lines(path: Path, shown: str) -> None:
    """Refuse a line python-dotenv cannot parse, which it would skip with a warning.

    Only the line's name is shown, never its value: the value may be a key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # pydantic-settings' own reading says what is wrong with the file
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            name = binding.original.string.split("=", 1)[0].strip()[:60]
            raise ConfigError(
                f"{shown} line {binding.original.line}",
                name,
                "the line cannot be read: write it as NAME=value with its quotes closed, "
                "or remove it",
            )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a device or socket"
