"""How well notes become tickets: a labelled set of notes with their action items.

An expected item counts as found when one extracted item's title holds all of its
words (case-insensitive) and its owner is the expected one (no owner where none is
expected). Extra items are counted too: each is a ticket nobody asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text
from lanes.core.errors import CortexError
from nodes.pm.notes.rules import ActionItem

# A labelled set is a few hundred notes (ours is 5 KB); a row nests three levels.
NOTES_SET_LIMIT = 50 * MB
ROW_DEPTH = 6
ROW_SHAPE = '{"notes": "...", "items": [{"owner": "..." or null, "words": ["..."]}]}'


@dataclass
class NotesScore:
    """Expected items found with the right owner, items found at all, extras."""

    expected: int = 0
    right_owner: int = 0
    found: int = 0
    extra: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Expected items that became tickets with the right owner."""
        return self.right_owner / self.expected if self.expected else 0.0


def read_set(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """The labelled notes (one JSON object per line), optionally one split.

    Raises:
        CortexError: naming the file, the line and what is wrong with it (an
            ``UnreadableInput`` for a special file, one over 50 MB, or deep nesting).

    """
    rows = []
    text = read_text(path, limit=NOTES_SET_LIMIT, what="notes evaluation file")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = loads_json(line, what=f"{path}:{number}", max_depth=ROW_DEPTH)
        except UnreadableInput as exc:
            raise CortexError(f"{exc}; each line is {ROW_SHAPE}") from None
        if not _is_row(row):
            raise CortexError(f"{path}:{number}: expected {ROW_SHAPE}")
        if split is None or row.get("split") == split:
            rows.append(row)
    return rows


def _is_row(row: object) -> bool:
    """A note and its expected items, in the shape :func:`score` reads."""
    if not isinstance(row, dict) or not isinstance(row.get("notes"), str):
        return False
    items = row.get("items")
    return isinstance(items, list) and all(
        isinstance(item, dict)
        and isinstance(item.get("owner"), str | None)
        and "owner" in item
        and isinstance(item.get("words"), list)
        and all(isinstance(word, str) for word in item["words"])
        for item in items
    )


def score(rows: list[dict[str, Any]], found: list[list[ActionItem]]) -> NotesScore:
    """Compare each note's extracted items with its expected ones."""
    result = NotesScore()
    for row, items in zip(rows, found, strict=True):
        unused = list(items)
        for expected in row["items"]:
            result.expected += 1
            words = [w.lower() for w in expected["words"]]
            match = next((i for i in unused if all(w in i.title.lower() for w in words)), None)
            if match is None:
                result.misses.append({"expected": expected, "notes": row["notes"][:80]})
                continue
            unused.remove(match)
            result.found += 1
            owner = (match.owner or "").lower() or None
            if owner == ((expected["owner"] or "").lower() or None):
                result.right_owner += 1
            else:
                result.misses.append({"expected": expected, "got_owner": match.owner})
        result.extra += len(unused)
    return result
