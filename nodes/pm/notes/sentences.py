"""A note's lines cut into clauses, each with the tense a standup label gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nodes.pm.notes.patterns import IMPERATIVE, TENSE_LABEL
from nodes.pm.notes.tables import Row

# Where one sentence holds two clauses: "did X, today Y", "that's me, I'll fix it",
# "estimates are needed - Irene volunteered to collect them".
_CUTS = re.compile(
    r"[,.]?\s+(?=(?:t|y|b|tdy|tmrw|today|blockers?)\s*:\s)|"
    r"[;,]?\s*(?:and\s+)?\((?:i{1,3}|iv|vi{0,3}|[a-h]|\d{1,2})\)\s+|"  # "(ii) MSAT will ..."
    r"\s*;\s*|[,;]\s+(?=(?:and\s+)?(?:today|tomorrow|next|now|then)\b)"
    r"|,\s+(?:and\s+)?(?=I\s*(?:'ll|’ll|will|can)\b)|\s+and\s+(?=i\s*(?:'ll|’ll|will|can)\b)"
    r"|,\s+(?=(?:doing|working on|starting|picking up)\b)"
    r"|,\s+and\s+(?=we\s+(?:need|should|must|have to)\b)|,\s+and\s+(?=I'?m\s)"
    r"|,\s+(?:and|then|so)\s+(?=[A-Z][^\W\d_]+\s+(?:said|is going to|will|agreed|offered)\b)"
    r"|,?\s+and\s+that\s+(?=(?:he|she|they|[A-Z][^\W\d_]+)\s+(?:would|will|should)\b)"
    r"|\s+(?:and\s+)?(?=(?:somebody|someone|anybody|anyone)\s+(?:has to|needs to|should|must)\b)"
    r"|\s+and\s+(?=(?:can|could)\s+(?:someone|somebody|anyone|you)\b)"
    r"|,\s+(?:and\s+)?(?=(?:he|she|they|we|i|nobody|someone|everyone)\s*(?:also\s+)?"
    r"(?:'ll|’ll|will|need|needs|should|"
    r"must|owns|agreed|offered)\b)"
    r"|,?\s+and\s+(?=it\s+was\s+(?:also\s+)?agreed\b)"
    r"|,\s+(?=[A-Z][^\W\d_]+\s+said\s+(?:he|she|they)\s*(?:'d|’d|'ll|’ll|would|will)\s)"
    r"|\s+and\s+(?=will\s+[a-z]+\s)"  # "She thinks X and will put together Y" (subject added)
    r"|,?\s+(?:but|and)\s+(?=(?:someone|somebody)\b)"
    r"|,\s*(?:and\s+)?(?=(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s)?@?[A-Z][^\W\d_]+\s+"
    r"(?:will|'ll|needs to|is going to|should|must|has to|owns|can|is on)\s)"
    r"|\s[—–-]\s(?=(?:[A-Z]\.\s?)?[A-Z][^\W\d_]+\s+(?:volunteered|will|'ll|to|agreed|offered|can)\b)"
)


# A piece that belongs to the sentence before: "(needs owner)", "— Nils", "Responsible: Tomasz".
_TAIL = re.compile(
    r"\([^)]*\)|\[[^\]]{1,40}\]|[—–-]\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?|"
    r"(?i:responsible|owner|assignee|who|dri|lead)\s*:\s*.{1,60}"
)


_LIST_LINE = re.compile(r"^(?:attendees|present|participants|apologies|attendance)\s*:", re.I)


_SLASHED = re.compile(r"\s+/\s+(?=(?:done|doing|blocked|next|today|yesterday|blockers?)\b)", re.I)


_FILLERS = re.compile(r",?\s*\b(?:um+|uh+|erm+|hmm+)\b[,.]?(?=\s|$)", re.I)


_SURNAME = re.compile(r"[A-Z][^\W\d_]+\s+[a-z]")


# Under an action-items heading "X - Pavel will Y" is one item owned by Pavel.
# The subject a sentence starts with, for a part cut off after it: "She ... and will ...".
_SUBJECT = re.compile(
    r"^(?:(?:and|so|but|also)\s+)?(?P<s>[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|"
    r"(?:(?:Mr|Ms|Mrs|Dr)\.?\s)?[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?)\s+[a-z]"
)
_WORK_CUTS = re.compile(r"\s*;\s*|[,;]\s+(?=(?:and\s+)?(?:today|tomorrow|now)\b)")


@dataclass(frozen=True)
class Clause:
    """One clause of a note with what surrounds it."""

    text: str
    speaker: str | None = None  # who said it, or whose standup block it is in
    section: str = "open"  # "work" (action items), "context" (timeline, went well), "open"
    tense: str = ""  # "past", "next", "blocker" (a standup's own labels), "title", "greeting"
    row: Row | None = None  # the table row it came from
    line: int = 0


def line_clauses(
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
            tense = tense_of(label_of(label))
            sentence = sentence[label.end() :]
        elif re.match(r"^(?:yesterday|last week)\b", sentence, re.I):
            tense = "past"
        elif re.match(r"^(?:today|tomorrow|next week)\b", sentence, re.I):
            tense = "next"
        parts = (_CUTS if section != "work" else _WORK_CUTS).split(sentence)
        subject = _SUBJECT.match(sentence)
        for part in _task_list(parts) if tense == "next" else parts:
            part = part.strip(" \t,;")
            if subject and part is not parts[0] and part.startswith("will "):
                part = f"{subject.group('s')} {part}"  # "She thinks X ... and will put together Y"
            if (label := TENSE_LABEL.match(part)) and part is not parts[0]:
                tense = tense_of(
                    label.group("label") or label.group("short") or label.group("emoji")
                )
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


def label_of(label: re.Match[str]) -> str:
    """The word a tense label matched ("today", "Y", "✅")."""
    return label.group("label") or label.group("short") or label.group("emoji")


def tense_of(label: str) -> str:
    """The tense a standup label gives what follows: "past", "next" or "blocker"."""
    label = label.lower()
    if label[:1] in "✅✔☑":
        return "past"
    if label[:1] in "🚧⛔":
        return "blocker"
    if label.startswith("y/t"):
        return "next"  # the same yesterday and today: still to do
    if label.startswith(("yesterday", "done", "last", "did", "what did", "what i did", "yday")):
        return "past"
    if label in ("y", "yest", "ytd"):
        return "past"
    if label.startswith(("block", "anything", "imped")) or label == "b":
        return "blocker"
    return "next"


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after an initial ("L. Fernández") or "e.g."."""
    parts = re.split(
        r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\?\?)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)"
        r"(?<!\bCllr\.)(?<!\bProf\.)(?<!\bSt\.)"
        r"(?<=[.!?])\s+(?=\S)",
        text,
    )
    found: list[str] = []
    for part in (p.strip() for p in parts if p.strip()):
        initial = re.search(r"(?:^|\s|\.)[A-Z]\.$", found[-1]) if found else None
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
