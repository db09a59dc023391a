"""What an in-process model can hold: its trained context, and this machine's memory.

A context window the GGUF was not trained for, or whose KV cache does not fit in
memory, is a configuration error found before loading, not an OOM kill after
minutes of allocation. The GGUF header is read with llama.cpp's own loader in
vocabulary-only mode (no weights, no context): a fraction of a second.
"""

from __future__ import annotations

import ctypes
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from lanes.backends.llama_log import route_llama_logs
from lanes.core.errors import ConfigError

# KV cache entries are f16 by default in llama.cpp.
KV_BYTES = 2
# Leave this share of available memory to everything else.
MEMORY_HEADROOM = 0.8


@dataclass(frozen=True)
class ModelLimits:
    """The facts from a GGUF header that bound its context window."""

    trained_context: int | None
    kv_bytes_per_token: int | None
    file_bytes: int


def check_context_window(path: Path, n_ctx: int, *, variable: str) -> None:
    """Raise ``ConfigError`` unless ``n_ctx`` is a window the model and machine can hold."""
    limits = read_limits(path)
    trained = limits.trained_context
    if trained and n_ctx > trained:
        raise ConfigError(
            variable,
            n_ctx,
            f"{path.name} was trained for at most {trained:,} tokens: use {trained}",
        )
    available = available_memory()
    if not (limits.kv_bytes_per_token and available):
        return
    budget = int(available * MEMORY_HEADROOM) - limits.file_bytes
    if n_ctx * limits.kv_bytes_per_token > budget:
        most = max(0, budget // limits.kv_bytes_per_token)
        raise ConfigError(
            variable,
            n_ctx,
            f"its KV cache would need {n_ctx * limits.kv_bytes_per_token / 2**30:.1f} GiB "
            f"beside the {limits.file_bytes / 2**30:.1f} GiB model, and this machine has "
            f"{available / 2**30:.1f} GiB available: use at most {most}",
        )


@functools.cache
def read_limits(path: Path) -> ModelLimits:
    """The trained context and KV bytes per token from ``path``'s GGUF header."""
    meta = _metadata(path)
    arch = meta.get("general.architecture", "")

    def number(key: str) -> int | None:
        value = meta.get(f"{arch}.{key}")
        return int(float(value)) if value else None

    layers, heads = number("block_count"), number("attention.head_count")
    kv_heads = number("attention.head_count_kv") or heads
    embedding = number("embedding_length")
    key_len = number("attention.key_length") or (
        embedding // heads if embedding and heads else None
    )
    value_len = number("attention.value_length") or key_len
    per_token = (
        layers * kv_heads * (key_len + value_len) * KV_BYTES
        if layers and kv_heads and key_len and value_len
        else None
    )
    return ModelLimits(number("context_length"), per_token, path.stat().st_size)


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return None


def _metadata(path: Path) -> dict[str, str]:
    # Imported here: loading llama.cpp's shared library is heavy; only this read needs it.
    import llama_cpp

    route_llama_logs()
    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    model = llama_cpp.llama_model_load_from_file(str(path).encode(), params)
    if not model:
        return {}
    try:
        found: dict[str, str] = {}
        buffer = ctypes.create_string_buffer(1024)
        for i in range(llama_cpp.llama_model_meta_count(model)):
            if llama_cpp.llama_model_meta_key_by_index(model, i, buffer, 1024) < 0:
                continue
            key = buffer.value.decode("utf-8", "replace")
            if key.startswith("tokenizer."):
                continue
            if llama_cpp.llama_model_meta_val_str_by_index(model, i, buffer, 1024) >= 0:
                found[key] = buffer.value.decode("utf-8", "replace")
        return found
    finally:
        llama_cpp.llama_model_free(model)
