"""What one ``cortex`` process shows an operator: event log lines and its metrics.

``ARGOS_LOG_FORMAT`` (text or json) sends a line per lane call, fallback and breaker
change to stderr; ``-v`` does too, as text. ``--metrics`` writes the process's Prometheus
metrics when the command ends (a one-off process has no server to scrape).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from lanes.config.settings import load_settings
from lanes.core.errors import CortexError
from lanes.telemetry.log_format import send_events
from lanes.telemetry.metrics import exposition


def log_events(*, verbose: bool) -> None:
    """Event lines to stderr when ``ARGOS_LOG_FORMAT`` is set or ``-v`` is given; else none.

    Without either, a fallback is in the command's own output (the trace), not a log line.
    """
    chosen = load_settings().global_.log_format
    send_events(chosen or "text" if chosen is not None or verbose else None)


def write_metrics(target: str) -> None:
    """The metrics in the Prometheus text format: to stderr (``-``) or to the file ``target``.

    A file is written beside itself and renamed into place, so a collector never reads
    half of it; a device or a pipe (``/dev/stdout``) is written to, never replaced.
    """
    text = exposition()[0].decode()
    if target == "-":
        sys.stderr.write(text)
        return
    path = Path(target).expanduser()
    if path.is_dir():
        raise CortexError(f"cannot write the metrics to {path}: it is a folder (give a file)")
    try:
        if path.exists() and not path.is_file():  # /dev/stdout, a pipe: written, never replaced
            with path.open("w") as stream:
                stream.write(text)
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        except OSError as exc:  # the file is written beside itself: its folder must take one
            why = "does not exist" if not path.parent.is_dir() else "does not take new files"
            raise CortexError(
                f"cannot write the metrics to {path}: its folder {path.parent} {why}"
                f" ({exc.strerror or exc}); give a file in a folder you can write to"
            ) from None
        try:
            with os.fdopen(handle, "w") as file:
                file.write(text)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:
        raise CortexError(
            f"cannot write the metrics to {path}: {exc.strerror or exc} (give a writable file)"
        ) from None
