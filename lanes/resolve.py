"""Lane resolution: from settings to one typed :class:`ResolvedLane` per lane.

A lane that names no endpoint of its own uses, in order: the default lane's endpoint
(``ARGOS_LLM_DEFAULT_LANE``), the global ``ARGOS_LLM_*`` endpoint, then the embedded
model. Whatever the lane leaves unset it inherits from the lane its endpoint came
from, then from the defaults below. Every lane is resolved and validated together,
so a bad value stops the program at start-up rather than at the first request.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TypeVar, cast

from pydantic import SecretStr

from lanes.backend import Backend, parse_backend
from lanes.breaker import BreakerPolicy
from lanes.embedded import EMBEDDED_CONTEXT_WINDOW, EMBEDDED_MODEL, embedded_model_path
from lanes.errors import ConfigError
from lanes.fallback import FallbackPlan, expand_chains, parse_fallback
from lanes.lane import Lane, parse_lane
from lanes.resolved import ConfigSource, ResolvedLane
from lanes.settings import LaneSettings, Settings, load_settings
from lanes.validate import check_model_file, check_url

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

DEFAULT_CONTEXT_WINDOW = 8192
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_PARALLEL = 4
DEFAULT_TEMPERATURE = 0.2
DEFAULT_MAX_TOKENS = 1024
DEFAULT_MAX_QUEUE = 16
DEFAULT_QUEUE_TIMEOUT_S = 30.0
# Governance verdicts should not vary from run to run.
LANE_TEMPERATURE = {Lane.GOVERNANCE: 0.0}
# The embedded 270M model rambles; short answers are its useful ones.
EMBEDDED_MAX_TOKENS = 256


class _Vars(NamedTuple):
    """The variable names an endpoint is read from, for error messages."""

    url: str
    model_path: str
    backend: str


@dataclass(frozen=True)
class _Endpoint:
    source: ConfigSource
    backend: Backend
    base_url: str | None
    model: str | None
    model_path: Path | None
    api_key: SecretStr | None = None
    source_lane: Lane | None = None


@dataclass(frozen=True)
class LaneTable:
    """Every lane resolved from one set of settings."""

    default_lane: Lane
    lanes: dict[Lane, ResolvedLane]
    fallback: FallbackPlan
    breaker_policy: BreakerPolicy = BreakerPolicy()

    def __getitem__(self, lane: Lane) -> ResolvedLane:
        """The resolved lane for ``lane``."""
        return self.lanes[lane]


def build_lane_table(settings: Settings) -> LaneTable:
    """Resolve and validate every lane.

    Raises:
        ConfigError: naming the variable, its value and what would be accepted.

    """
    g = settings.global_
    default_lane = parse_lane(g.llm_default_lane, variable="ARGOS_LLM_DEFAULT_LANE")
    endpoints = {lane: _endpoint_of(lane, settings, default_lane) for lane in Lane}
    plan = expand_chains(
        {lane: _direct_fallbacks(lane, settings.lanes[lane], default_lane) for lane in Lane}
    )
    lanes = {lane: _resolve(lane, settings, endpoints[lane], plan.chains[lane]) for lane in Lane}
    for resolved in lanes.values():
        _check_budget(resolved)
    for resolved in lanes.values():
        _log_fallback(resolved)
    policy = BreakerPolicy(g.breaker_failures, g.breaker_window, g.breaker_cooldown)
    return LaneTable(default_lane=default_lane, lanes=lanes, fallback=plan, breaker_policy=policy)


@functools.cache
def lane_table() -> LaneTable:
    """The process-wide lane table, read from the environment on first use."""
    return build_lane_table(load_settings())


def reset_lane_table() -> None:
    """Forget the cached table so the next call re-reads the environment."""
    lane_table.cache_clear()


def resolve_lane(lane: Lane | str, table: LaneTable | None = None) -> ResolvedLane:
    """Resolve one lane (by enum or name) from ``table`` or the process-wide table."""
    key = lane if isinstance(lane, Lane) else parse_lane(lane, variable="lane")
    return (table or lane_table())[key]


def _endpoint_of(lane: Lane, settings: Settings, default_lane: Lane) -> _Endpoint:
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
        return _Endpoint(ConfigSource.EMBEDDED, Backend.LLAMA_CPP, None, EMBEDDED_MODEL, path)
    # A lane may name its own model on an endpoint it inherits (one vLLM, many models).
    return replace(endpoint, model=own.model or endpoint.model)


def _lane_endpoint(lane: Lane, s: LaneSettings, source: ConfigSource) -> _Endpoint:
    p = lane.env_prefix
    names = _Vars(f"{p}URL", f"{p}MODEL_PATH", f"{p}BACKEND")
    endpoint = _http_or_local(source, names, s.url, s.model_path, s.backend)
    return replace(endpoint, model=s.model or endpoint.model, api_key=s.api_key, source_lane=lane)


def _global_endpoint(settings: Settings) -> _Endpoint:
    g = settings.global_
    names = _Vars("ARGOS_LLM_BASE_URL", "ARGOS_LLM_MODEL_PATH", "ARGOS_LLM_BACKEND")
    endpoint = _http_or_local(
        ConfigSource.GLOBAL, names, g.llm_base_url, g.llm_model_path, g.llm_backend
    )
    return replace(endpoint, model=g.llm_model or endpoint.model, api_key=g.llm_api_key)


def _http_or_local(
    source: ConfigSource, names: _Vars, url: str | None, path: str | None, backend: str | None
) -> _Endpoint:
    """A URL means HTTP; a model path alone means in-process. Nothing is guessed."""
    kind = parse_backend(backend, variable=names.backend) if backend else None
    if url:
        base_url = check_url(url, variable=names.url)
        # Kept as given and not checked: with a URL it is the server's path, not ours.
        model_path = Path(path) if path else None
        return _Endpoint(source, kind or Backend.OPENAI, base_url, None, model_path)
    if kind is Backend.OPENAI:
        raise ConfigError(
            names.backend,
            backend,
            f"the openai backend needs a URL: set {names.url}, "
            f"or use llama_cpp with {names.model_path}",
        )
    model_file = check_model_file(path or "", variable=names.model_path)
    return _Endpoint(source, Backend.LLAMA_CPP, None, model_file.stem, model_file)


def _direct_fallbacks(lane: Lane, s: LaneSettings, default_lane: Lane) -> tuple[Lane, ...]:
    if s.fallback is not None:
        variable = f"{lane.env_prefix}FALLBACK"
        chain = parse_fallback(s.fallback, variable=variable)
        if lane in chain:
            logger.warning(
                "%s=%r names the lane itself; a lane cannot stand in for itself, so that "
                "entry is ignored",
                variable,
                s.fallback,
            )
        return chain  # expand_chains drops the lane from its own chain
    return () if lane is default_lane else (default_lane,)


def _resolve(
    lane: Lane, settings: Settings, endpoint: _Endpoint, chain: tuple[Lane, ...]
) -> ResolvedLane:
    layers = (
        settings.lanes[lane],
        settings.lanes.get(endpoint.source_lane) if endpoint.source_lane else None,
    )
    embedded = endpoint.source is ConfigSource.EMBEDDED
    local = endpoint.base_url is None
    http_tools = not local and endpoint.backend is Backend.OPENAI
    default_window = EMBEDDED_CONTEXT_WINDOW if embedded else DEFAULT_CONTEXT_WINDOW
    default_tokens = EMBEDDED_MAX_TOKENS if embedded else DEFAULT_MAX_TOKENS
    return ResolvedLane(
        lane=lane,
        backend=endpoint.backend,
        base_url=endpoint.base_url,
        model=endpoint.model,
        model_path=endpoint.model_path,
        context_window=_inherit("context_window", default_window, layers),
        timeout_s=_inherit("timeout", DEFAULT_TIMEOUT_S, layers),
        # One in-process model serves one request at a time anyway.
        max_parallel=_inherit("max_parallel", 1 if local else DEFAULT_MAX_PARALLEL, layers),
        temperature=_inherit(
            "temperature", LANE_TEMPERATURE.get(lane, DEFAULT_TEMPERATURE), layers
        ),
        max_tokens=_inherit("max_tokens", default_tokens, layers),
        max_queue=_inherit("max_queue", DEFAULT_MAX_QUEUE, layers),
        queue_timeout_s=_inherit("queue_timeout", DEFAULT_QUEUE_TIMEOUT_S, layers),
        supports_tools=_inherit("supports_tools", http_tools, layers),
        fallback_chain=chain,
        source=endpoint.source,
        source_lane=endpoint.source_lane,
        # The lane's key, its source's, then ARGOS_LLM_API_KEY for every HTTP lane.
        api_key=layers[0].api_key or endpoint.api_key or settings.global_.llm_api_key,
    )


def _check_budget(resolved: ResolvedLane) -> None:
    """A completion limit that fills the whole window leaves no room for any prompt."""
    if resolved.max_tokens >= resolved.context_window:
        raise ConfigError(
            f"{resolved.lane.env_prefix}MAX_TOKENS",
            str(resolved.max_tokens),
            f"it must be below the lane's context window ({resolved.context_window}); "
            f"lower it or raise {resolved.lane.env_prefix}CONTEXT_WINDOW",
        )


def _inherit(name: str, default: _T, layers: tuple[LaneSettings | None, ...]) -> _T:
    """The first value set among ``layers`` (the lane, then its source), else ``default``."""
    for layer in layers:
        value = getattr(layer, name) if layer is not None else None
        if value is not None:
            return cast(_T, value)
    return default


def _log_fallback(resolved: ResolvedLane) -> None:
    where = {
        ConfigSource.LANE: None,
        ConfigSource.DEFAULT_LANE: f"default lane {resolved.source_lane}",
        ConfigSource.GLOBAL: "the ARGOS_LLM_* endpoint",
        ConfigSource.EMBEDDED: "the embedded model",
    }[resolved.source]
    if where:
        logger.info(
            "lane %s is not configured (no %sURL or %sMODEL_PATH); it falls back to %s: %s %s",
            resolved.lane,
            resolved.lane.env_prefix,
            resolved.lane.env_prefix,
            where,
            resolved.model,
            resolved.endpoint,
        )
