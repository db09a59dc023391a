"""What a lane resolves to: a typed, immutable description of its endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from lanes.core.backend import Backend
from lanes.core.lane import Lane
from lanes.core.redact import redact_url


class ConfigSource(StrEnum):
    """Where a lane's endpoint came from, in the order resolution tries them."""

    LANE = "lane"  # the lane's own ARGOS_LANE_<LANE>_URL / _MODEL_PATH
    DEFAULT_LANE = "default_lane"  # the lane named by ARGOS_LLM_DEFAULT_LANE
    GLOBAL = "global"  # ARGOS_LLM_BASE_URL / ARGOS_LLM_MODEL_PATH
    EMBEDDED = "embedded"  # the Qwen2.5-Coder-0.5B-Instruct GGUF shipped on PyPI


@dataclass(frozen=True)
class ResolvedLane:
    """A lane's endpoint, model and limits, with the lanes it fails over to."""

    lane: Lane
    backend: Backend
    base_url: str | None
    model: str | None
    model_path: Path | None
    context_window: int
    timeout_s: float
    max_parallel: int
    temperature: float
    max_tokens: int
    supports_tools: bool
    fallback_chain: tuple[Lane, ...]
    source: ConfigSource
    source_lane: Lane | None = None
    max_queue: int = 16
    queue_timeout_s: float = 30.0
    api_key: SecretStr | None = field(default=None, repr=False, compare=False)

    @property
    def in_process(self) -> bool:
        """Whether calls run in this process through llama-cpp-python."""
        return self.base_url is None

    @property
    def endpoint(self) -> str:
        """The URL (its password masked), or the model file for in-process lanes."""
        return redact_url(self.base_url) or str(self.model_path)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape used by ``cortex lanes --json``."""
        return {
            "lane": self.lane.value,
            "backend": self.backend.value,
            "base_url": redact_url(self.base_url),
            "model": self.model,
            "model_path": str(self.model_path) if self.model_path else None,
            "context_window": self.context_window,
            "fallback_chain": [lane.value for lane in self.fallback_chain],
        }
