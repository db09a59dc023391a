"""Who says each line of a note: chat headers, speaker labels, standup name blocks.

Formats read: ``Name: ...``, ``[10:02] name: ...``, ``<nick> ...``, chat exports with a
name and a time above each message (Slack, Teams ``[2:14 PM] Gupta, Arjun``, Discord
``zeph — Today at 19:02``), WebVTT ``<v Name>``, standup bots ("@x posted an update"),
``name - did X`` lines and a name above its bullets.
"""

from __future__ import annotations

import re

from nodes.pm.notes.patterns import (
    BULLET,
    IRC,
    LABEL_WORDS,
    NAME_LINE,
    SPEAKER_COLON,
    SPEAKER_DASH,
    SPEAKER_STAMPED,
    STANDUP,
    TENSE_LABEL,
)

POSTED = re.compile(
    r"^@?(?P<name>[\w.'’-]+(?:\s[A-Z][\w'’-]+)?)\s+(?:posted|submitted|shared)\s+"
    r"(?:an|their|a) update\b"
)


_LOWER_SPEAKER = re.compile(r"^(?P<name>[a-z][\w.-]{1,20}):\s+(?P<rest>.+)$")


# Teams: "[2:14 PM] Gupta, Arjun" on its own line above the message.
STAMPED_HEADER = re.compile(
    r"^\[\d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap][Mm])?\]\s+(?P<name>[A-Z][\w'’.-]*(?:,?\s[A-Z][\w'’.-]*){0,2})$"
)


VTT_CUE = re.compile(
    r"^(?:WEBVTT\b.*|\d{1,2}:\d{1,2}(?::\d{1,2})?[.,]\d{1,3}\s+-->\s+.*|\d+)$"
)  # "00:00:03.120 --> ...", Teams' "0:0:3.120 --> ..."


VTT_VOICE = re.compile(r"^<v\s+(?P<name>[^>]{1,40})>(?P<rest>.*?)(?:</v>)?$")


def first_last(name: str) -> str:
    """Say "Gupta, Arjun" as "Arjun Gupta"."""
    last, comma, first = name.partition(", ")
    return f"{first} {last}" if comma and first and " " not in first else name


def block_name(line: str) -> str:
    """The name a block's heading line gives: "**Jordan Pike (WFM)**" -> "Jordan Pike"."""
    bare = line.strip("*_#: ")
    named = re.fullmatch(r"(?P<n>[A-Z][\w'’-]+\s[A-Z][\w'’-]+)\s*\([A-Z][A-Za-z&/ ]{1,14}\)", bare)
    return named.group("n") if named else bare


def names_a_block(line: str, lines: list[str], index: int, standup: bool = False) -> bool:
    """A name alone on its line, with bullets below: a standup block's owner."""
    bare = block_name(line)
    if not NAME_LINE.fullmatch(bare) or bare.lower() in LABEL_WORDS:
        return False
    following = next((n.strip() for n in lines[index:] if n.strip()), "")
    before = next((n.strip() for n in reversed(lines[: index - 1]) if n.strip()), "")
    if bare.isupper() and len(bare) >= 3 and " " not in bare:
        # "KEEP", "TRY": a board's columns, and "OOO" answers "What did you do yesterday?";
        # "JPL" above "done: ..." is a person's initials.
        if not TENSE_LABEL.match(following) or TENSE_LABEL.fullmatch(before):
            return False
    if line.rstrip().endswith(":") and not NAME_LINE.fullmatch(following.strip("*_#: ")):
        return bool(following)  # "Gabriela Ortiz:" above her paragraph
    return bool(BULLET.match(following) or TENSE_LABEL.match(following)) or (
        standup and bool(following) and not NAME_LINE.fullmatch(following.strip("*_#: "))
    )


def is_conversation(lines: list[str]) -> bool:
    """Whether the note is a conversation: two or more lines said by named people."""
    standup = is_standup(lines)
    count = 0
    for line in lines:
        line = BULLET.sub("", line.strip())
        if (
            IRC.match(line)
            or colon_speaker(line, standup)
            or (standup and SPEAKER_DASH.match(line))
        ):
            count += 1
    return count >= 2 or (count == 1 and standup)


def is_standup(lines: list[str]) -> bool:
    """A standup: said in its first lines, or several people's "yesterday"."""
    return any(STANDUP.search(line) for line in lines[:3]) or (
        sum("yesterday" in line.lower() for line in lines) >= 2
    )


def colon_speaker(line: str, standup: bool = False) -> re.Match[str] | None:
    """A "Name: ..." line's speaker match, when the name is a person, not a label."""
    match = SPEAKER_STAMPED.match(line) or SPEAKER_COLON.match(line)
    if match is None and standup:
        match = _LOWER_SPEAKER.match(line)  # "jess: Y - patched the bastion hosts"
    if match and match.group("name").lower().lstrip("@") not in LABEL_WORDS:
        first = match.group("name").split()[0].lower()
        return None if first in LABEL_WORDS else match
    return None


def said_by(line: str, labelled: bool) -> tuple[str | None, str]:
    """Who says ``line`` (when the note is a conversation) and what they say."""
    if not labelled:
        return None, line
    dash = SPEAKER_DASH.match(line)
    if dash and dash.group("name").lower() in LABEL_WORDS:
        dash = None  # "today - fixing the SSO bug" is a standup label, not a speaker
    for match in (IRC.match(line), colon_speaker(line, True), dash):
        if match:
            return match.group("name").lstrip("@").strip(), match.group("rest")
    return None, line
