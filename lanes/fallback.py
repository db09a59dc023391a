"""Fallback chains: the ordered lanes a lane's work moves to when it fails."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lanes.lane import Lane, parse_lane

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
    return tuple(parse_lane(name, variable=variable) for name in value.split(",") if name.strip())


def expand_chains(direct: Mapping[Lane, Sequence[Lane]]) -> FallbackPlan:
    """Expand each lane's direct fallbacks depth-first into one ordered chain.

    A chain never contains its own lane or a lane twice. Lanes that back each other
    up (coder -> orchestrator -> coder) form a cycle; the walk stops where the cycle
    closes, and the cycle is reported once.
    """
    chains: dict[Lane, tuple[Lane, ...]] = {}
    cycles: list[tuple[Lane, ...]] = []
    for origin in Lane:
        chain: list[Lane] = []
        _walk(origin, [origin], direct, chain, cycles)
        chains[origin] = tuple(chain)
    unique = _unique_cycles(cycles)
    for cycle in unique:
        logger.info(
            "fallback cycle %s: each chain stops before it returns to its own lane",
            " -> ".join(lane.value for lane in cycle),
        )
    return FallbackPlan(chains=chains, cycles=unique)


def _walk(
    lane: Lane,
    path: list[Lane],
    direct: Mapping[Lane, Sequence[Lane]],
    chain: list[Lane],
    cycles: list[tuple[Lane, ...]],
) -> None:
    for nxt in direct.get(lane, ()):
        if nxt in path:
            cycles.append((*path[path.index(nxt) :], nxt))
        elif nxt not in chain:
            chain.append(nxt)
            _walk(nxt, [*path, nxt], direct, chain, cycles)


def _unique_cycles(cycles: list[tuple[Lane, ...]]) -> tuple[tuple[Lane, ...], ...]:
    """Keep one of each cycle, whichever lane it was found from."""
    seen: set[frozenset[Lane]] = set()
    unique = []
    for cycle in cycles:
        key = frozenset(cycle)
        if key not in seen:
            seen.add(key)
            unique.append(cycle)
    return tuple(unique)
