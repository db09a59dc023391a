"""A team's own router examples (``ARGOS_ROUTER_EXAMPLES``): read and checked at start-up."""

from __future__ import annotations

from pathlib import Path

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text, short
from lanes.core.errors import ConfigError
from lanes.core.lane import LANE_NAMES, Lane

# Every utterance is embedded at start-up: a few thousand lines is a large set; more
# than this is a mistake (the variable naming a device, a log or a data dump).
EXAMPLES_LIMIT = 4 * MB


def read_team_examples(path: Path) -> dict[Lane, list[str]]:
    """A team's own router examples from ``ARGOS_ROUTER_EXAMPLES``, checked.

    Raises:
        ConfigError: naming the variable, the file and the shape expected.

    """
    variable = "ARGOS_ROUTER_EXAMPLES"
    shape = f'a JSON object {{"<lane>": ["utterance", ...]}} with lanes from {LANE_NAMES}'
    file = path.expanduser()
    if not file.exists():
        raise ConfigError(variable, str(path), f"no such file: give {shape}")
    try:
        text = read_text(file, limit=EXAMPLES_LIMIT, what="the file")
    except UnreadableInput as exc:
        raise ConfigError(variable, str(path), str(exc)) from None
    try:
        data = loads_json(text, what="the file")
    except UnreadableInput as exc:
        raise ConfigError(variable, str(path), f"{exc}: give {shape}") from None
    if not isinstance(data, dict):
        raise ConfigError(variable, str(path), f"not {shape}")
    found: dict[Lane, list[str]] = {}
    for name, utterances in data.items():
        if name not in {lane.value for lane in Lane}:
            raise ConfigError(variable, str(path), f"{short(name)} is not a lane: give {shape}")
        if not isinstance(utterances, list) or not all(
            isinstance(u, str) and u.strip() for u in utterances
        ):
            raise ConfigError(variable, str(path), f"{short(name)} must list non-empty strings")
        found[Lane(name)] = [u.strip() for u in utterances]
    return found
