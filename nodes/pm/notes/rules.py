"""Meeting notes or chat to action items: who does what, by when.

Two readers agree on each clause of the notes:

- rules: the shapes action items take ("Noor will fix X by Friday", "Tomasz owns X",
  "we still need X", "Action: Lee - X", "@kim please X");
- the orchestrator's model, under a grammar, one verdict per numbered clause (so an
  item phrased in a way no rule knows is still found).

The model's owner and task are kept only when grounded in the clause (the owner is a
name written there, the task shares most of its words); otherwise the rule's reading
stands. A clause with no sign of work to do (no modal, no request, no owner verb) is
never an action item, whatever the model says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from nodes.pm.notes.due_dates import find_due
from nodes.pm.notes.patterns import (
    ASSIGNED,
    ASSIGNED_FIRST,
    AT,
    BULLET,
    CUE,
    HEADER,
    IMPERATIVE,
    LABEL,
    LATER,
    MARKER,
    NEXT_OWNER,
    NOT_NAMES,
    OWNED,
    OWNERLESS,
    SENTENCE,
    VERB_TITLE,
)

MAX_CLAUSES = 24


@dataclass(frozen=True)
class ActionItem:
    """One piece of work found in the notes."""

    title: str
    owner: str | None
    due: date | None
    source: str  # the clause it came from


def clauses(text: str) -> list[str]:
    """The notes cut into clauses: lines, sentences and ``;``-separated parts."""
    found = []
    for line in text.splitlines() or [text]:
        line = BULLET.sub("", line).strip()
        if not line or HEADER.match(line):
            continue
        for sentence in SENTENCE.split(line):
            for part in _by_owner(LABEL.sub("", sentence)):
                part = part.strip(" \t.,")
                if len(part) >= 4:
                    found.append(part)
    return found[:MAX_CLAUSES]


def _by_owner(sentence: str) -> list[str]:
    """One clause per named owner ("Lee will deploy it, Ana needs to update the page")."""
    parts, start = [], 0
    for match in NEXT_OWNER.finditer(sentence):
        if match.group("owner").split()[0].lower() in NOT_NAMES:
            continue
        parts.append(sentence[start : match.start()])
        start = match.start("owner")
    return [*parts, sentence[start:]]


def rule_reading(clause: str, today: date) -> ActionItem | None:
    """The clause as an action item by the rules, or None when no rule sees one."""
    due, rest = find_due(clause, today)
    owner = None
    marked = MARKER.match(rest)
    if marked:
        rest = rest[marked.end() :]
    if match := OWNED.match(rest):
        candidate = match.group("owner")
        if _is_name(candidate):
            owner, rest = candidate, match.group("rest")
            lead = VERB_TITLE.get(match.group("verb").lower())
            rest = f"{lead} {rest}" if lead else rest
            if later := LATER.search(rest):
                rest = later.group("rest")
    if owner is None and (match := ASSIGNED_FIRST.match(rest)) and _is_name(match.group("owner")):
        owner, rest = match.group("owner"), match.group("rest")
    if owner is None and (match := ASSIGNED.match(rest)) and _is_name(match.group("owner")):
        owner, rest = match.group("owner"), match.group("rest")
    if owner is None and (match := AT.search(rest)):
        owner = match.group("owner").capitalize()
        rest = (rest[: match.start()] + rest[match.end() :]).strip(" ,:")
        rest = re.sub(r"^(?:please|pls|can you|could you)\s+", "", rest, flags=re.I)
    if owner is None:
        match = OWNERLESS.match(rest)
        if match is not None:
            rest = match.group("rest")
        elif not (marked or IMPERATIVE.match(rest)):
            return None
    title = tidy_title(rest)
    return ActionItem(title, owner, due, clause) if title else None


def tidy_title(text: str) -> str:
    """A ticket title from the words of an action: no filler, capitalised."""
    text = re.sub(r"^(?:to|also|then|please|going to|be)\s+", "", text.strip(), flags=re.I)
    if not re.match(r"^(?:look into|fix|write)\b", text, re.I):
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = text.strip(" \t.,;:-–—")
    return (text[:1].upper() + text[1:])[:200] if len(text) >= 3 else ""


def has_cue(clause: str) -> bool:
    """Whether the clause shows any sign of work to do."""
    return bool(CUE.search(clause) or AT.search(clause))


def merge(
    clause: str, rule: ActionItem | None, verdict: dict[str, Any] | None, today: date
) -> ActionItem | None:
    """The rules' reading and the model's verdict on one clause, made one action item."""
    if verdict is None or verdict.get("action") is not True:
        return rule
    if rule is None and not has_cue(clause):
        return None  # the model sees work where the clause shows none: not trusted
    due, _ = find_due(clause, today)
    owner = rule.owner if rule else None
    said = str(verdict.get("owner") or "").strip().lstrip("@")
    if owner is None and said and _grounded_name(said, clause):
        owner = said
    title = rule.title if rule else ""
    task = tidy_title(str(verdict.get("task") or ""))
    if not title and task and _grounded_words(task, clause):
        title = task
    if not title:
        _, rest = find_due(clause, today)
        title = tidy_title(rest)
    return ActionItem(title, owner, due, clause) if title else None


def _is_name(word: str) -> bool:
    return word.split()[0].lower() not in NOT_NAMES


def _grounded_name(name: str, clause: str) -> bool:
    first = name.split()[0]
    return _is_name(first) and re.search(rf"\b{re.escape(first)}\b", clause) is not None


def _grounded_words(task: str, clause: str) -> bool:
    words = set(re.findall(r"[a-z0-9]+", task.lower()))
    seen = set(re.findall(r"[a-z0-9]+", clause.lower()))
    return bool(words) and len(words & seen) / len(words) >= 0.6
