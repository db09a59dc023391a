"""The in-process models of one gateway: one ``Llama`` per model file, however many lanes.

Memory is counted once however many lanes point at a file, and calls into one model
are serialized by its lock: a llama.cpp context is not safe to use from two threads.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lanes.backends.llama_log import route_llama_logs

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


class LlamaRegistry:
    """Loaded models by file; a gateway owns one and closes it."""

    def __init__(self) -> None:
        """Empty: models load on first use."""
        self._lock = threading.Lock()
        self._models: dict[Path, SharedLlama] = {}
        # Left to the garbage collector at interpreter shutdown, llama-cpp-python's
        # finalizers run after ``sys.meta_path`` is gone and print "Exception ignored".
        atexit.register(_close_if_alive, weakref.ref(self))

    def get(self, path: Path, n_ctx: int) -> SharedLlama:
        """The loaded model for ``path``, loading it on first use.

        The first caller's ``n_ctx`` sizes the context; lanes sharing one file should
        share one context window (the resolver gives every embedded lane the same one).
        """
        key = path.resolve()
        with self._lock:
            shared = self._models.get(key)
            if shared is None:
                shared = self._models[key] = SharedLlama(llama=_load(key, n_ctx), n_ctx=n_ctx)
            elif n_ctx > shared.n_ctx:
                logger.warning(
                    "%s is already loaded with n_ctx=%d; a lane asked for %d and gets %d",
                    key,
                    shared.n_ctx,
                    n_ctx,
                    shared.n_ctx,
                )
            return shared

    def loaded(self) -> dict[Path, SharedLlama]:
        """The models loaded so far (for health reports and tests)."""
        with self._lock:
            return dict(self._models)

    def close(self) -> None:
        """Free every loaded model now."""
        with self._lock:
            models = list(self._models.values())
            self._models.clear()
        for shared in models:
            # A generation still running (the user pressed Ctrl-C) keeps its model: exit
            # must not wait on it.
            if shared.lock.acquire(timeout=2):
                try:
                    shared.llama.close()
                finally:
                    shared.lock.release()


def _load(path: Path, n_ctx: int) -> Llama:
    # Imported here: loading llama.cpp's shared library is heavy; only a load needs it.
    from llama_cpp import Llama

    route_llama_logs()
    logger.info("loading %s in-process (n_ctx=%d)", path, n_ctx)
    return Llama(
        model_path=str(path),
        n_ctx=n_ctx,
        # llama-cpp-python defaults to half the cores; decoding is faster on all.
        n_threads=os.cpu_count() or 1,
        verbose=False,
    )


def _close_if_alive(ref: weakref.ref[LlamaRegistry]) -> None:
    registry = ref()
    if registry is not None:
        registry.close()
