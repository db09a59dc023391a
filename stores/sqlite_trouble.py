"""What a SQLite file's error means for the person who has to fix it.

A file that is not a database (damaged, or another file under its name) needs restoring;
a full disk or a folder that cannot be written needs space or permissions, and removing
the file would lose what it holds. Each says which file, and what to do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lanes.core.errors import CortexError

_DAMAGED = ("file is not a database", "malformed", "file is encrypted")


class DataFileError(CortexError):
    """One of the SQLite files under ARGOS_DATA_DIR cannot be used; the message says why."""


def data_file_error(path: Path, exc: sqlite3.Error) -> DataFileError:
    """The error to raise for ``exc`` on the SQLite file ``path``, with its fix.

    ``path`` may be the data folder, when the error came while several of its files
    were in use and which one is not known.
    """
    said = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    what = f"a database in {path}" if path.is_dir() else str(path)
    if any(sign in said.lower() for sign in _DAMAGED):
        fix = "move it aside and restore it from a backup (the rest of the data is untouched)"
        return DataFileError(f"{what} is damaged or not a database ({said}): {fix}")
    fix = "check the free space and the permissions of ARGOS_DATA_DIR; nothing was removed"
    return DataFileError(f"{what} cannot be used ({said}): {fix}")
