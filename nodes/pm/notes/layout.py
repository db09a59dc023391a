"""The shape of a note: who says each clause, under which heading, in which table row.

Notes come as speaker-labelled transcripts (``Name: ...``, ``<nick> ...``, chat exports
with a name and a time above each message), standups (a name above its bullets, or
``name - did X, today Y``), sections under headings (action items, what went well,
timeline), tables, and plain prose or email. :func:`lay_out` turns any of them into
clauses that keep that context; :mod:`nodes.pm.notes.reading` decides which are work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nodes.pm.notes.patterns import (
    AUTHOR,
    BULLET,
    CHAT_HEADER,
    CONTEXT_HEADING,
    HEADING_WORDS,
    IRC,
    LABEL_WORDS,
    NAME_LINE,
    REACTIONS,
    SIGN_OFF,
    SPEAKER_COLON,
    SPEAKER_DASH,
    STANDUP,
    TENSE_LABEL,
    WORK_HEADING,
)
from nodes.pm.notes.tables import Row, is_table_line, read_table

# A note is read up to this size: longer text is a document, not notes.
MAX_LINES = 400
MAX_LINE = 2000
MAX_CLAUSES = 200
# Where one sentence holds two clauses: "did X, today Y", "that's me, I'll fix it",
# "estimates are needed - Irene volunteered to collect them".
_CUTS = re.compile(
    r"\s*;\s*|[,;]\s+(?=(?:and\s+)?(?:today|tomorrow|next|now|then)\b)"
    r"|,\s+(?=I\s*(?:'ll|’ll|will|can)\b)"
    r"|,\s*(?:and\s+)?(?=@?[A-Z][^\W\d_]+\s+(?:will|'ll|needs to|is going to|should|must|"
    r"has to|owns|can|is on)\s)"
    r"|\s[—–-]\s(?=(?:[A-Z]\.\s?)?[A-Z][^\W\d_]+\s+(?:volunteered|will|'ll|to|agreed|offered|can)\b)"
)
# Under an action-items heading "X - Pavel will Y" is one item owned by Pavel.
_WORK_CUTS = re.compile(r"\s*;\s*|[,;]\s+(?=(?:and\s+)?(?:today|tomorrow|now)\b)")


@dataclass(frozen=True)
class Clause:
    """One clause of a note with what surrounds it."""

    text: str
    speaker: str | None = None  # who said it, or whose standup block it is in
    section: str = "open"  # "work" (action items), "context" (timeline, went well), "open"
    tense: str = ""  # "past", "next", "blocker" (a standup's own labels) or "title"
    row: Row | None = None  # the table row it came from
    line: int = 0


@dataclass
class Layout:
    """A note's clauses, its author (note-taker or signer) and the people speaking."""

    clauses: list[Clause] = field(default_factory=list)
    author: str | None = None
    speakers: set[str] = field(default_factory=set)


def lay_out(text: str) -> Layout:
    """The clauses of ``text`` with their speaker, section, tense and table row."""
    lines = [line[:MAX_LINE] for line in text.splitlines()[:MAX_LINES]]
    layout = Layout(author=_author(lines))
    labelled = _speaker_lines(lines)
    section, speaker, index, blank = "open", None, 0, False
    title = next((n for n, line in enumerate(lines) if line.strip()), -1)
    while index < len(lines) and len(layout.clauses) < MAX_CLAUSES:
        stripped = lines[index].strip()
        index += 1
        if not stripped or REACTIONS.match(stripped) or _signs_off(stripped, layout.author):
            blank = blank or not stripped
            continue
        if blank and section == "work" and not BULLET.match(stripped):
            section = "open"  # the action items ended with the list
        blank = False
        if is_table_line(stripped):
            block, index = _table_block(lines, index - 1)
            rows = read_table(block)
            if rows is not None:
                for row in rows:
                    layout.clauses.append(Clause(row.action, None, "work", "", row, index))
                continue
        if chat := CHAT_HEADER.match(stripped):
            speaker = chat.group("name").strip()
            layout.speakers.add(speaker)
            continue
        if (kind := _heading(stripped)) is not None:
            section, speaker = kind, None if labelled else speaker
            continue
        if index - 1 == title and _is_title(stripped, lines, labelled):
            layout.clauses.append(Clause(stripped, None, "context", "title", None, index))
            continue
        if _names_a_block(stripped, lines, index):
            speaker = stripped.strip("*#: ").lstrip("@")
            layout.speakers.add(speaker)
            continue
        said_by, body = _speaker(BULLET.sub("", stripped), labelled)
        if said_by:
            layout.speakers.add(said_by)
        for clause in _line_clauses(body, said_by or speaker, section, index):
            layout.clauses.append(clause)
    return layout


