"""Backends a lane can run on, and the names operators may use for them."""

from __future__ import annotations

from enum import StrEnum

from lanes.core.errors import ConfigError


class Backend(StrEnum):
    """How a lane's model is reached.

    ``openai`` is any OpenAI-compatible HTTP server (vLLM, TGI, LiteLLM proxy...).
    ``llama_cpp`` is llama.cpp: in-process through llama-cpp-python when the lane has
    only a model path, or llama.cpp's own server when it has a URL.
    """

    OPENAI = "openai"
    LLAMA_CPP = "llama_cpp"


_ALIASES: dict[str, Backend] = {
    "openai": Backend.OPENAI,
    "vllm": Backend.OPENAI,
    "tgi": Backend.OPENAI,
    "openai_compatible": Backend.OPENAI,
    "llama_cpp": Backend.LLAMA_CPP,
    "llamacpp": Backend.LLAMA_CPP,
    "llama.cpp": Backend.LLAMA_CPP,
}

ACCEPTED_BACKENDS = "openai (aliases: vllm, tgi, openai_compatible) or llama_cpp"


def parse_backend(value: str, *, variable: str) -> Backend:
    """Parse a backend name or alias.

    Raises:
        ConfigError: naming ``variable`` when ``value`` is not a known backend.

    """
    key = value.strip().lower().replace("-", "_")
    try:
        return _ALIASES[key]
    except KeyError:
        raise ConfigError(variable, value, f"use {ACCEPTED_BACKENDS}") from None
