"""State reducers shared by the supervisor and the lane subgraphs.

Per-turn channels (results, trace, citations) collect what parallel steps return and
are emptied at the start of each turn of a thread, so a turn's answer and trace are
its own while the messages keep the whole conversation.
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

_T = TypeVar("_T")

RESET: Final = "__reset__"
"""Write this to a per-turn channel to empty it."""


def extend_or_reset(current: list[_T] | None, update: list[_T] | str | None) -> list[_T]:
    """Append ``update`` to the list; ``RESET``, alone or first in the list, empties it first.

    ``[RESET, a, b]`` starts a new turn with ``a, b`` in one write.
    """
    if update == RESET:
        return []
    items: list[Any] = list(update or [])
    if items and items[0] == RESET:
        return items[1:]
    return [*(current or []), *items]


def merge_or_reset(
    current: dict[str, Any] | None, update: dict[str, Any] | str | None
) -> dict[str, Any]:
    """Merge ``update`` into the dict (later keys win); ``RESET`` empties it."""
    if update == RESET:
        return {}
    return {**(current or {}), **(update or {})}  # type: ignore[dict-item]
