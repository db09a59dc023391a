"""The GGUF file an in-process lane loads, made ready first.

The embedded model is assembled from its PyPI parts on first use; every caller that
loads an in-process lane's file (building the chat model, counting a prompt's tokens
before the call) goes through here, so none of them meets a model not yet assembled.
"""

from __future__ import annotations

from pathlib import Path

from lanes.config.resolved_lane import ConfigSource, ResolvedLane
from lanes.models.embedded import ensure_embedded_model


def local_model_file(resolved: ResolvedLane) -> Path:
    """The in-process lane's model file, the embedded one assembled if it is not yet."""
    assert resolved.model_path is not None  # the resolver gives in-process lanes a path
    if resolved.source is ConfigSource.EMBEDDED:
        return ensure_embedded_model(resolved.model_path)
    return resolved.model_path
