"""Lanes: what a lane is, how it resolves, how its model is built."""

from lanes.backend import Backend
from lanes.errors import ConfigError, CortexError, EmbeddedModelError
from lanes.factory import build_chat_model, model_metadata
from lanes.lane import Lane
from lanes.resolve import LaneTable, build_lane_table, lane_table, reset_lane_table, resolve_lane
from lanes.resolved import ConfigSource, ResolvedLane
from lanes.settings import Settings, load_settings

__all__ = [
    "Backend",
    "ConfigError",
    "ConfigSource",
    "CortexError",
    "EmbeddedModelError",
    "Lane",
    "LaneTable",
    "ResolvedLane",
    "Settings",
    "build_chat_model",
    "build_lane_table",
    "lane_table",
    "load_settings",
    "model_metadata",
    "reset_lane_table",
    "resolve_lane",
]
