"""What the user typed, made safe: requests from argv or stdin, and project names."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from nodes.routing.request_view import clean_request
from stores.projects import InvalidProjectName, check_project


def project_name(value: str) -> str:
    """An argparse ``type`` for ``--project``: refused before anything runs."""
    try:
        return check_project(value)
    except InvalidProjectName as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def request_text(text: str) -> str:
    """The request from TEXT, or all of stdin for ``-``; cleaned of invalid bytes."""
    if text == "-":
        return clean_request(sys.stdin.buffer.read().decode("utf-8", "replace"))
    return clean_request(text)


def stdin_lines() -> Iterator[str]:
    """Non-blank lines of stdin as text, whatever bytes they hold."""
    for raw in sys.stdin.buffer:
        line = clean_request(raw.decode("utf-8", "replace"))
        if line:
            yield line
