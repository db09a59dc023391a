"""The model manifest: which model each lane runs, where it comes from, where it lands.

Kept as data (``lanes/models.json``); operators point ``ARGOS_MODELS_MANIFEST`` at their
own copy. Where a model lands under ``ARGOS_MODELS_DIR``: ``vllm/<name>/`` (a weights
directory), ``gguf/<file>``, ``embeddings/<name>/``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text
from lanes.core.errors import ConfigError

Kind = Literal["vllm", "gguf", "embeddings"]
MANIFEST_VARIABLE = "ARGOS_MODELS_MANIFEST"
# A manifest lists a handful of models (the packaged one is 2 KB): a megabyte is a
# mistake, such as the variable naming a device or a weights file.
MANIFEST_LIMIT = MB


class ModelEntry(BaseModel):
    """One model to download: a Hub repository and the files (or patterns) to take."""

    lane: str = Field(min_length=1, max_length=40)
    kind: Kind
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
    repo: str = Field(pattern=r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
    revision: str = Field("main", min_length=1, max_length=80)
    files: list[str] = Field(min_length=1, max_length=200)
    size_bytes: int = Field(ge=0)

    def target(self, models_dir: Path) -> Path:
        """Where the model lands: a directory (vLLM, embeddings) or the GGUF folder."""
        folder = {"vllm": "vllm", "gguf": "gguf", "embeddings": "embeddings"}[self.kind]
        return models_dir / folder / (self.name if self.kind != "gguf" else "")


class Manifest(BaseModel):
    """Every model, in the order they download."""

    models: list[ModelEntry]


def load_manifest(path: str | None = None) -> list[ModelEntry]:
    """The manifest at ``path`` (or ``ARGOS_MODELS_MANIFEST``), else the packaged one.

    Raises:
        ConfigError: the file is missing, special, over 1 MB, not JSON, or an entry is
            invalid (named).

    """
    path = path or os.environ.get(MANIFEST_VARIABLE)
    if path and not Path(path).expanduser().exists():
        raise ConfigError(
            MANIFEST_VARIABLE,
            path,
            "no such file: give a JSON manifest like lanes/models/models.json, or unset it "
            "for the packaged one",
        )
    try:
        text = (
            read_text(Path(path).expanduser(), limit=MANIFEST_LIMIT, what="the file")
            if path
            else resources.files("lanes.models").joinpath("models.json").read_text()
        )
        return Manifest.model_validate(loads_json(text, what="the file")).models
    except UnreadableInput as exc:
        raise ConfigError(MANIFEST_VARIABLE, str(path), str(exc)) from None
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or "the file"  # the top level
        said = problem["msg"]  # as pydantic says it: a pattern it quotes keeps its case
        said = said[:1].lower() + said[1:]
        if where == "the file" and problem["type"] in ("model_type", "dict_type"):
            said = 'must be a JSON object: {"models": [...]}'
        raise ConfigError(MANIFEST_VARIABLE, str(path), f"{where}: {said}") from None
