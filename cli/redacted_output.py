"""The one place every byte the CLI prints goes through: secrets are masked on the way out.

Results, tables, JSON, log lines and error messages all end in ``sys.stdout`` or
``sys.stderr`` (rich's consoles look them up at print time), so wrapping the two
streams covers them all, including text a library formats itself.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from lanes.core.redact import redact


class RedactingStream:
    """A text stream that masks secrets in everything written to it."""

    def __init__(self, inner: TextIO) -> None:
        """Wrap ``inner``."""
        self._inner = inner

    def write(self, text: str) -> int:
        """Write ``text`` with secrets masked; returns the length asked for."""
        self._inner.write(redact(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each line, masked."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # isatty, fileno, encoding, flush, buffer...: the wrapped stream's own.
        return getattr(self._inner, name)


def install() -> None:
    """Mask secrets in everything this process prints from now on."""
    if not isinstance(sys.stdout, RedactingStream):
        sys.stdout = RedactingStream(sys.stdout)
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr)
