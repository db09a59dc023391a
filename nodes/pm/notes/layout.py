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
    IMPERATIVE,
    IRC,
    LABEL_WORDS,
    NAME_LINE,
    REACTIONS,
    SIGN_OFF,
    SPEAKER_COLON,
    SPEAKER_DASH,
    SPEAKER_STAMPED,
    STANDUP,
    TENSE_LABEL,
    WORK_HEADING,
)
from nodes.pm.notes.tables import (
    Row,
    aligned_rows,
    is_dash_header,
    is_table_line,
    read_cells,
    read_table,
)

# A note is read up to this size: longer text is a document, not notes.
MAX_LINES = 400
MAX_LINE = 2000
MAX_CLAUSES = 200
# Where one sentence holds two clauses: "did X, today Y", "that's me, I'll fix it",
# "estimates are needed - Irene volunteered to collect them".
_CUTS = re.compile(
    r"\s*;\s*|[,;]\s+(?=(?:and\s+)?(?:today|tomorrow|next|now|then)\b)"
    r"|,\s+(?:and\s+)?(?=I\s*(?:'ll|’ll|will|can)\b)|\s+and\s+(?=i\s*(?:'ll|’ll|will|can)\b)"
    r"|,\s+(?=(?:doing|working on|starting|picking up)\b)"
    r"|,\s+and\s+(?=we\s+(?:need|should|must|have to)\b)|,\s+and\s+(?=I'?m\s)"
    r"|,\s+(?:and|then|so)\s+(?=[A-Z][a-z]+\s+(?:said|is going to|will|agreed|offered)\b)"
    r"|,\s+(?=(?:he|she|they|we|i|nobody|someone|everyone)\s*(?:'ll|’ll|will|need|needs|should|"
    r"must|owns|agreed|offered)\b)"
    r"|,\s*(?:and\s+)?(?=@?[A-Z][^\W\d_]+\s+(?:will|'ll|needs to|is going to|should|must|"
    r"has to|owns|can|is on)\s)"
    r"|\s[—–-]\s(?=(?:[A-Z]\.\s?)?[A-Z][^\W\d_]+\s+(?:volunteered|will|'ll|to|agreed|offered|can)\b)"
)
_SIGNED = re.compile(
    r"^(?:(?:best|cheers|thanks|regards|best regards|kind regards|thx|br)[,!.]?\s+|[-—–]\s*)"
    r"(?P<name>[A-Za-z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)\s*$",
    re.I,
)
_GREETING = re.compile(
    r"^(?i:hi|hello|hey|dear)\s+(?P<name>[A-Z][\w'’-]+|(?i:managers|leads|team leads))\b"
    r"(?!\s+(?:all|team|everyone))"
)
# A piece that belongs to the sentence before: "(needs owner)", "— Nils", "Responsible: Tomasz".
_TAIL = re.compile(
    r"\([^)]*\)|\[[^\]]{1,40}\]|[—–-]\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?|"
    r"(?i:responsible|owner|assignee|who|dri|lead)\s*:\s*.{1,60}"
)
_POSTED = re.compile(
    r"^@?(?P<name>[\w.'’-]+(?:\s[A-Z][\w'’-]+)?)\s+(?:posted|submitted|shared)\s+"
    r"(?:an|their|a) update\b"
)
_LOWER_SPEAKER = re.compile(r"^(?P<name>[a-z][\w.-]{1,20}):\s+(?P<rest>.+)$")
_CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX✓✔]?)\]")
# Teams: "[2:14 PM] Gupta, Arjun" on its own line above the message.
_STAMPED_HEADER = re.compile(
    r"^\[\d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap][Mm])?\]\s+(?P<name>[A-Z][\w'’.-]*(?:,?\s[A-Z][\w'’.-]*){0,2})$"
)
_VTT_CUE = re.compile(r"^(?:WEBVTT\b.*|\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s+-->\s+.*|\d+)$")
_VTT_VOICE = re.compile(r"^<v\s+(?P<name>[^>]{1,40})>(?P<rest>.*?)(?:</v>)?$")
_QUOTED = re.compile(
    r"^(?:-{3,}\s*(?:forwarded message|original message)\s*-{3,}|-+\s*original message\s*-+|"
    r"on .{5,80} wrote:|begin forwarded message:?)$",
    re.I,
)
_LIST_LINE = re.compile(r"^(?:attendees|present|participants|apologies|attendance)\s*:", re.I)
_SLASHED = re.compile(r"\s+/\s+(?=(?:done|doing|blocked|next|today|yesterday|blockers?)\b)", re.I)
_FILLERS = re.compile(r",?\s*\b(?:um+|uh+|erm+|hmm+)\b[,.]?(?=\s|$)", re.I)
_SURNAME = re.compile(r"[A-Z][^\W\d_]+\s+[a-z]")
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
    terse: bool = False  # ops shorthand: arrows, lower case; a bare handle can be an owner
    addressee: str | None = None  # whom an email greets by name
    standup: bool = False


