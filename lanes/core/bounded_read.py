"""Reading files and JSON that somebody else wrote, with a stated limit.

Every file Cortex reads on a user's say-so (imports, manifests, routing examples,
``.env``) goes through here: special files (``/dev/zero``, FIFOs, sockets, devices) are
refused before a byte is read, a file larger than its limit is refused by its size, and
JSON nested deeper than a limit is refused before it is parsed. Messages are one line
and never echo more than a short prefix of what was read.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from lanes.core.errors import CortexError

MB = 1024 * 1024
MAX_REQUEST_BYTES = 32 * MB  # one request: a message on stdin, a server request body
MAX_DEPTH = 64  # nesting of JSON arrays and objects
PREFIX_CHARS = 60
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class UnreadableInput(CortexError):
    """A file or value that Cortex will not read: special, too large, too deep or not text."""


def read_bytes(path: Path | str, *, limit: int, what: str = "file") -> bytes:
    """At most ``limit`` bytes of a regular file.

    Raises:
        UnreadableInput: not a regular file, larger than ``limit``, or unreadable.

    """
    shown = short(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except OSError as exc:
        raise UnreadableInput(f"{what} {shown}: cannot open it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput(f"{what} {shown} is a directory; give a file's path")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(
                f"{what} {shown} is not a regular file (a device, FIFO or socket); "
                "give a file's path"
            )
        if info.st_size > limit:
            raise UnreadableInput(f"{what} {shown} is larger than {size_text(limit)}; split it")
        chunks, total = [], 0
        while total <= limit:  # the file may grow while it is read: stop one past the limit
            chunk = os.read(fd, min(MB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UnreadableInput(f"{what} {shown} is larger than {size_text(limit)}; split it")
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableInput(f"{what} {shown}: cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_text(path: Path | str, *, limit: int, what: str = "file") -> str:
    """A regular UTF-8 file of at most ``limit`` bytes (a byte-order mark is dropped).

    Raises:
        UnreadableInput: as ``read_bytes``, or the bytes are not UTF-8.

    """
    data = read_bytes(path, limit=limit, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"{what} {short(str(path))} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def loads_json(text: str, *, what: str = "JSON", max_depth: int = MAX_DEPTH) -> Any:
    """Parsed JSON, refused when nested deeper than ``max_depth``.

    Raises:
        UnreadableInput: too deep, or not valid JSON (with the line and column).

    """
    deepest = depth(text)
    if deepest > max_depth:
        raise UnreadableInput(
            f"{what} is nested {deepest} levels deep; at most {max_depth} are read"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"{what} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except ValueError as exc:  # a number longer than Python reads (4,300 digits)
        raise UnreadableInput(f"{what} cannot be read: {str(exc).splitlines()[0][:120]}") from None
    except RecursionError:  # pragma: no cover - depth() already refused it
        raise UnreadableInput(f"{what} is nested too deep; at most {max_depth} levels") from None


def depth(text: str) -> int:
    """How deep JSON arrays and objects nest in ``text`` (strings are skipped)."""
    level = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return deepest


def short(value: object, limit: int = PREFIX_CHARS) -> str:
    """``repr`` of a value cut to ``limit`` characters, saying how long it was."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def size_text(limit: int) -> str:
    """A limit as people say it: ``50 MB``, or bytes when it is not whole megabytes."""
    return f"{limit // MB} MB" if limit >= MB and limit % MB == 0 else f"{limit:,} bytes"
