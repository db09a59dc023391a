"""What the user typed, made safe: requests from argv or stdin, and project names."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from lanes.core.bounded_read import MAX_REQUEST_BYTES, MB, UnreadableInput, size_text
from nodes.routing.request_view import clean_request
from stores.projects import InvalidProjectName, check_project

# One request per line: a line longer than this is refused (and skipped, a megabyte at a
# time), so a stream without newlines cannot fill memory.
MAX_LINE_BYTES = MB


class RequestLine(NamedTuple):
    """One line of a request stream: its number, its text, or why it is not a request."""

    number: int
    text: str
    error: str | None


def project_name(value: str) -> str:
    """An argparse ``type`` for ``--project``: refused before anything runs."""
    try:
        return check_project(value)
    except InvalidProjectName as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def utf8_text(value: str) -> str:
    """A text argument stored as given; bytes that are not UTF-8 are refused, not stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "is not valid UTF-8: retype it, or set the terminal to UTF-8"
        ) from None
    return value


def named(value: str) -> str:
    """A name or id argument: UTF-8 (see ``utf8_text``) and not empty."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give a name or id")
    return utf8_text(value)


def given_path(value: str) -> Path:
    """A path argument; an empty one is refused rather than read as the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the path is empty: give a file or folder ('.' for here)")
    return Path(value)


def given_file(value: str) -> Path:
    """A file argument; an empty one is refused rather than read as the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the path is empty: give the file's path")
    return Path(value)


def request_text(text: str) -> str:
    """The request from TEXT, or all of stdin for ``-``; cleaned of invalid bytes."""
    if text == "-":
        data = sys.stdin.buffer.read(MAX_REQUEST_BYTES + 1)
        if len(data) > MAX_REQUEST_BYTES:
            raise UnreadableInput(
                f"the request on stdin is larger than {size_text(MAX_REQUEST_BYTES)}; split it, "
                "or ingest it as a document: cortex ingest PATH"
            )
        return clean_request(data.decode("utf-8", "replace"))
    return clean_request(text)


def request_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[RequestLine]:
    """Every line of ``stream``, numbered from 1: blank and over-long ones carry an error.

    Nothing is skipped, so output line N can answer input line N; whatever bytes a line
    holds, its text is valid Unicode.
    """
    shown = f"{limit // MB} MB" if limit % MB == 0 else f"{limit:,} bytes"
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            yield RequestLine(
                number, "", f"request longer than {shown}; give at most {shown} per line"
            )
            while raw and not raw.endswith(b"\n"):  # the rest of that line, a chunk at a time
                raw = stream.readline(MB)
            continue
        text = clean_request(raw.decode("utf-8", "replace"))
        error = None if text else "empty request; give one request per line"
        yield RequestLine(number, text, error)
