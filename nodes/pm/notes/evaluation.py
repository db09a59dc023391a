"""How well notes become tickets: a labelled set of notes with their action items.

An expected item counts as found when one extracted item's title holds all of its
words (case-insensitive) and its owner is the expected one (no owner where none is
expected). Extra items are counted too: each is a ticket nobody asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanes.core.errors import CortexError
from nodes.pm.notes.rules import ActionItem


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
    """The labelled notes (one JSON object per line), optionally one split."""
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CortexError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if split is None or row.get("split") == split:
            rows.append(row)
    return rows


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
