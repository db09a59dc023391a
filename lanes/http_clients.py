"""Async HTTP clients for OpenAI-compatible lanes: one per event loop and endpoint.

langchain-openai caches one client per process; its connections belong to the event
loop that opened them, so a second loop (a CLI call after another, each test) would
reuse dead connections ("Event loop is closed"). Here connections are reused within a
loop and never across loops.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

import openai

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, float], Any]]
_clients = weakref.WeakKeyDictionary()


def async_client_for(base_url: str, timeout_s: float) -> Any | None:
    """The running loop's client for ``base_url``; None outside a loop (sync use)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    per_loop = _clients.setdefault(loop, {})
    key = (base_url, timeout_s)
    if key not in per_loop:
        per_loop[key] = openai.DefaultAsyncHttpxClient(timeout=timeout_s)
    return per_loop[key]
