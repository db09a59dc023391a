"""Inputs that must be refused at once, in one line: special files, sparse giants.

Shared by the tests of every reader that takes a path from a user (imports, the
manifest, routing examples, ``.env``, evaluation sets).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from lanes.core.bounded_read import MB
from lanes.core.errors import CortexError

REFUSE_WITHIN_S = 5.0


class HostileFiles(NamedTuple):
    """A character device, a FIFO nobody writes to, and a 1 GB sparse file."""

    device: Path
    fifo: Path
    sparse: Path


def hostile_files(folder: Path, name: str) -> HostileFiles:
    """``/dev/zero``, a FIFO and a sparse gigabyte, the last two named ``name`` in ``folder``."""
    fifo, sparse = folder / f"fifo-{name}", folder / f"sparse-{name}"
    os.mkfifo(fifo)
    with sparse.open("wb") as f:
        f.truncate(1024 * MB)
    return HostileFiles(Path("/dev/zero"), fifo, sparse)


def refused(
    read: Callable[[], object], error: type[BaseException] = CortexError, max_chars: int = 400
) -> str:
    """The message ``read`` fails with: ``error``, within 5 s, one line, short."""
    started = time.monotonic()
    with pytest.raises(error) as caught:
        read()
    assert time.monotonic() - started < REFUSE_WITHIN_S
    message = str(caught.value)
    assert "\n" not in message and len(message) < max_chars, message
    return message