def lay_out(text: str) -> Layout:
    """The clauses of ``text`` with their speaker, section, tense and table row."""
    lines = [line[:MAX_LINE] for line in text.splitlines()[:MAX_LINES]]
    quoted = next((n for n, line in enumerate(lines) if _QUOTED.match(line.strip())), None)
    lines = lines[:quoted] if quoted else lines  # a forwarded message asks nothing of us
    layout = Layout(author=_author(lines), terse=_terse(lines), addressee=_addressee(lines))
    layout.standup = is_standup(lines)
    labelled = _speaker_lines(lines)
    section, speaker, index, blank, carried = "open", None, 0, False, ""
    title = next((n for n, line in enumerate(lines) if line.strip()), -1)
    while index < len(lines) and len(layout.clauses) < MAX_CLAUSES:
        stripped = lines[index].strip()
        index += 1
        if voiced := _VTT_VOICE.match(stripped):  # WebVTT: "<v Rebecca Liu>Sure, I can.</v>"
            stripped = f"{voiced.group('name')}: {voiced.group('rest')}"
        if _VTT_CUE.match(stripped):
            continue
        if not stripped or REACTIONS.match(stripped) or _signs_off(stripped, layout.author):
            blank = blank or not stripped
            continue
        if blank and section == "work" and not BULLET.match(stripped):
            section = "open"  # the action items ended with the list
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
        if is_table_line(stripped):
            block, index = _table_block(lines, index - 1)
            rows = read_table(block)
            if rows is not None:
                for row in rows:
                    layout.clauses.append(Clause(row.action, None, "work", "", row, index))
                continue
        if chat := CHAT_HEADER.match(stripped) or _STAMPED_HEADER.match(stripped):
            speaker = _first_last(chat.group("name").strip())
            layout.speakers.add(speaker)
            continue
        if _names_a_block(stripped, lines, index, layout.standup):
            speaker = stripped.strip("*_#: ").lstrip("@")
            layout.speakers.add(speaker)
            continue
        if (kind := _heading(stripped)) is not None:
            section, speaker = kind, None if labelled else speaker
            continue
        if index - 1 == title and _is_title(stripped, lines, labelled):
            layout.clauses.append(Clause(stripped, None, "context", "title", None, index))
            continue
        if posted := _POSTED.match(stripped):  # "@jorge.m posted an update for Daily Standup"
            speaker = posted.group("name")
            layout.speakers.add(speaker)
            continue
        checked = _CHECKBOX.match(stripped)
        said_by, body = _speaker(BULLET.sub("", stripped), labelled)
        if said_by:
            layout.speakers.add(said_by)
        if (label := TENSE_LABEL.fullmatch(body.strip() + " ")) is not None:
            carried = _tense(label.group("label") or label.group("short") or label.group("emoji"))
            continue  # "What will you do today?" alone: the answer is on the next line
        if checked:  # "[x] changelog drafted" is done; "[ ] docs updated" is work
            carried = "past" if checked.group("mark").strip() else carried
        here = "work" if checked and not checked.group("mark").strip() else section
        for clause in _line_clauses(body, said_by or speaker, here, index, carried):
            layout.clauses.append(clause)
        carried = ""
    return layout


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
    return not marked and not IRC.match(line) and not (labelled and _colon_speaker(line))


