"""Lanes: what a lane is, how it resolves, how its model is built."""

from lanes.backend import Backend
from lanes.errors import ConfigError, CortexError, EmbeddedModelError
from lanes.factory import build_chat_model, model_metadata
from lanes.gateway import LaneGateway, default_gateway, reset_default_gateway
from lanes.lane import Lane
from lanes.resolve import LaneTable, build_lane_table, resolve_lane
from lanes.resolved import ConfigSource, ResolvedLane
from lanes.settings import Settings, load_settings

__all__ = [
    "Backend",
    "ConfigError",
    "ConfigSource",
    "CortexError",
    "EmbeddedModelError",
    "Lane",
    "LaneGateway",
    "LaneTable",
    "ResolvedLane",
    "Settings",
    "build_chat_model",
    "build_lane_table",
    "default_gateway",
    "load_settings",
    "model_metadata",
    "reset_default_gateway",
    "resolve_lane",
]
