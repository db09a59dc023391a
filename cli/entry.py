"""The ``cortex`` console script: Ctrl-C while the CLI itself loads is not a traceback.

:mod:`cli.main` imports rich and the CLI's own modules (a fraction of a second, longer on
a busy machine); an interrupt then would print a traceback from the script wrapper.
Only the standard library is imported before the guard.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Load :mod:`cli.main` and run it; an interrupt while loading exits 130."""
    try:
        from cli.main import main as run
    except KeyboardInterrupt:
        sys.stderr.write("cortex: interrupted\n")
        return 130
    return run()


if __name__ == "__main__":
    sys.exit(main())
