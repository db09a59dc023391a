"""Lane resolution: from settings to one typed :class:`ResolvedLane` per lane.

A lane that names no endpoint of its own uses, in order: the default lane's endpoint
(``ARGOS_LLM_DEFAULT_LANE``), the global ``ARGOS_LLM_*`` endpoint, then the embedded
model. Whatever the lane leaves unset it inherits from the lane its endpoint came
from, then from the defaults below. Every lane is resolved and validated together,
so a bad value stops the program at start-up rather than at the first request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TypeVar, cast

from lanes.config.breaker_policy import BreakerPolicy
from lanes.config.endpoint_source import Endpoint, endpoint_of
from lanes.config.fallback_chains import FallbackPlan, expand_chains, parse_fallback
from lanes.config.resolved_lane import ConfigSource, ResolvedLane
from lanes.config.settings import LaneSettings, Settings
from lanes.core.backend import Backend
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane, parse_lane
from lanes.models.embedded import EMBEDDED_CONTEXT_WINDOW

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

DEFAULT_CONTEXT_WINDOW = 8192
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_TEMPERATURE = 0.2
DEFAULT_MAX_TOKENS = 1024
DEFAULT_QUEUE_TIMEOUT_S = 30.0
# An in-process model has one slot and no neighbour to fall back to: a plan's parallel
# steps take turns on it, and a step whose turn comes after another's 40-second
# generation must wait for it, not fail (seen: "no free slot within 30s" for coder
# while governance read a long document).
IN_PROCESS_QUEUE_TIMEOUT_S = 600.0
# Requests in flight per endpoint. vLLM batches continuously (256 sequences by
# default); a llama.cpp server has a few slots and queues the rest without a timeout,
# so more wait here, where the queue timeout moves them to the fallback; one
# in-process model computes one request at a time.
DEFAULT_MAX_PARALLEL = {Backend.OPENAI: 256, Backend.LLAMA_CPP: 16}
IN_PROCESS_MAX_PARALLEL = 1
DEFAULT_MAX_QUEUE = 1024
# An in-process 0.5B model answers in seconds: a long queue only turns into timeouts.
IN_PROCESS_MAX_QUEUE = 16
# Settings that describe the endpoint a lane resolves to, not the lane.
ENDPOINT_LIMITS = ("max_parallel", "max_queue", "queue_timeout")
# Governance verdicts should not vary from run to run.
# Lanes whose answers must repeat their sources or apply rules: no sampling (issue 21).
LANE_TEMPERATURE = {Lane.GOVERNANCE: 0.0, Lane.FAST_RAG: 0.0}
# The embedded 0.5B model decodes about 34 tokens/s on 2 cores; 512 holds the longest
# structured reply its bounded schemas allow (a cut-off JSON reply is no reply at all).
EMBEDDED_MAX_TOKENS = 512


@dataclass(frozen=True)
class LaneTable:
    """Every lane resolved from one set of settings."""

    default_lane: Lane
    lanes: dict[Lane, ResolvedLane]
    fallback: FallbackPlan
    breaker_policy: BreakerPolicy = BreakerPolicy()
    planner: str = "auto"  # ARGOS_ROUTER_PLANNER: auto, always or never

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
    endpoints = {lane: endpoint_of(lane, settings, default_lane) for lane in Lane}
    plan = expand_chains(
        {lane: _direct_fallbacks(lane, settings.lanes[lane], default_lane) for lane in Lane}
    )
    lanes = {lane: _resolve(lane, settings, endpoints[lane], plan.chains[lane]) for lane in Lane}
    lanes = _share_endpoint_limits(lanes, settings)
    for resolved in lanes.values():
        _check_budget(resolved)
    for resolved in lanes.values():
        _log_fallback(resolved)
    policy = BreakerPolicy(g.breaker_failures, g.breaker_window, g.breaker_cooldown)
    return LaneTable(
        default_lane=default_lane,
        lanes=lanes,
        fallback=plan,
        breaker_policy=policy,
        planner=g.router_planner.strip().lower(),
    )


def resolve_lane(lane: Lane | str, table: LaneTable) -> ResolvedLane:
    """Resolve one lane (by enum or name) from ``table``."""
    key = lane if isinstance(lane, Lane) else parse_lane(lane, variable="lane")
    return table[key]


def _share_endpoint_limits(
    lanes: dict[Lane, ResolvedLane], settings: Settings
) -> dict[Lane, ResolvedLane]:
    """Give every lane on one endpoint that endpoint's limits.

    ``ARGOS_LANE_<LANE>_MAX_PARALLEL``, ``_MAX_QUEUE`` and ``_QUEUE_TIMEOUT`` describe
    the server the lane resolves to: lanes sharing it share one limit, so five lanes on
    one server cannot send it five times what it takes.

    Raises:
        ConfigError: two lanes on one endpoint set one of them to different values.

    """
    groups: dict[str, list[Lane]] = {}
    for lane, resolved in lanes.items():
        groups.setdefault(resolved.endpoint, []).append(lane)
    shared = dict(lanes)
    for endpoint, members in groups.items():
        values: dict[str, object] = {}
        for name in ENDPOINT_LIMITS:
            explicit = [
                (f"{lane.env_prefix}{name.upper()}", getattr(settings.lanes[lane], name))
                for lane in members
                if getattr(settings.lanes[lane], name) is not None
            ]
            for variable, value in explicit[1:]:
                if value != explicit[0][1]:
                    raise ConfigError(
                        variable,
                        str(value),
                        f"{explicit[0][0]}={explicit[0][1]} sets the same endpoint "
                        f"({endpoint}) differently; lanes sharing a server share its "
                        "limits: give both the same value, or set it on one lane only",
                    )
            if explicit:
                values[name] = explicit[0][1]
        update = {
            "max_parallel": values.get("max_parallel", lanes[members[0]].max_parallel),
            "max_queue": values.get("max_queue", lanes[members[0]].max_queue),
            "queue_timeout_s": values.get("queue_timeout", lanes[members[0]].queue_timeout_s),
        }
        for lane in members:
            shared[lane] = replace(lanes[lane], **update)  # type: ignore[arg-type]
    return shared


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
    lane: Lane, settings: Settings, endpoint: Endpoint, chain: tuple[Lane, ...]
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
        max_parallel=_inherit(
            "max_parallel",
            IN_PROCESS_MAX_PARALLEL if local else DEFAULT_MAX_PARALLEL[endpoint.backend],
            layers,
        ),
        temperature=_inherit(
            "temperature", LANE_TEMPERATURE.get(lane, DEFAULT_TEMPERATURE), layers
        ),
        max_tokens=_inherit("max_tokens", default_tokens, layers),
        max_queue=_inherit(
            "max_queue", IN_PROCESS_MAX_QUEUE if local else DEFAULT_MAX_QUEUE, layers
        ),
        queue_timeout_s=_inherit(
            "queue_timeout",
            IN_PROCESS_QUEUE_TIMEOUT_S if local else DEFAULT_QUEUE_TIMEOUT_S,
            layers,
        ),
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
