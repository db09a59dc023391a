"""Checks on single setting values, each failing with a message that names the fix."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lanes.core.errors import ConfigError

_URL_HELP = "use an http(s) URL with a host, such as http://127.0.0.1:8000/v1"


def check_url(value: str, *, variable: str) -> str:
    """Validate an OpenAI-compatible base URL; add ``/v1`` when no path is given.

    vLLM, TGI, llama.cpp's server and LiteLLM all serve the OpenAI API under ``/v1``.
    """
    try:
        value.encode("utf-8")  # bytes an environment gave that are not UTF-8
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(variable, value, _URL_HELP) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(variable, value, _URL_HELP)
    path = parts.path.rstrip("/") or "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


GGUF_MAGIC = b"GGUF"  # the first bytes of every GGUF file


def check_model_file(value: str, *, variable: str) -> Path:
    """Validate the path of a GGUF file that will be loaded in-process."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise ConfigError(
            variable, value, "a folder, not a file: give the path of the .gguf model file in it"
        )
    if not path.is_file():
        raise ConfigError(
            variable, value, "no such file: give the path of a .gguf model file on this machine"
        )
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise ConfigError(
            variable, value, f"unreadable ({exc.strerror}): check its permissions"
        ) from None
    if magic != GGUF_MAGIC:  # llama.cpp would fail to load it with a bare ValueError
        raise ConfigError(
            variable, value, "not a GGUF model file (it does not start with 'GGUF'): give a .gguf"
        )
    return path
