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

from nodes.pm.notes.mail import (
    QUOTED,
    addressee_of,
    author_of,
    greets,
    signature_start,
    signs_off,
)
from nodes.pm.notes.patterns import (
    BULLET,
    CHAT_HEADER,
    CONTEXT_HEADING,
    HEADING_WORDS,
    IRC,
    REACTIONS,
    SIGN_OFF,
    TENSE_LABEL,
    WORK_HEADING,
)
from nodes.pm.notes.sentences import Clause, label_of, line_clauses, tense_of
from nodes.pm.notes.speakers import (
    POSTED,
    STAMPED_HEADER,
    VTT_CUE,
    VTT_VOICE,
    block_name,
    colon_speaker,
    first_last,
    is_conversation,
    is_standup,
    names_a_block,
    said_by,
)
from nodes.pm.notes.tables import (
    aligned_rows,
    is_dash_header,
    is_spaced_header,
    is_table_line,
    read_cells,
    read_table,
    spaced_cells,
    spaced_rows,
)

# A note is read up to this size: longer text is a document, not notes.
MAX_LINES = 400
MAX_LINE = 2000
MAX_CLAUSES = 200
_CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX✓✔]?)\]")
# A heading that says whose the items below are: the greeted person's, or the writer's.
_SIDE = re.compile(
    r"\b(?:(?P<you>your side|could you|can you|for you|from you)|our side|my side|from me|on me)\b",
    re.I,
)
# A standup bot's quote mark ("> What will you do today?") or a status mark before a name
# ("✅ Nikolai P. — Done: ... Doing: ..."): not part of what is said.
_BOT_MARK = re.compile(
    r"^\s*>\s?|^\s*\*\*(?=[^*\s][^*]{0,30}\*\*\s*(?:\([^)]{1,20}\)\s*)?[—–:-])|"
    r"(?<=\w)\*\*(?=\s*(?:\([^)]{1,20}\)\s*)?[—–:-])|"  # "**sasha_fx** — y: ..."
    r"^\s*(?:✅|⛔|❌|🟢|🔴|🟡|☑️?|✔️?)\s*"
    r"(?=@?[A-Za-z][\w.'’-]*(?:\s[A-Z][\w.'’()-]*){0,2}\s+[—–-]\s)"
)
# What a speaker says of their own work: "I'll ...", "will ...", "I can ...".
_SPEAKS_FOR_SELF = re.compile(r"(?:i\s*(?:'ll|’ll|will|can|am going to)|will)\s", re.I)
_MAIL_HEADER = re.compile(r"^(?:from|to|cc|bcc|subject|sent|date|reply-to)\s*:\s", re.I)
# A sticky note's colour or column as exported from a board: "[green] ...", "[blue/action] ...".
_STICKY = re.compile(r"^\[(?P<tag>[A-Za-z][A-Za-z /-]{1,24})\]\s+")
_ACTION_TAG = re.compile(r"\b(?:actions?|to-?dos?|next steps?)\b", re.I)


@dataclass
class Layout:
    """A note's clauses, its author (note-taker or signer) and the people speaking."""

    clauses: list[Clause] = field(default_factory=list)
    author: str | None = None
    speakers: set[str] = field(default_factory=set)
    terse: bool = False  # ops shorthand: arrows, lower case; a bare handle can be an owner
    addressee: str | None = None  # whom an email greets by name
    standup: bool = False