def _signs_off(line: str, author: str | None) -> bool:
    """An email's "Best," or "cheers" and the name under it."""
    if SIGN_OFF.match(line) or (author is not None and line.strip(" -—") == author):
        return True
    return author is not None and bool(_SIGNED.match(line)) and line.endswith(author)


def _first_last(name: str) -> str:
    """Say "Gupta, Arjun" as "Arjun Gupta"."""
    last, comma, first = name.partition(", ")
    return f"{first} {last}" if comma and first and " " not in first else name


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
        if not (len(bare.split()) <= 3 and HEADING_WORDS.fullmatch(bare.rstrip(":").lower())):
            return None
    if WORK_HEADING.search(bare):
        return "work"
    if CONTEXT_HEADING.search(bare) or "not committed" in line.lower():
        return "context"
    return "open"


def _names_a_block(line: str, lines: list[str], index: int, standup: bool = False) -> bool:
    """A name alone on its line, with bullets below: a standup block's owner."""
    bare = line.strip("*_#: ")
    if not NAME_LINE.fullmatch(bare) or bare.lower() in LABEL_WORDS:
        return False
    following = next((n.strip() for n in lines[index:] if n.strip()), "")
    if line.rstrip().endswith(":") and not NAME_LINE.fullmatch(following.strip("*_#: ")):
        return bool(following)  # "Gabriela Ortiz:" above her paragraph
    return bool(BULLET.match(following) or TENSE_LABEL.match(following)) or (
        standup and bool(following) and not NAME_LINE.fullmatch(following.strip("*_#: "))
    )


def _speaker_lines(lines: list[str]) -> bool:
    """Whether the note is a conversation: two or more lines said by named people."""
    standup = is_standup(lines)
    count = 0
    for line in lines:
        line = BULLET.sub("", line.strip())
        if (
            IRC.match(line)
            or _colon_speaker(line, standup)
            or (standup and SPEAKER_DASH.match(line))
        ):
            count += 1
    return count >= 2 or (count == 1 and standup)


def is_standup(lines: list[str]) -> bool:
    """A standup: said in its first lines, or several people's "yesterday"."""
    return any(STANDUP.search(line) for line in lines[:3]) or (
        sum("yesterday" in line.lower() for line in lines) >= 2
    )


def _colon_speaker(line: str, standup: bool = False) -> re.Match[str] | None:
    match = SPEAKER_STAMPED.match(line) or SPEAKER_COLON.match(line)
    if match is None and standup:
        match = _LOWER_SPEAKER.match(line)  # "jess: Y - patched the bastion hosts"
    if match and match.group("name").lower().lstrip("@") not in LABEL_WORDS:
        first = match.group("name").split()[0].lower()
        return None if first in LABEL_WORDS else match
    return None


def _speaker(line: str, labelled: bool) -> tuple[str | None, str]:
    """Who says ``line`` (when the note is a conversation) and what they say."""
    if not labelled:
        return None, line
    for match in (IRC.match(line), _colon_speaker(line, True), SPEAKER_DASH.match(line)):
        if match:
            return match.group("name").lstrip("@").strip(), match.group("rest")
    return None, line


