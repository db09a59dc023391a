"""Run the installed ``cortex`` script as a user would, with no ARGOS_* settings inherited."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORTEX = str(Path(sys.executable).with_name("cortex"))


def cortex(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """``cortex ARGS`` with only the ``ARGOS_*`` variables given in ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    return subprocess.run(
        [CORTEX, *args],
        cwd=cwd,
        env={**clean, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
