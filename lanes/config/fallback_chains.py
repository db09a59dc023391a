"""Fallback chains: the ordered lanes a lane's work moves to when it fails."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lanes.core.errors import ConfigError
from lanes.core.lane import LANE_NAMES, Lane, parse_lane

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FallbackPlan:
    """Every lane's expanded chain, and the cycles found while expanding them."""

    chains: dict[Lane, tuple[Lane, ...]]
    cycles: tuple[tuple[Lane, ...], ...]


def parse_fallback(value: str, *, variable: str) -> tuple[Lane, ...]:
    """Parse ``"orchestrator, fast_rag"``; ``""`` or ``"none"`` means no fallback."""
    if value.strip().lower() in ("", "none"):
        return ()
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name.lower().replace("-", "_") not in set(Lane)]
    if unknown:
        raise ConfigError(
            variable, value, f"{unknown[0]!r} is not a lane; use lanes from {LANE_NAMES}"
        )
    return tuple(parse_lane(name, variable=variable) for name in names)


def expand_chains(direct: Mapping[Lane, Sequence[Lane]]) -> FallbackPlan:
    """Expand each lane's direct fallbacks, breadth-first, into one ordered chain.

    The lanes an operator lists come first, in their order; then the lanes those fall
    back to. A chain never holds its own lane or any lane twice, so lanes that back
    each other up (coder -> orchestrator -> coder) are fine: the cycle is reported
    once and each chain stops before it comes back round.
    """
    chains = {origin: _breadth_first(origin, direct) for origin in Lane}
    cycles = _find_cycles(direct)
    for cycle in cycles:
        logger.info(
            "fallback cycle %s: each chain stops before it returns to its own lane",
            " -> ".join(lane.value for lane in cycle),
        )
    return FallbackPlan(chains=chains, cycles=cycles)


def _breadth_first(origin: Lane, direct: Mapping[Lane, Sequence[Lane]]) -> tuple[Lane, ...]:
    seen = {origin}
    chain: list[Lane] = []
    queue = deque([origin])
    while queue:
        for nxt in direct.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                chain.append(nxt)
                queue.append(nxt)
    return tuple(chain)


def _find_cycles(direct: Mapping[Lane, Sequence[Lane]]) -> tuple[tuple[Lane, ...], ...]:
    """Every distinct cycle in the fallback graph, each written from where it was met."""
    found: dict[frozenset[Lane], tuple[Lane, ...]] = {}

    def walk(path: list[Lane]) -> None:
        for nxt in direct.get(path[-1], ()):
            if nxt in path:
                cycle = (*path[path.index(nxt) :], nxt)
                found.setdefault(frozenset(cycle), cycle)
            else:
                walk([*path, nxt])

    for origin in Lane:
        walk([origin])
    return tuple(found.values())
