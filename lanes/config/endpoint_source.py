"""Where a lane's endpoint comes from, in the order resolution tries them.

Its own URL or model file, the default lane's, the global ``ARGOS_LLM_*`` one, or the
embedded model. A URL means HTTP; a model path alone means in-process; nothing is
guessed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from pydantic import SecretStr

from lanes.config.resolved_lane import ConfigSource
from lanes.config.settings import LaneSettings, Settings
from lanes.config.validate import check_model_file, check_url
from lanes.core.backend import Backend, parse_backend
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from lanes.models.embedded import EMBEDDED_MODEL, embedded_model_path

logger = logging.getLogger(__name__)


class _Vars(NamedTuple):
    """The variable names an endpoint is read from, for error messages."""

    url: str
    model_path: str
    backend: str


@dataclass(frozen=True)
class Endpoint:
    """A lane's endpoint before its limits are resolved."""

    source: ConfigSource
    backend: Backend
    base_url: str | None
    model: str | None
    model_path: Path | None
    api_key: SecretStr | None = None
    source_lane: Lane | None = None


def endpoint_of(lane: Lane, settings: Settings, default_lane: Lane) -> Endpoint:
    """The endpoint ``lane`` uses, and where it came from."""
    own = settings.lanes[lane]
    if own.backend and not own.has_endpoint():
        logger.warning(
            "%sBACKEND=%r is ignored: the lane has no endpoint of its own; set %sURL "
            "(or %sMODEL_PATH) with it",
            lane.env_prefix,
            own.backend,
            lane.env_prefix,
            lane.env_prefix,
        )
    if own.has_endpoint():
        endpoint = _lane_endpoint(lane, own, ConfigSource.LANE)
    elif lane is not default_lane and settings.lanes[default_lane].has_endpoint():
        default = settings.lanes[default_lane]
        endpoint = _lane_endpoint(default_lane, default, ConfigSource.DEFAULT_LANE)
    elif settings.global_.llm_base_url or settings.global_.llm_model_path:
        endpoint = _global_endpoint(settings)
    elif own.model:
        raise ConfigError(
            f"{lane.env_prefix}MODEL",
            own.model,
            f"no endpoint serves it: also set {lane.env_prefix}URL or ARGOS_LLM_BASE_URL",
        )
    else:
        path = embedded_model_path(settings.global_.models_dir)
        return Endpoint(ConfigSource.EMBEDDED, Backend.LLAMA_CPP, None, EMBEDDED_MODEL, path)
    # A lane may name its own model on an endpoint it inherits (one vLLM, many models).
    return replace(endpoint, model=own.model or endpoint.model)


def _lane_endpoint(lane: Lane, s: LaneSettings, source: ConfigSource) -> Endpoint:
    p = lane.env_prefix
    names = _Vars(f"{p}URL", f"{p}MODEL_PATH", f"{p}BACKEND")
    endpoint = _http_or_local(source, names, s.url, s.model_path, s.backend)
    return replace(endpoint, model=s.model or endpoint.model, api_key=s.api_key, source_lane=lane)


def _global_endpoint(settings: Settings) -> Endpoint:
    g = settings.global_
    names = _Vars("ARGOS_LLM_BASE_URL", "ARGOS_LLM_MODEL_PATH", "ARGOS_LLM_BACKEND")
    endpoint = _http_or_local(
        ConfigSource.GLOBAL, names, g.llm_base_url, g.llm_model_path, g.llm_backend
    )
    return replace(endpoint, model=g.llm_model or endpoint.model, api_key=g.llm_api_key)


def _http_or_local(
    source: ConfigSource, names: _Vars, url: str | None, path: str | None, backend: str | None
) -> Endpoint:
    """A URL means HTTP; a model path alone means in-process. Nothing is guessed."""
    kind = parse_backend(backend, variable=names.backend) if backend else None
    if url:
        base_url = check_url(url, variable=names.url)
        # Kept as given and not checked: with a URL it is the server's path, not ours.
        model_path = Path(path) if path else None
        return Endpoint(source, kind or Backend.OPENAI, base_url, None, model_path)
    if kind is Backend.OPENAI:
        raise ConfigError(
            names.backend,
            backend,
            f"the openai backend needs a URL: set {names.url}, "
            f"or use llama_cpp with {names.model_path}",
        )
    model_file = check_model_file(path or "", variable=names.model_path)
    return Endpoint(source, Backend.LLAMA_CPP, None, model_file.stem, model_file)
