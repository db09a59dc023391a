"""Emails in notes: who signed (the "I" of the note), whom it greets, where a forward starts."""

from __future__ import annotations

import re

from nodes.pm.notes.patterns import AUTHOR, NAME_LINE, SIGN_OFF

_SIGNED = re.compile(
    r"(?:^(?:(?:best|cheers|thanks|regards|best regards|kind regards|thx|br|best wishes|"
    r"warm regards|all the best|many thanks)[,!.]?\s+|[-—–]\s*)|"
    r"(?<=[.!?])\s+[—–]\s*(?=(?-i:[A-Z])))"  # "... next meeting in a month. — Hen"
    r"(?P<name>[A-Za-z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)\s*$",
    re.I,
)


_GREETING = re.compile(
    r"^(?i:hi|hello|hey|dear|hiya|ciao|hola|hallo|hej|hei|bonjour|salut|olá|ola|oi|buongiorno|"
    r"good morning|morning)\s+@?(?P<name>(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s)?[A-Z][\w'’-]+|"
    r"(?<=@)[a-z][\w.-]+|"
    r"(?i:managers|leads|team leads))\b(?!\s+(?:all|team|everyone))(?![,\s]+[A-Z][\w'’-]+\s*,?$)"
)


# "Claire," alone on its line above the message.
_NAME_ALONE = re.compile(r"^(?P<name>(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s)?[A-Z][\w'’-]+),$")
_CREDENTIALS = re.compile(r"\s*(?:,\s*[A-Z][A-Za-z.]{1,6}|\s[|–—-]\s.*)$")
_FROM = re.compile(r"^From:\s*(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s*(?:<[^>]*>)?$")
QUOTED = re.compile(
    r"^(?:>\s*)?(?:-{3,}\s*(?:forwarded message|original message)\s*-{3,}|"
    r"-+\s*original message\s*-+|on .{5,80} wrote:|begin forwarded message:?)$",
    re.I,
)


def signs_off(line: str, author: str | None) -> bool:
    """An email's "Best," or "cheers" and the name under it."""
    if SIGN_OFF.match(line) or (author is not None and line.strip(" -—") == author):
        return True
    return author is not None and bool(_SIGNED.match(line)) and line.endswith(author)


def author_of(lines: list[str]) -> str | None:
    """The note-taker or the signer of an email: who "I" is outside a conversation."""
    for line in lines[:6]:
        if match := AUTHOR.search(line):
            return next(name for name in match.groups() if name).strip()
    tail = [line.strip() for line in lines if line.strip()][-4:]
    for before, after in zip(tail, tail[1:], strict=False):
        after = _CREDENTIALS.sub("", after)  # "Aisha Rahman, AIA", "Pavel Kos | Kos Freight"
        if SIGN_OFF.match(before) and NAME_LINE.fullmatch(after):
            return after
    for line in reversed(tail):
        if match := _SIGNED.search(line):  # "cheers, Ivo", "- jordan"
            return match.group("name")
    for line in lines[:6]:
        if match := _FROM.match(line.strip()):  # "From: Aleksandra Petrova"
            return match.group("name")
    return None


def signature_start(lines: list[str]) -> int | None:
    """Where an email's signature starts: the sign-off ("Best,") among the last lines."""
    filled = [n for n, line in enumerate(lines) if line.strip()]
    for n in reversed(filled[-6:]):
        if SIGN_OFF.match(lines[n].strip()):
            return n
    return None


def greets(line: str) -> bool:
    """Whether ``line`` opens a message to someone ("hey @tess — recap from ...", "Claire,")."""
    asks = re.search(r"\?|\b(?:can|could|would) (?:you|u)\b|\b(?:please|pls)\b", line, re.I)
    return not asks and bool(_GREETING.match(line) or _NAME_ALONE.match(line))


def addressee_of(lines: list[str]) -> str | None:
    """The one person an email greets ("Hello Michael, hello team"): whom "could you" asks."""
    for line in lines[:8]:
        if match := _GREETING.match(line.strip()) or _NAME_ALONE.match(line.strip()):
            return match.group("name")
    return None
