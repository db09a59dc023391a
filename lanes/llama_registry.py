"""One in-process ``Llama`` per model file, shared by every lane that uses that file.

Memory is counted once however many lanes point at a file, and calls into one model
are serialized by its lock: a llama.cpp context is not safe to use from two threads.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from llama_cpp import Llama

logger = logging.getLogger(__name__)


@dataclass
class SharedLlama:
    """A loaded model and the lock that serializes calls into it."""

    llama: Llama
    n_ctx: int
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def has_chat_template(self) -> bool:
        """Whether the GGUF carries its own chat template (instruction-tuned models do)."""
        return "tokenizer.chat_template" in (self.llama.metadata or {})


_models: dict[Path, SharedLlama] = {}
_registry_lock = threading.Lock()


def shared_llama(path: Path, n_ctx: int) -> SharedLlama:
    """The loaded model for ``path``, loading it on first use.

    The first caller's ``n_ctx`` sizes the context; lanes sharing one file should
    share one context window (the resolver gives every embedded lane the same one).
    """
    key = path.resolve()
    with _registry_lock:
        shared = _models.get(key)
        if shared is None:
            from llama_cpp import Llama

            from lanes.llama_log import route_llama_logs

            route_llama_logs()
            logger.info("loading %s in-process (n_ctx=%d)", key, n_ctx)
            llama = Llama(
                model_path=str(key),
                n_ctx=n_ctx,
                # llama-cpp-python defaults to half the cores; decoding is faster on all.
                n_threads=os.cpu_count() or 1,
                verbose=False,
            )
            shared = _models[key] = SharedLlama(llama=llama, n_ctx=n_ctx)
            if len(_models) == 1:
                atexit.register(close_all)
        elif n_ctx > shared.n_ctx:
            logger.warning(
                "%s is already loaded with n_ctx=%d; a lane asked for %d and gets %d",
                key,
                shared.n_ctx,
                n_ctx,
                shared.n_ctx,
            )
        return shared


def close_all() -> None:
    """Free every loaded model now, while the interpreter can still run its code.

    Left to the garbage collector at interpreter shutdown, llama-cpp-python's
    finalizers run after ``sys.meta_path`` is gone and print "Exception ignored".
    """
    with _registry_lock:
        models = list(_models.values())
        _models.clear()
    for shared in models:
        # A generation still running (the user pressed Ctrl-C) keeps its model: exit
        # must not wait on it.
        if shared.lock.acquire(timeout=2):
            try:
                shared.llama.close()
            finally:
                shared.lock.release()


def loaded_models() -> dict[Path, SharedLlama]:
    """The models loaded so far (for health reports and tests)."""
    with _registry_lock:
        return dict(_models)
