"""Meeting notes to tickets on the blind set (tests/data/meeting_notes_blind), per shape.

Each labelled action is matched to at most one ticket: the ticket whose title holds the
largest share of the action's content words, at least half of them (a title in the
note's words, not the label's exact phrasing). A matched ticket counts as right when its
owner is the labelled person (no owner where the label has none; "Marek" and "Marek
Nowak" are the same person, "Marek" and "Marta" are not). Tickets left over are
"non-actions ticketed" when most of their words come from one of the note's labelled
non-actions, and "unmatched" otherwise.

Run: ``python -m tests.integration.notes_eval [fit|report] [--model]`` (rules only by
default; ``--model`` lets the embedded model judge the clauses the rules leave open).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from nodes.pm.notes.rules import ActionItem
from tests.integration.eval_args import eval_parser

SET = Path(__file__).resolve().parents[1] / "data" / "meeting_notes_blind" / "notes.jsonl"
TODAY = date(2026, 11, 23)  # a Monday
_STOP = {
    "a", "an", "the", "to", "for", "of", "on", "in", "and", "or", "with", "our", "their",
    "from", "at", "by", "it", "is", "be", "that", "this", "if", "we", "can", "new", "as",
}  # fmt: skip


def words(text: str) -> set[str]:
    """Content words, lower case; ``@`` and simple plurals do not matter."""
    found = re.findall(r"[a-z0-9][a-z0-9.'/_-]*[a-z0-9]|[a-z0-9]", text.lower())
    return {w.rstrip("s") if len(w) > 3 else w for w in found if w not in _STOP}


def owner_of(name: str | None) -> str | None:
    """An owner as compared: lower case, no ``@`` or trailing dots."""
    cleaned = (name or "").strip().lstrip("@").rstrip(".").lower()
    cleaned = re.sub(r"^(?:the|our)\s+", "", cleaned)  # "The payroll specialist"
    last, comma, first = cleaned.partition(", ")
    return (f"{first} {last}" if comma and first else cleaned) or None


def same_owner(found: str | None, wanted: str | None) -> bool:
    """The same person: the same name, or a first name and the full name it starts.

    A label that names several people ("Megan / Tobi", "Gemma & Tolu") is matched by the
    first of them: a ticket has one owner, and the reader gives shared work to the first named.
    A role with the name in brackets ("Duty Manager (Carla Fitzgerald)") is matched by either.
    """
    found, wanted = owner_of(found), owner_of(wanted)
    if found is None or wanted is None:
        return found == wanted
    wanted = re.split(r"\s+(?:/|&|\+|and)\s+|\s*/\s*", wanted)[0]
    if bracketed := re.fullmatch(r"(.+?)\s*\((.+)\)", wanted):
        return any(same_owner(found, part) for part in bracketed.groups())
    short, full = sorted((found.split(), wanted.split()), key=len)
    return short == full or (len(short) == 1 and short[0] == full[0])


@dataclass
class Figures:
    """Per shape: actions, right owners, actions found, non-actions ticketed, unmatched."""

    rows: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    misses: list[str] = field(default_factory=list)

    def add(self, shape: str, key: str, count: int = 1) -> None:
        self.rows[shape][key] += count

    def total(self, key: str) -> int:
        return sum(row[key] for row in self.rows.values())

    def table(self) -> str:
        head = f"{'shape':11} {'notes':>5} {'right owner':>12} {'found':>6} {'chatter':>8} {'unmatched':>9}"
        lines = [head]
        for shape, row in [*sorted(self.rows.items()), ("all", None)]:
            get = (lambda k, r=row: r[k]) if row else self.total  # noqa: B023
            lines.append(
                f"{shape:11} {get('notes'):5} {get('right'):5}/{get('actions'):<3} "
                f"({get('right') / max(get('actions'), 1):4.0%}) {get('found'):6} "
                f"{get('chatter'):4}/{get('non_actions'):<3} {get('unmatched'):9}"
            )
        return "\n".join(lines)


def score_note(row: dict[str, Any], items: list[ActionItem], figures: Figures) -> None:
    """Add one note's reading to ``figures``."""
    shape = row["shape"]
    figures.add(shape, "notes")
    agreed = [a for a in row["actions"] if a.get("second_label_agrees") is not False]
    figures.add(shape, "actions", len(agreed))
    figures.add(shape, "non_actions", len(row["non_actions"]))
    unused = list(items)
    for argued in [a["task"] for a in row["actions"] if a.get("second_label_agrees") is False]:
        wanted = words(argued)  # the labellers disagree: a ticket for it is neither right nor extra
        unused = [i for i in unused if len(wanted & words(i.title)) / max(len(wanted), 1) < 0.5]
    for action in (a for a in row["actions"] if a.get("second_label_agrees") is not False):
        wanted = words(action["task"])
        best, share = None, 0.0
        for item in unused:
            got = len(wanted & words(item.title)) / max(len(wanted), 1)
            if got > share:
                best, share = item, got
        if best is None or share < 0.5:
            figures.misses.append(f"{row['id']} MISSED {action['owner']} | {action['task']}")
            continue
        unused.remove(best)
        figures.add(shape, "found")
        if same_owner(best.owner, action["owner"]):
            figures.add(shape, "right")
        else:
            figures.misses.append(
                f"{row['id']} OWNER {best.owner!r} want {action['owner']!r} | {best.title}"
            )
    for item in unused:
        title = words(item.title)
        chatter = any(
            len(title & words(text)) / max(len(title), 1) >= 0.6 for text in row["non_actions"]
        )
        figures.add(shape, "chatter" if chatter else "unmatched")
        kind = "CHATTER" if chatter else "EXTRA"
        figures.misses.append(f"{row['id']} {kind} {item.owner!r} | {item.title}")


def rows(split: str, batch: str = "") -> list[dict[str, Any]]:
    """The set's notes of one split (and of one batch: "n" the first, "f" the second)."""
    lines = SET.read_text(encoding="utf-8").splitlines()
    found = (json.loads(line) for line in lines if line.strip())
    return [r for r in found if r["split"] == split and r["id"].startswith(batch)]


async def evaluate(split: str, *, model: bool, batch: str = "") -> Figures:
    """Read every note of ``split`` and score it."""
    from nodes.pm.notes.reader import read_notes, read_notes_by_rules

    figures = Figures()
    parts = None
    if model:
        from nodes.defaults import outside_graph

        parts = await asyncio.to_thread(outside_graph)
    for row in rows(split, batch):
        if parts is not None:
            reading, _ = await read_notes(row["note"], parts, TODAY)
            items = reading.items
        else:
            items = read_notes_by_rules(row["note"], TODAY)
        score_note(row, items, figures)
    return figures


if __name__ == "__main__":
    parser = eval_parser(__doc__, ("fit", "report"))
    parser.add_argument("--model", action="store_true", help="let the embedded model judge")
    parser.add_argument("--batch", default="", help="only the notes whose id starts so")
    parser.add_argument("-v", action="store_true", help="print every miss first")
    args = parser.parse_args()
    result = asyncio.run(evaluate(args.split, model=args.model, batch=args.batch))
    if args.v:
        print("\n".join(result.misses))
    print(result.table())