def _is_title(line: str, lines: list[str], labelled: bool) -> bool:
    """A short first line above the rest names the meeting: it is not an item."""
    if sum(bool(n.strip()) for n in lines) < 3 or len(line.split()) > 10:
        return False
    marked = BULLET.match(line) or re.search(r"@|->|=>|;|[.?!]$| (?:will|'ll|to) ", line)
    return not marked and not IRC.match(line) and not (labelled and _colon_speaker(line))


def _signs_off(line: str, author: str | None) -> bool:
    """An email's "Best," or "cheers" and the name under it."""
    return bool(SIGN_OFF.match(line)) or (author is not None and line.strip(" -—") == author)


def _table_block(lines: list[str], start: int) -> tuple[list[str], int]:
    end = start
    while end < len(lines) and lines[end].strip() and is_table_line(lines[end].strip()):
        end += 1
    return [line.strip() for line in lines[start:end]], end


def _heading(line: str) -> str | None:
    """The section a heading line opens ("work", "context", "open"), or None."""
    bare = re.sub(r"^[#*_\s\W]+|[*_\s]+$", "", line).strip()
    bare = re.sub(r"\s*\((?:utc|not committed|[^)]{0,20})\)$", "", bare, flags=re.I)
    marked = line.startswith("#") or (line.startswith("**") and line.endswith("**"))
    short = len(bare.split()) <= 6 and not re.search(r"[.?!]\s", bare)
    if not bare or not (marked or (short and line.rstrip("*").endswith(":"))):
        if not (len(bare.split()) <= 3 and HEADING_WORDS.fullmatch(bare.rstrip(":").lower())):
            return None
    if WORK_HEADING.search(bare):
        return "work"
    if CONTEXT_HEADING.search(bare) or "not committed" in line.lower():
        return "context"
    return "open"


def _names_a_block(line: str, lines: list[str], index: int) -> bool:
    """A name alone on its line, with bullets below: a standup block's owner."""
    if not NAME_LINE.fullmatch(line) or line.lower().strip("*#: ") in LABEL_WORDS:
        return False
    following = next((n.strip() for n in lines[index:] if n.strip()), "")
    return bool(BULLET.match(following))


def _speaker_lines(lines: list[str]) -> bool:
    """Whether the note is a conversation: two or more lines said by named people."""
    standup = any(STANDUP.search(line) for line in lines[:3]) or (
        sum("yesterday" in line.lower() for line in lines) >= 2
    )
    count = 0
    for line in lines:
        line = BULLET.sub("", line.strip())
        if IRC.match(line) or _colon_speaker(line) or (standup and SPEAKER_DASH.match(line)):
            count += 1
    return count >= 2 or (count == 1 and standup)


def _colon_speaker(line: str) -> re.Match[str] | None:
    match = SPEAKER_COLON.match(line)
    if match and match.group("name").lower().lstrip("@") not in LABEL_WORDS:
        first = match.group("name").split()[0].lower()
        return None if first in LABEL_WORDS else match
    return None


def _speaker(line: str, labelled: bool) -> tuple[str | None, str]:
    """Who says ``line`` (when the note is a conversation) and what they say."""
    if not labelled:
        return None, line
    for match in (IRC.match(line), _colon_speaker(line), SPEAKER_DASH.match(line)):
        if match:
            return match.group("name").lstrip("@").strip(), match.group("rest")
    return None, line


def _line_clauses(text: str, speaker: str | None, section: str, index: int) -> list[Clause]:
    """A line cut into sentences, each with the tense a standup label gives it."""
    found, tense = [], ""
    for sentence in _sentences(text):
        if label := TENSE_LABEL.match(sentence):
            tense = _tense(label.group("label"))
            sentence = sentence[label.end() :]
        elif re.match(r"^(?:yesterday|last week)\b", sentence, re.I):
            tense = "past"
        elif re.match(r"^(?:today|tomorrow|this week|next|now|then)\b", sentence, re.I):
            tense = "next"
        for part in (_CUTS if section != "work" else _WORK_CUTS).split(sentence):
            part = part.strip(" \t,;")
            if len(part) >= 3:
                found.append(Clause(part, speaker, section, tense, None, index))
            tense = "next" if re.match(r"^(?:today|next)", part, re.I) else tense
    return found


def _tense(label: str) -> str:
    label = label.lower()
    if label.startswith(("yesterday", "done", "last", "did")):
        return "past"
    if label.startswith("block"):
        return "blocker"
    return "next"


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after an initial ("L. Fernández") or "e.g."."""
    parts = re.split(r"(?<!\b[A-Z]\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+(?=\S)", text)
    return [p.strip() for p in parts if p.strip()]


def _author(lines: list[str]) -> str | None:
    """The note-taker or the signer of an email: who "I" is outside a conversation."""
    for line in lines[:6]:
        if match := AUTHOR.search(line):
            return next(name for name in match.groups() if name).strip()
    tail = [line.strip() for line in lines if line.strip()][-3:]
    for before, after in zip(tail, tail[1:], strict=False):
        if SIGN_OFF.match(before) and NAME_LINE.fullmatch(after):
            return after
    return None