def lay_out(text: str) -> Layout:
    """The clauses of ``text`` with their speaker, section, tense and table row."""
    lines = [line[:MAX_LINE] for line in text.splitlines()[:MAX_LINES]]
    if any(VTT_CUE.match(line.strip()) and "-->" in line for line in lines[:12]):  # captions
        lines = [_voiced(line) for line in lines if not VTT_CUE.match(line.strip())]
    quoted = next((n for n, line in enumerate(lines) if QUOTED.match(line.strip())), None)
    if quoted and not _answered_inline(lines[quoted + 1 :]):
        lines = lines[:quoted]  # a forwarded message asks nothing of us
    lines = [_BOT_MARK.sub("", line) for line in lines]
    signed = signature_start(lines)
    author = author_of(lines)
    lines = lines[:signed] if signed else lines  # "Best,\nAoife\nAccount Director"
    lines = _without_inline_signature(lines, author)  # "Next meeting in a month. — Hen"
    layout = Layout(author=author, terse=_terse(lines), addressee=addressee_of(lines))
    layout.standup = is_standup(lines)
    labelled = is_conversation(lines)
    section, speaker, index, blank, carried, listed = "open", None, 0, False, "", False
    sided: str | None = None  # the speaker a "your side" / "our side" heading gave
    title = next((n for n, line in enumerate(lines) if line.strip()), -1)
    while index < len(lines) and len(layout.clauses) < MAX_CLAUSES:
        stripped = lines[index].strip()
        index += 1
        if not stripped or REACTIONS.match(stripped) or signs_off(stripped, layout.author):
            blank = blank or not stripped
            continue
        if blank and section == "work" and not BULLET.match(stripped):
            section = "open"  # the action items ended with the list
        if section == "context" and listed and not BULLET.match(stripped):
            section = "open"  # "Decisions: Lars will ..." after a retro board's bullets
        listed = bool(BULLET.match(stripped))
        blank = False
        if is_dash_header(lines, index - 1):
            end = index + 1
            while end < len(lines) and lines[end].strip():
                end += 1
            rows = read_cells(aligned_rows(lines[index - 1 : end]))
            if rows is not None:
                layout.clauses.extend(Clause(r.action, None, "work", "", r, end) for r in rows)
                index = end
                continue
        if is_spaced_header(lines, index - 1):  # "Owner    Action    Target date"
            end = index
            while end < len(lines) and lines[end].strip() and len(spaced_cells(lines[end])) >= 2:
                end += 1
            rows = read_cells(spaced_rows(lines[index - 1 : end]))
            if rows is not None:
                layout.clauses.extend(Clause(r.action, None, "work", "", r, end) for r in rows)
                index = end
                continue
        if is_table_line(stripped):
            block, index = _table_block(lines, index - 1)
            rows = read_table(block)
            if rows is not None:
                for row in rows:
                    layout.clauses.append(Clause(row.action, None, "work", "", row, index))
                continue
        if chat := CHAT_HEADER.match(stripped) or STAMPED_HEADER.match(stripped):
            speaker = first_last(chat.group("name").strip())
            layout.speakers.add(speaker)
            continue
        if names_a_block(stripped, lines, index, layout.standup):
            speaker = block_name(stripped).lstrip("@")
            layout.speakers.add(speaker)
            continue
        if (kind := _heading(stripped)) is not None:
            sided = speaker if speaker is not None and speaker == sided else None
            section, speaker = kind, None if labelled or sided else speaker
            if (side := _SIDE.search(stripped)) is not None:  # "On your side — could you:"
                speaker = sided = layout.addressee if side.group("you") else layout.author
            continue
        if index - 1 == title and _is_title(stripped, lines, labelled):
            layout.clauses.append(Clause(stripped, None, "context", "title", None, index))
            continue
        if _MAIL_HEADER.match(stripped):  # "From: Sophie Laurent <sophie@...>", "Cc: ..."
            layout.clauses.append(Clause(stripped, None, "context", "title", None, index))
            continue
        if index <= 8 and not labelled and greets(stripped):
            layout.clauses.append(Clause(stripped, None, "context", "greeting", None, index))
            continue
        if posted := POSTED.match(stripped):  # "@jorge.m posted an update for Daily Standup"
            speaker = posted.group("name")
            layout.speakers.add(speaker)
            continue
        checked = _CHECKBOX.match(stripped)
        bare = BULLET.sub("", stripped)
        sticky = _STICKY.match(bare)  # a board export's "[red] ..." / "[blue/action] ..."
        who, body = said_by(bare[sticky.end() :] if sticky else bare, labelled)
        if who and speaker and who != speaker and _SPEAKS_FOR_SELF.match(body):
            who = None  # under Jordan's name, "Grace – I'll move your break" is Jordan's
        if who:
            layout.speakers.add(who)
        if (label := TENSE_LABEL.fullmatch(body.strip() + " ")) is not None:
            carried = tense_of(label_of(label))
            continue  # "What will you do today?" alone: the answer is on the next line
        if checked:  # "[x] changelog drafted" is done; "[ ] docs updated" is work
            carried = "past" if checked.group("mark").strip() else carried
        here = "work" if checked and not checked.group("mark").strip() else section
        if sticky and _ACTION_TAG.search(sticky.group("tag")):
            here = "work"
        for clause in line_clauses(body, who or speaker, here, index, carried):
            layout.clauses.append(clause)
        carried = ""
    return layout


