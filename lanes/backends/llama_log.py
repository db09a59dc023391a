"""Send llama.cpp's own log lines to Python logging (logger ``llama.cpp``).

llama-cpp-python prints them to stderr with a level table that predates ggml's current
one (NONE=0, DEBUG=1, INFO=2, WARN=3, ERROR=4, CONT=5), so tuning hints show up as
errors. Here they go through logging, where the CLI shows only real errors.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from typing import Any

logger = logging.getLogger("llama.cpp")

_LEVELS = {0: logging.CRITICAL, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING}
_state = {"last": logging.DEBUG}
_installed: list[Any] = []  # holds the ctypes callback so it is never garbage-collected
_lock = threading.Lock()


def route_llama_logs() -> None:
    """Install the callback once per process."""
    with _lock:
        if _installed:
            return
        # Imported here: loading llama.cpp's shared library is heavy; only a load needs it.
        import llama_cpp

        @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
        def _callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
            python_level = _state["last"] if level == 5 else _LEVELS.get(level, logging.ERROR)
            _state["last"] = python_level
            line = text.decode("utf-8", errors="replace").rstrip()
            if line:
                logger.log(python_level, "%s", line)

        llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
        _installed.append(_callback)