def _line_clauses(
    text: str, speaker: str | None, section: str, index: int, tense: str = ""
) -> list[Clause]:
    """A line cut into sentences, each with the tense a standup label gives it."""
    found: list[Clause] = []
    if _LIST_LINE.match(text):  # "Attendees: Nordbank – Lars E.; Our side – Ramesh": one clause
        return [Clause(text, speaker, section, tense, None, index)]
    text = re.sub(r"\s{2,}", " ", _FILLERS.sub(" ", text)).strip()
    text = _SLASHED.sub(". ", text)  # "done X / doing Y / blocked no"
    text = re.sub(r"\b(\w+(?:\s\w+){0,2}),\s*\1\b", r"\1", text, flags=re.I)  # "can you, can you"
    for sentence in _sentences(text):
        if label := TENSE_LABEL.match(sentence):
            tense = _tense(label.group("label") or label.group("short") or label.group("emoji"))
            sentence = sentence[label.end() :]
        elif re.match(r"^(?:yesterday|last week)\b", sentence, re.I):
            tense = "past"
        elif re.match(r"^(?:today|tomorrow|next week)\b", sentence, re.I):
            tense = "next"
        parts = (_CUTS if section != "work" else _WORK_CUTS).split(sentence)
        for part in _task_list(parts) if tense == "next" else parts:
            part = part.strip(" \t,;")
            if (label := TENSE_LABEL.match(part)) and part is not parts[0]:
                tense = _tense(label.group("label") or label.group("short") or label.group("emoji"))
                part = part[label.end() :]  # "...; today fixing the timezone bug; blockers none"
            if len(part) >= 3:
                found.append(Clause(part, speaker, section, tense, None, index))
    return found


def _task_list(parts: list[str]) -> list[str]:
    """Today's plan as its tasks: "deploy X to staging, look at the alerts" is two."""
    found = []
    for part in parts:
        pieces = part.split(", ")
        found.append(pieces[0])
        for piece in pieces[1:]:
            if IMPERATIVE.match(re.sub(r"^(?:then|and)\s+", "", piece)):
                found.append(piece)
            else:
                found[-1] = f"{found[-1]}, {piece}"
    return found


def _tense(label: str) -> str:
    label = label.lower()
    if label[:1] in "✅✔☑":
        return "past"
    if label[:1] in "🚧⛔":
        return "blocker"
    if label.startswith(("yesterday", "done", "last", "did", "what did", "what i did", "y/t")):
        return "past"
    if label == "y":
        return "past"
    if label.startswith(("block", "anything", "imped")) or label == "b":
        return "blocker"
    return "next"


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after an initial ("L. Fernández") or "e.g."."""
    parts = re.split(
        r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\?\?)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)"
        r"(?<=[.!?])\s+(?=\S)",
        text,
    )
    found: list[str] = []
    for part in (p.strip() for p in parts if p.strip()):
        initial = re.search(r"(?:^|\s)[A-Z]\.$", found[-1]) if found else None
        listed = re.search(r"(?:^|[,:;(&]|\band)\s*[A-Z]\.$", found[-1]) if found else None
        joined = (
            initial
            and (_SURNAME.match(part) or part[:1].islower())
            or (listed and re.match(r"[A-Z][^\W\d_]+\b", part))
        )
        if found and (joined or _TAIL.fullmatch(part)):
            found[-1] = f"{found[-1]} {part}"  # "L. Fernández reported", "...? (needs owner)"
        else:
            found.append(part)
    return found


def _author(lines: list[str]) -> str | None:
    """The note-taker or the signer of an email: who "I" is outside a conversation."""
    for line in lines[:6]:
        if match := AUTHOR.search(line):
            return next(name for name in match.groups() if name).strip()
    tail = [line.strip() for line in lines if line.strip()][-4:]
    for before, after in zip(tail, tail[1:], strict=False):
        if SIGN_OFF.match(before) and NAME_LINE.fullmatch(after):
            return after
    for line in reversed(tail):
        if match := _SIGNED.match(line):  # "cheers, Ivo", "- jordan"
            return match.group("name")
    return None


def _addressee(lines: list[str]) -> str | None:
    """The one person an email greets ("Hello Michael, hello team"): whom "could you" asks."""
    for line in lines[:4]:
        if match := _GREETING.match(line.strip()):
            return match.group("name")
    return None