def _answered_inline(after: list[str]) -> bool:
    """Whether a quoted message is answered point by point: quoted lines, then the reply's own.

    The quote is then part of the note (its points are what the replies take on); a quote
    only below the reply is a forwarded message and is cut.
    """
    quoting = False
    for line in (line.strip() for line in after):
        if line.startswith(">"):
            quoting = True
        elif line and quoting and not SIGN_OFF.match(line) and len(line.split()) > 2:
            return True
    return False


def _voiced(line: str) -> str:
    """A WebVTT cue's text as a speaker line: "<v Rebecca Liu>Sure.</v>" -> "Rebecca Liu: Sure."."""
    voiced = VTT_VOICE.match(line.strip())
    return f"{voiced.group('name')}: {voiced.group('rest')}" if voiced else line


def _terse(lines: list[str]) -> bool:
    """Ops shorthand: two or more arrows, or most lines in lower case."""
    filled = [BULLET.sub("", line.strip()) for line in lines if line.strip()]
    arrows = sum(bool(re.search(r"->|=>|→", line)) for line in filled)
    lower = sum(line[:1].islower() for line in filled)
    return arrows >= 2 or (len(filled) >= 3 and lower * 10 >= len(filled) * 6)


def _is_title(line: str, lines: list[str], labelled: bool) -> bool:
    """A short first line above the rest names the meeting: it is not an item."""
    if sum(bool(n.strip()) for n in lines) < 2 or len(line.split()) > 10:
        return False
    bare = re.sub(r"\([^)]*\)", "", line)  # "oncall handoff (jakob -> lin)"
    marked = BULLET.match(line) or re.search(r"@|->|=>|→|;|[.?!]$| (?:will|'ll|to) ", bare)
    return not marked and not IRC.match(line) and not (labelled and colon_speaker(line))


def _table_block(lines: list[str], start: int) -> tuple[list[str], int]:
    end = start
    while end < len(lines) and lines[end].strip() and is_table_line(lines[end].strip()):
        end += 1
    return [line.strip() for line in lines[start:end]], end


def _heading(line: str) -> str | None:
    """The section a heading line opens ("work", "context", "open"), or None."""
    bare = re.sub(r"^[#*_\s\W]+|[*_\s]+$", "", line).strip()
    bare = re.sub(r"\s*\((?:utc|not committed|[^)]{0,20})\)$", "", bare, flags=re.I)
    marked = re.match(r"#{1,6}\s", line) or (line.startswith("**") and line.endswith("**"))
    short = len(bare.split()) <= 6 and not re.search(r"[.?!]\s", bare)
    if not bare or not (marked or (short and line.rstrip("*").endswith(":"))):
        pieces = re.split(r"\s*(?:/|&|\band\b)\s*", bare.rstrip(":").lower())
        if not (len(bare.split()) <= 4 and all(HEADING_WORDS.fullmatch(p) for p in pieces)):
            return None  # "Learning / actions" is a heading, "Learning is fun" is not
    if WORK_HEADING.search(bare):
        return "work"
    if CONTEXT_HEADING.search(bare) or "not committed" in line.lower():
        return "context"
    return "open"


def _without_inline_signature(lines: list[str], author: str | None) -> list[str]:
    """The lines with the writer's name cut from the end of the last one, if it signs it."""
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if not author or not filled:
        return lines
    last = filled[-1]
    cut = re.sub(rf"(?<=[.!?])\s+[—–]\s*{re.escape(author)}\s*$", "", lines[last])
    return [*lines[:last], cut, *lines[last + 1 :]]
