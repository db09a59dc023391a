"""A team's own router examples (``ARGOS_ROUTER_EXAMPLES``): read and checked at start-up."""

from __future__ import annotations

import json
from pathlib import Path

from lanes.core.errors import ConfigError
from lanes.core.lane import LANE_NAMES, Lane


def read_team_examples(path: Path) -> dict[Lane, list[str]]:
    """A team's own router examples from ``ARGOS_ROUTER_EXAMPLES``, checked.

    Raises:
        ConfigError: naming the variable, the file and the shape expected.

    """
    variable = "ARGOS_ROUTER_EXAMPLES"
    shape = f'a JSON object {{"<lane>": ["utterance", ...]}} with lanes from {LANE_NAMES}'
    try:
        data = json.loads(path.expanduser().read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(variable, str(path), f"no such file: give {shape}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(variable, str(path), f"cannot read it ({exc}): give {shape}") from None
    if not isinstance(data, dict):
        raise ConfigError(variable, str(path), f"not {shape}")
    found: dict[Lane, list[str]] = {}
    for name, utterances in data.items():
        if name not in {lane.value for lane in Lane}:
            raise ConfigError(variable, str(path), f"{name!r} is not a lane: give {shape}")
        if not isinstance(utterances, list) or not all(
            isinstance(u, str) and u.strip() for u in utterances
        ):
            raise ConfigError(variable, str(path), f"{name!r} must list non-empty strings")
        found[Lane(name)] = [u.strip() for u in utterances]
    return found
